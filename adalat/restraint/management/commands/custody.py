"""``adalat custody``: the running custody terms and other measures with a term, the most urgent
first; ``--overdue`` only those past their end or whose motion is overdue; ``--as USERNAME`` those
in the cases that person sees. Exits 1 when a person is held past the end of a measure, so that a
scheduler can raise the alarm."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from adalat.accounts.models import User

from ...selectors import custody_terms
from ...terms import State


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("List the running measures of restraint with a term, the most urgent first.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overdue", action="store_true", help=_("only those past their end or with a motion overdue")
        )
        parser.add_argument("--as", dest="username", default="", help=_("only in the cases this person sees"))

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(_("No active account is called %(name)s.") % {"name": options["username"]})
        rows = custody_terms(user=user, alarms_only=options["overdue"])
        if not rows:
            self.stdout.write(_("Nothing is overdue.") if options["overdue"] else _("No running measure with a term."))
        for s in rows:
            m = s.measure
            zone = ZoneInfo(m.case.holder.time_zone)
            due, ends = (f"{t.astimezone(zone):%Y-%m-%d %H:%M}" if t else "-" for t in (m.file_by, m.ends_at))
            self.stdout.write(f"{s.state.value}\t{m.case.number}\t{s.label}\t{m.participant.party.name}\t{due}\t{ends}")
        held = sum(1 for s in rows if s.state == State.PAST_END)
        if held:
            self.stderr.write(_("%(count)s held past the end of their measure.") % {"count": held})
            raise SystemExit(1)
