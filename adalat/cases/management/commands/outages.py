"""``adalat outages``: the public register of times when Adalat was unavailable.

adalat outages list                                   the latest outages
adalat outages record --from T --to T --by USERNAME   record and publish one that is over; the
                                                      deadlines of the days it spoiled move on
Times are ISO 8601 with their offset (2026-12-07T09:00+05:00) or, without one, in the
jurisdiction's time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from adalat.accounts.models import User
from adalat.core.errors import ApplicationError, ValidationFailed
from adalat.jurisdictions.current import get_pack

from ...outages import outage_list, outage_record


def _moment(value: str, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(name)s: %(value)r is not a date and time such as 2026-12-07T09:00.") % {"name": name, "value": value}
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(get_pack().header.time_zone))


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("List or record the times when Adalat was unavailable.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("list", help=_("the latest outages"))
        record = actions.add_parser("record", help=_("record and publish an outage that is over"))
        record.add_argument("--from", dest="started_at", required=True, help=_("when Adalat became unavailable"))
        record.add_argument("--to", dest="ended_at", required=True, help=_("when it was available again"))
        record.add_argument("--by", dest="by", required=True, help=_("the username of the administrator recording it"))
        record.add_argument("--note", default="", help=_("what happened, published as written"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        started_at, ended_at = _moment(options["started_at"], "--from"), _moment(options["ended_at"], "--to")
        actor = User.objects.filter(username=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(_("No active account is called %(name)s.") % {"name": options["by"]})
        try:
            with transaction.atomic():
                outage = outage_record(actor=actor, started_at=started_at, ended_at=ended_at, note=options["note"])
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{field}: {message}" for field, message in exc.fields.items())) from None
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(
            _("Outage %(id)s recorded and published: %(minutes)s minutes; %(count)s deadlines moved.")
            % {"id": outage.pk, "minutes": outage.minutes, "count": outage.moved}
        )

    def _list(self) -> None:
        zone = ZoneInfo(get_pack().header.time_zone)
        shown = list(outage_list()[:50])
        if not shown:
            self.stdout.write(_("No outage has been recorded."))
        for outage in shown:
            self.stdout.write(
                f"{outage.pk}\t{outage.started_at.astimezone(zone):%Y-%m-%d %H:%M}\t"
                f"{outage.ended_at.astimezone(zone):%Y-%m-%d %H:%M}\t{outage.minutes}\t{outage.moved}\t{outage.note}"
            )
