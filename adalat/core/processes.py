"""Child processes that do not outlive the process that started them, and task workers whose
claimed tasks are not lost when one of them is killed.

On Linux a child asks the kernel, between ``fork`` and ``exec``, for SIGTERM when its parent
dies (``prctl(PR_SET_PDEATHSIG)``): this needs nothing of the parent, so it works when the parent
is killed with SIGKILL. Elsewhere (macOS, for development) the children outlive a parent killed
that way.

A task worker is named after its host, its process id and the moment that process started (the
boot and the start time, from ``/proc``), so that a worker on the same host can tell that it is
gone, even when its process id has been given to another process since.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger("adalat.worker")

PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
HOST = socket.gethostname()[:30]
_PROC = Path("/proc")
_SEPARATOR = "/"


def die_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets ``signum`` when this process dies.

    If this process died already (between the fork and the call), the child ends at once."""
    parent = os.getpid()

    def prepare() -> None:
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return prepare


def _boot_id() -> str:
    try:
        return (_PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip().replace("-", "")[:8]
    except OSError:
        return ""


def process_start(pid: int) -> str | None:
    """When process ``pid`` started: boot id and start time in clock ticks (Linux), ``""`` where
    the system does not say, None when there is no such process."""
    if not (_PROC / "self" / "stat").is_file():
        return _exists(pid)
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return _exists(pid)
    # The command name, in parentheses, may hold spaces: the fields that follow are counted after it.
    fields = stat.rpartition(")")[2].split()
    if fields[0] in ("Z", "X"):  # ended, not yet reaped by its parent
        return None
    return f"{_boot_id()}.{fields[19]}"


def _exists(pid: int) -> str | None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""
    return ""


def worker_id(pid: int | None = None) -> str:
    """This process's name as a task worker: ``host/pid/start`` (at most 64 characters)."""
    pid = os.getpid() if pid is None else pid
    return _SEPARATOR.join((HOST, str(pid), process_start(pid) or ""))


def worker_gone(name: str) -> bool:
    """Whether the worker named ``name`` is known to have ended: it ran on this host, and its
    process is gone or is another process now. A worker of another host, or not named by
    ``worker_id``, is never taken for gone."""
    host, _sep, rest = name.rpartition(_SEPARATOR)
    host, _sep, pid_text = host.rpartition(_SEPARATOR)
    if host != HOST or not pid_text.isdigit():
        return False
    started = process_start(int(pid_text))
    return started is None or (rest != "" and started != "" and started != rest)
