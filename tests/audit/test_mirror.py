"""The second copy of each checkpoint: into a folder elsewhere, or sent to a service that accepts
it. A copy that fails is logged and said by verification, and the local checkpoint stays."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from adalat.audit import checkpoints, mirror
from adalat.audit.check import audit_check
from adalat.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Service:
    """A small HTTP service on this machine that takes checkpoints (or refuses them)."""

    url: str
    status: int = 201
    received: list[Received] = field(default_factory=list)


@pytest.fixture
def service() -> Iterator[Service]:
    state = Service(url="")

    class Handler(BaseHTTPRequestHandler):
        def _take(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.received.append(Received(self.command, self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = _take  # noqa: N815 (the names http.server calls)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_checkpoint_is_posted_to_the_mirror_url(
    log: list[AuditEntry], audit_files: Path, settings: Settings, service: Service
) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = f"{service.url}/checkpoints"
    checkpoint, path = checkpoints.checkpoint_write()

    [sent] = service.received
    assert (sent.method, sent.path) == ("POST", "/checkpoints")
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["X-Adalat-Checkpoint"] == path.name
    assert sent.body == path.read_bytes()
    assert checkpoints.Checkpoint.from_json(sent.body.decode()) == checkpoint
    assert audit_check(workers=1).mirror.problem is None


def test_a_url_ending_in_a_slash_takes_each_file_by_put_with_the_credentials_given(
    log: list[AuditEntry], audit_files: Path, settings: Settings, service: Service
) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = service.url.replace("http://", "http://auditor:s3cret@") + "/store/"
    _checkpoint, path = checkpoints.checkpoint_write()

    [sent] = service.received
    assert (sent.method, sent.path) == ("PUT", f"/store/{path.name}")
    assert sent.headers["Authorization"] == "Basic YXVkaXRvcjpzM2NyZXQ="  # auditor:s3cret
    receipt = mirror.receipt_path(path).read_text()
    assert receipt.startswith(f"PUT {service.url}/store/ 201 ") and "s3cret" not in receipt


def test_a_refused_copy_is_logged_keeps_the_local_checkpoint_and_is_said_by_verify(
    log: list[AuditEntry], audit_files: Path, settings: Settings, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = service.url.replace("http://", "http://auditor:s3cret@") + "/checkpoints"
    service.status = 503
    with caplog.at_level(logging.ERROR, logger="adalat.audit.mirror"):
        _checkpoint, path = checkpoints.checkpoint_write()

    assert len(service.received) == 1
    assert json.loads(path.read_text())["head_seq"] == len(log)
    assert checkpoints.checkpoint_files() == [path]
    [record] = caplog.records
    assert record.getMessage() == (
        f"The audit checkpoint {path.name} has no copy in the mirror {service.url}/checkpoints: "
        "the mirror answered 503 Service Unavailable."
    )
    check = audit_check(workers=1)
    assert check.whole
    assert check.mirror.problem == (
        f"The latest checkpoint, {path.name}, has no copy in the mirror {service.url}/checkpoints."
    )


def test_a_mirror_that_cannot_be_reached_does_not_stop_the_checkpoint(
    log: list[AuditEntry], audit_files: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = "http://127.0.0.1:9/checkpoints"  # the discard port: nothing listens
    with caplog.at_level(logging.ERROR, logger="adalat.audit.mirror"):
        _checkpoint, path = checkpoints.checkpoint_write()
    assert path.is_file()
    assert "the mirror cannot be reached" in caplog.text


def test_a_mirror_folder_gets_the_same_file(log: list[AuditEntry], audit_files: Path, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = str(audit_files / "elsewhere")
    _checkpoint, path = checkpoints.checkpoint_write()
    copy = audit_files / "elsewhere" / path.name
    assert copy.read_bytes() == path.read_bytes()
    assert [p.name for p in (audit_files / "elsewhere").iterdir()] == [path.name]


def test_a_different_file_of_the_same_name_in_the_mirror_is_not_overwritten(
    log: list[AuditEntry], audit_files: Path, settings: Settings
) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = str(audit_files / "elsewhere")
    _checkpoint, path = checkpoints.checkpoint_write()
    (audit_files / "elsewhere" / path.name).write_text("kept as it was")
    assert mirror.copy(path) == f"another file named {path.name} is already in the mirror."
    assert (audit_files / "elsewhere" / path.name).read_text() == "kept as it was"
