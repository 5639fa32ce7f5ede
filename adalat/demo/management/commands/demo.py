"""``adalat demo``: load the demo country, its accounts and its cases, once; print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from adalat.demo.services import DEFAULT_CASES, DEFAULT_SEED, demo_load, demo_logins, demo_password, demo_present


class Command(BaseCommand):
    help = "Load the demo jurisdiction's data (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=_("the same seed gives the same data"))
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help=_("how many cases to load"))
        parser.add_argument("--quiet-logins", action="store_true", help=_("do not print the logins"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 0:
            raise CommandError(_("--cases must be 0 or more."))
        password = demo_password()
        if demo_present():
            self.stdout.write(_("The demo data is already loaded; nothing to do."))
        else:
            self.stdout.write(
                _("Loading the demo data: %(cases)s cases, seed %(seed)s...")
                % {"cases": options["cases"], "seed": options["seed"]}
            )
            with transaction.atomic():
                summary = demo_load(seed=options["seed"], cases=options["cases"], password=password)
            counts = ", ".join(f"{value} {name}" for name, value in summary.counts.items())
            self.stdout.write(
                _("Loaded in %(seconds).1f s: %(counts)s; %(overdue)s open cases overdue.")
                % {"seconds": summary.seconds, "counts": counts, "overdue": summary.overdue}
            )
        if not options["quiet_logins"]:
            self._print_logins(password)

    def _print_logins(self, password: str) -> None:
        logins = demo_logins(password=password)
        rows = [(_("username"), _("role"), _("organization"))]
        rows += [(a.username, a.role, a.organization) for a in logins.accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        for row in rows:
            cells = (value.ljust(width) for value, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
        if logins.others:
            others = ", ".join(o.username for o in logins.others)
            self.stdout.write(_("  and the staff of the other courts and offices: %(names)s") % {"names": others})
        if logins.password_works:
            self.stdout.write(_("Password for every demo login: %(password)s") % {"password": password})
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The demo accounts were created with another password: the ADALAT_DEMO_PASSWORD "
                        "(or var/demo-password) in use when the demo was loaded."
                    )
                )
            )
        if logins.totp_secret:
            self.stdout.write(
                _("admin's second factor (TOTP secret for an authenticator app): %(secret)s")
                % {"secret": logins.totp_secret}
            )
