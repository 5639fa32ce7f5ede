"""``adalat events``: the deliveries of case events to the modules that subscribe to them.

adalat events status     what is waiting, by subscriber (exit 1 when some delivery keeps failing)
adalat events retry      queue again, now, every delivery that is not done
adalat events schedule   make sure stalled deliveries are queued again every few minutes
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adalat.cases import tasks


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("See and retry the deliveries of case events to the modules that subscribe to them.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("status", help=_("what is waiting, by subscriber"))
        actions.add_parser("retry", help=_("queue again, now, every delivery that is not done"))
        actions.add_parser("schedule", help=_("make sure stalled deliveries are queued again periodically"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "status":
            self._status()
        elif action == "retry":
            with transaction.atomic():
                count = tasks.deliveries_retry(force=True, limit=100_000)
            self.stdout.write(_("%(count)s deliveries queued again.") % {"count": count})
        else:
            with transaction.atomic():
                queued = tasks.retry_schedule_ensure()
            self.stdout.write(
                _("Stalled deliveries will be queued again periodically.")
                if queued
                else _("Stalled deliveries are already queued again periodically.")
            )

    def _status(self) -> None:
        backlog = tasks.deliveries_backlog()
        if not backlog:
            self.stdout.write(_("Every event is delivered."))
            return
        for line in backlog:
            oldest = timezone.localtime(line.oldest).strftime("%Y-%m-%d %H:%M") if line.oldest else "-"
            self.stdout.write(
                _("%(subscriber)s: %(waiting)s waiting, %(failing)s of them failed before; the oldest since %(oldest)s")
                % {"subscriber": line.subscriber, "waiting": line.waiting, "failing": line.failing, "oldest": oldest}
            )
        if any(line.failing for line in backlog):
            raise CommandError(_("Some deliveries keep failing: see the task worker's log."), returncode=1)
