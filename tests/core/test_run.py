from __future__ import annotations

import io
import signal
import subprocess
import sys
import threading
import time

import pytest

from adalat.core.management.commands.run import Command, browser_url, exit_status

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _start(code: str = "") -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code] if code else SLEEPER, start_new_session=True)  # noqa: S603


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


def test_when_one_child_dies_the_other_is_stopped_and_the_failure_reported() -> None:
    server, worker = _start(), _start("import sys; sys.exit(3)")
    command = _command()

    status = command._supervise({"web server": server, "task worker": worker})

    assert status == 3
    assert server.wait(timeout=5) == -signal.SIGTERM
    assert "task worker stopped (exit status 3)" in command.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_stop_signal_is_passed_to_both_children_and_the_exit_is_clean() -> None:
    server, worker = _start(), _start()
    before = signal.getsignal(signal.SIGTERM)

    def stop_once_supervising() -> None:  # as `kill` would, once the handler is in place
        deadline = time.monotonic() + 10
        while signal.getsignal(signal.SIGTERM) is before and time.monotonic() < deadline:
            time.sleep(0.01)
        signal.raise_signal(signal.SIGTERM)

    threading.Thread(target=stop_once_supervising, daemon=True).start()
    status = _command()._supervise({"web server": server, "task worker": worker})

    assert status == 0
    assert server.wait(timeout=5) == worker.wait(timeout=5) == -signal.SIGTERM
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
