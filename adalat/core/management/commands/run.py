"""``adalat run``: the web server (gunicorn) and a task worker together, as child processes.

Ctrl+C (SIGINT) or SIGTERM is passed on to both; when either stops, the other is stopped
too and ``adalat run`` exits with the first one's status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

STOP_SECONDS = 15
# Runs at start when the audit module provides it: keeps a signed checkpoint of the audit
# log scheduled (a management command, so that the kernel does not import the audit module).
ENSURE_CHECKPOINT = ("audit", ["schedule"])


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
        self._ensure_checkpoint_scheduled()
        connection.close()  # the children open their own
        python = sys.executable
        children: dict[str, subprocess.Popen[bytes]] = {}
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
        # Own sessions: a Ctrl+C in the terminal reaches this process only, which passes it on once.
        children[_("web server")] = subprocess.Popen(server, env=env, start_new_session=True)  # noqa: S603
        if not options["no_worker"]:
            worker = [python, "-m", "adalat.cli", "db_worker"]
            children[_("task worker")] = subprocess.Popen(worker, env=env, start_new_session=True)  # noqa: S603
        url = browser_url(bind)
        self.stdout.write(self.style.SUCCESS(_("Adalat is running: open %(url)s") % {"url": url}))
        self.stdout.write(_("Log in at %(url)saccounts/login/ — Ctrl+C stops it.") % {"url": url})
        sys.exit(self._supervise(children))

    def _check_migrated(self) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not up to date: run `adalat migrate` first."))

    def _ensure_checkpoint_scheduled(self) -> None:
        name, arguments = ENSURE_CHECKPOINT
        if name in get_commands():
            call_command(name, *arguments)

    def _supervise(self, children: dict[str, subprocess.Popen[bytes]]) -> int:
        stopping: list[int] = []

        def forward(signum: int, frame: FrameType | None) -> None:
            stopping.append(signum)
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            while True:
                for name, child in children.items():
                    code = child.poll()
                    if code is not None:
                        if not stopping:
                            self.stderr.write(
                                _("The %(name)s stopped (exit status %(code)s); stopping the rest.")
                                % {"name": name, "code": code}
                            )
                        self._stop(children)
                        return exit_status(code, asked_to_stop=bool(stopping))
                time.sleep(0.2)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
