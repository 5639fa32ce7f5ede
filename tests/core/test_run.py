"""``adalat run``: its children stop with it however it ends, a task worker that dies is started
again, and the audit log gets a signed checkpoint as it starts and as it stops."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.core.management.commands import run
from adalat.core.management.commands.run import Child, Command, browser_url, exit_status
from tests.core import running
from tests.core.slow_tasks import note_and_wait

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")


def _child(name: str, code: str = "", *, restart: bool = False) -> Child:
    child = Child(name, [sys.executable, "-c", code] if code else SLEEPER, restart=restart)
    child.start()
    return child


def _command() -> Command:
    return Command(stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("0.0.0.0:9000", "http://127.0.0.1:9000/"),
        ("[::]:8080", "http://127.0.0.1:8080/"),
        ("example.org:80", "http://example.org:80/"),
    ],
)
def test_the_address_to_open_follows_the_bind(bind: str, url: str) -> None:
    assert browser_url(bind) == url


def test_when_the_server_dies_the_worker_is_stopped_and_the_failure_reported() -> None:
    server, worker = _child("web server", "import sys; sys.exit(3)"), _child("task worker", restart=True)
    command = _command()

    status = command._supervise([server, worker])

    assert status == 3
    assert worker.process is not None and worker.process.wait(timeout=5) == -signal.SIGTERM
    assert "web server stopped (exit status 3)" in command.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_worker_that_dies_is_started_again_after_a_pause_that_grows(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(run, "RESTART_DELAYS", (0, 0.1, 0.2))
    server = _child("web server")
    worker = _child("task worker", "import sys; sys.exit(5)", restart=True)
    pids = [worker.process.pid if worker.process else 0]
    original = Child.start

    def start(self: Child) -> None:
        original(self)
        pids.append(self.process.pid if self.process else 0)
        if len(pids) == 4 and server.process is not None:  # after three restarts, the server ends
            server.process.terminate()

    monkeypatch.setattr(Child, "start", start)
    with caplog.at_level(logging.WARNING, logger="adalat.run"):
        status = _command()._supervise([server, worker])

    assert status == exit_status(-signal.SIGTERM, asked_to_stop=False)
    assert len(set(pids)) == 4
    stopped = re.compile(r"The task worker stopped \(exit status 5\) after \d+ s; it is started again in ([\d.]+) s\.")
    messages = [record.getMessage() for record in caplog.records]
    assert [m.group(1) for m in map(stopped.fullmatch, messages[::2]) if m] == ["0.1", "0.2", "0.2"]
    assert messages[1::2] == [f"The task worker is started again (process {pid})." for pid in pids[1:]]


def test_a_stop_signal_is_passed_to_both_children_and_the_exit_is_clean() -> None:
    server, worker = _child("web server"), _child("task worker", restart=True)
    before = signal.getsignal(signal.SIGTERM)

    def stop_once_supervising() -> None:  # as `kill` would, once the handler is in place
        deadline = time.monotonic() + 10
        while signal.getsignal(signal.SIGTERM) is before and time.monotonic() < deadline:
            time.sleep(0.01)
        signal.raise_signal(signal.SIGTERM)

    threading.Thread(target=stop_once_supervising, daemon=True).start()
    status = _command()._supervise([server, worker])

    assert status == 0
    assert server.process is not None and worker.process is not None
    assert server.process.wait(timeout=5) == worker.process.wait(timeout=5) == -signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize(
    ("code", "asked", "status"),
    [
        (0, True, 0),
        (-signal.SIGTERM, True, 0),
        (-signal.SIGINT, True, 0),
        (0, False, 1),
        (2, False, 2),
        (-9, False, 137),
    ],
)
def test_the_exit_status_says_whether_the_stop_was_asked_for(code: int, asked: bool, status: int) -> None:
    assert exit_status(code, asked_to_stop=asked) == status


# --- The real thing: adalat run, gunicorn and the task worker as processes ------------------------


def refuses(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) != 0


@linux_only
@pytest.mark.django_db(transaction=True)
def test_killing_adalat_run_outright_stops_the_server_and_the_worker(tmp_path: Path) -> None:
    port = running.free_port()
    with running.adalat_run(tmp_path, port) as process:
        children = running.descendants(process.pid)
        assert len(children) >= 3  # the gunicorn master, its worker, the task worker

        os.kill(process.pid, signal.SIGKILL)

        running.wait_for(lambda: not running.alive(children), seconds=30, what="the children to stop")
        assert refuses(port)


@linux_only
@pytest.mark.django_db(transaction=True)
def test_a_task_worker_killed_in_a_task_is_started_again_and_the_task_run_again(tmp_path: Path) -> None:
    notes = tmp_path / "runs"
    notes.mkdir()
    with running.adalat_run(tmp_path / "data", running.free_port()) as process:
        with transaction.atomic():
            result = note_and_wait.enqueue(str(notes))
        running.wait_for(lambda: (notes / "run-0").exists(), what="the task to start")
        [worker] = running.workers(process.pid)

        os.kill(worker, signal.SIGKILL)

        running.wait_for(lambda: (notes / "run-1").exists(), what="the task to run again")
        running.wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            what="the task to succeed",
        )
        [again] = running.workers(process.pid)
        assert again != worker
        log = running.output(tmp_path / "data")
        assert "The task worker stopped (exit status -9)" in log
        assert f"was left running by worker {running.socket_host()}/{worker}/" in log

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0


@linux_only
@pytest.mark.django_db(transaction=True)
def test_adalat_run_signs_a_checkpoint_as_it_starts_and_as_it_stops(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with running.adalat_run(data, running.free_port()) as process:
        first = sorted((data / "audit-checkpoints").glob("*.json"))
        assert len(first) == 1

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0

    files = sorted((data / "audit-checkpoints").glob("*.json"))
    assert len(files) == 2 and files[0] == first[0]
    assert json.loads(files[1].read_text())["format"] == "adalat-audit-checkpoint/1"
    log = running.output(data)
    assert f"audit checkpoint: {first[0]}" in log and f"audit checkpoint: {files[1]}" in log


@linux_only
def test_a_child_started_by_adalat_run_ends_when_it_does() -> None:
    """The parent-death signal, without the rest of adalat run: a process that starts a child
    the way adalat run does, then is killed outright."""
    code = (
        "import subprocess, sys, time; from adalat.core.management.commands.run import Child; "
        "child = Child('sleeper', [sys.executable, '-c', 'import time; time.sleep(60)']); child.start(); "
        "print(child.process.pid, flush=True); time.sleep(60)"
    )
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)  # noqa: S603
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        parent.kill()
        parent.wait()
        running.wait_for(lambda: not running.alive({child}), seconds=10, what="the child to end")
    finally:
        if running.alive({child}):
            os.kill(child, signal.SIGKILL)
