"""``adalat run``: the web server (gunicorn) and a task worker together, as child processes.

- Ctrl+C (SIGINT) or SIGTERM is passed on to both, and ``adalat run`` exits once they stopped.
- They stop with it even when it is killed outright (SIGKILL): each child asks the kernel for a
  SIGTERM when its parent dies (``processes.die_with_parent``, Linux). Gunicorn's own workers
  are children of the gunicorn master and stop with it.
- A task worker that dies is started again, after 1 s, then 2, 4… up to 60 s while it keeps
  dying within a minute of its start; each restart is logged. When the web server stops, the
  worker is stopped too and ``adalat run`` exits with the server's status.
- A signed checkpoint of the audit log is written as it starts and once its children stopped.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from adalat.core import processes

logger = logging.getLogger("adalat.run")

STOP_SECONDS = 15
RESTART_DELAYS = (1, 2, 4, 8, 16, 32, 60)  # seconds, after each quick death in a row
STEADY_SECONDS = 60  # a worker that ran this long starts again after the first delay
# Management commands run at start and after the children stopped, when their modules provide
# them (commands, so that the kernel does not import the modules above it): keep the periodic audit
# checkpoint and the retries of stalled event deliveries scheduled, and sign a checkpoint of the log
# as it stands.
AT_START = (("audit", ["checkpoint"]), ("audit", ["schedule"]), ("events", ["schedule"]))
AT_STOP = (("audit", ["checkpoint"]),)


def default_bind() -> str:
    return f"127.0.0.1:{os.environ.get('PORT', '8000')}"


def browser_url(bind: str) -> str:
    """Where to point a browser for a gunicorn ``--bind`` address."""
    if bind.startswith("unix:"):
        return bind
    host, _colon, port = bind.rpartition(":")
    if host in ("", "0.0.0.0", "::", "[::]"):  # noqa: S104 (a comparison, not a bind)
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


def _version_at_least(text: str, wanted: tuple[int, ...]) -> bool:
    parts = tuple(int(p) for p in text.split(".")[: len(wanted)] if p.isdigit())
    return parts >= wanted


def exit_status(code: int, *, asked_to_stop: bool) -> int:
    """``adalat run``'s exit status from the first child's: 0 when it stopped because it was asked to."""
    if asked_to_stop and code in (0, -signal.SIGINT, -signal.SIGTERM):
        return 0
    if code < 0:
        return 128 - code  # killed by a signal, as a shell reports it
    return code or 1  # a child that ends by itself is a failure of the whole


@dataclass
class Child:
    """A child process to start, and to start again after a back-off if ``restart``."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    restart: bool = False
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = field(default=None, repr=False)

    def start(self) -> None:
        # Own session: a Ctrl+C in the terminal reaches ``adalat run`` only, which passes it on once.
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            self.argv, env=self.env, start_new_session=True, preexec_fn=processes.die_with_parent()
        )
        self.started_at = time.monotonic()
        self.restart_at = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Command(BaseCommand):
    help = "Start the web server and a task worker together (Ctrl+C stops both)."
    requires_system_checks: list[str] = []  # the server's processes check at start

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help=_("address to listen on (default 127.0.0.1:$PORT, 8000)"))
        parser.add_argument("--port", type=int, help=_("listen on 127.0.0.1 at this port"))
        parser.add_argument("--workers", type=int, default=2, help=_("web server processes"))
        parser.add_argument("--threads", type=int, default=4, help=_("threads per web server process"))
        parser.add_argument("--no-worker", action="store_true", help=_("start the web server only"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bind"] and options["port"]:
            raise CommandError(_("Give --bind or --port, not both."))
        bind = options["bind"] or (f"127.0.0.1:{options['port']}" if options["port"] else default_bind())
        self._check_migrated()
        self._run_commands(AT_START)
        connection.close()  # the children open their own
        python = sys.executable
        server = [
            python, "-m", "gunicorn", "adalat.wsgi:application",
            "--bind", bind,
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--access-logfile", "-",
            "--graceful-timeout", "10",
        ]  # fmt: skip
        if _version_at_least(version("gunicorn"), (25, 1)):
            server.append("--no-control-socket")  # one per user's home otherwise: two servers would collide
        # Static files are served from the apps' folders (WhiteNoise's finders) outside production.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "adalat.settings")}
        children = [Child(_("web server"), server, env)]
        if not options["no_worker"]:
            worker = [python, "-m", "adalat.cli", "worker", "--no-reload"]
            children.append(Child(_("task worker"), worker, env, restart=True))
        for child in children:
            child.start()
        url = browser_url(bind)
        self.stdout.write(self.style.SUCCESS(_("Adalat is running: open %(url)s") % {"url": url}))
        self.stdout.write(_("Log in at %(url)saccounts/login/ — Ctrl+C stops it.") % {"url": url})
        status = self._supervise(children)
        try:
            self._run_commands(AT_STOP)
        except (CommandError, DatabaseError) as exc:  # reported; the exit status stays the children's
            self.stderr.write(str(exc))
        sys.exit(status)

    def _check_migrated(self) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not up to date: run `adalat migrate` first."))

    def _run_commands(self, commands: Sequence[tuple[str, list[str]]]) -> None:
        available = get_commands()
        for name, arguments in commands:
            if name in available:
                out = io.StringIO()
                call_command(name, *arguments, stdout=out, stderr=self.stderr)
                for line in out.getvalue().splitlines():
                    self.stdout.write(f"{name} {arguments[0]}: {line}" if arguments else line)

    def _supervise(self, children: list[Child]) -> int:
        """Watch the children until one that is not restarted stops, or a stop signal comes;
        then stop them all and return ``adalat run``'s exit status."""
        stopping: list[int] = []

        def forward(signum: int, frame: FrameType | None) -> None:
            stopping.append(signum)
            for child in children:
                if child.running() and child.process is not None:
                    child.process.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            while True:
                for child in children:
                    status = self._watch(child, stopping=bool(stopping))
                    if status is not None:
                        self._stop(children)
                        return exit_status(status, asked_to_stop=bool(stopping))
                if stopping and not any(child.running() for child in children):
                    return 0
                time.sleep(0.2)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _watch(self, child: Child, *, stopping: bool) -> int | None:
        """Look after one child: start it again when its time comes; the exit status of one that
        stopped and is not started again (which ends ``adalat run``), else None."""
        now = time.monotonic()
        if child.process is None:
            if child.restart_at is not None and now >= child.restart_at and not stopping:
                child.start()
                pid = child.process.pid if child.process is not None else None
                logger.warning("The %s is started again (process %s).", child.name, pid)
            return None
        code = child.process.poll()
        if code is None:
            return None
        if stopping or not child.restart:
            if not stopping:
                self.stderr.write(
                    _("The %(name)s stopped (exit status %(code)s); stopping the rest.")
                    % {"name": child.name, "code": code}
                )
            return code
        ran = now - child.started_at
        child.quick_deaths = 0 if ran >= STEADY_SECONDS else child.quick_deaths + 1
        delay = RESTART_DELAYS[min(child.quick_deaths, len(RESTART_DELAYS) - 1)]
        logger.warning(
            "The %s stopped (exit status %s) after %.0f s; it is started again in %s s.", child.name, code, ran, delay
        )
        child.process, child.restart_at = None, now + delay
        return None

    def _stop(self, children: list[Child]) -> None:
        running = [child.process for child in children if child.process is not None]
        for process in running:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
