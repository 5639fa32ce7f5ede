"""``adalat run`` and its children as real processes, on the test database: start it, find the
processes it started, wait for what they do."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

PROC = Path("/proc")


def database_url() -> str:
    """The test database, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(data_dir: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "adalat.settings",
        "ADALAT_DATA_DIR": str(data_dir),
        "ADALAT_JURISDICTION": str(settings.JURISDICTION_PACK),
        "PYTHONPATH": str(Path(settings.BASE_DIR)),
    }


def parent_of(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return None if fields[0] == "Z" else int(fields[1])


def command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(pid: int) -> set[int]:
    """Every living process under ``pid``: its children, theirs, and so on."""
    parents = {int(p.name): parent_of(int(p.name)) for p in PROC.iterdir() if p.name.isdigit()}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if parent_of(pid) is not None}


def wait_for(condition: Callable[[], object], *, seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what or condition}")
        time.sleep(0.2)


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def workers(pid: int) -> set[int]:
    """The task workers among the processes under ``pid``."""
    return {p for p in descendants(pid) if "adalat.cli worker" in command_line(p)}


def output(data_dir: Path) -> str:
    """What ``adalat run`` and its children wrote so far (standard output and error)."""
    return (data_dir / "run.log").read_text(errors="replace")


@contextmanager
def adalat_run(data_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``adalat run`` serving on ``port``, once it answers; whatever it left is ended afterwards.
    Its output is in ``data_dir / "run.log"``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "run.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "adalat.cli", "run", "--port", str(port), "--workers", "1", "--threads", "2"],
            env=environment(data_dir),
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started: set[int] = set()
    try:
        wait_for(lambda: answers(port) or process.poll() is not None, what="the web server")
        assert process.poll() is None, output(data_dir)
        wait_for(lambda: workers(process.pid), what="the task worker")
        started = descendants(process.pid)
        yield process
    finally:
        for pid in alive(started | descendants(process.pid)):
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def socket_host() -> str:
    """This host's name as task workers are named after it."""
    return socket.gethostname()[:30]
