"""``adalat documents``: work with document files outside a case.

    adalat documents verify FILE [--signature SIGFILE]

``verify`` checks the signatures of a PDF, or a detached CMS signature (``--signature``) over any
file, against the signing authorities Adalat trusts, fetching nothing. It names the signers and
exits 0 when every signature passes; names the problem and exits 1 when one fails (the file was
changed, a certificate was revoked) or there is none; exits 2 when it cannot decide (an authority
it does not know).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from adalat.documents.verification import SignatureView, signatures_of_file
from adalat.integrations.signing.port import Outcome


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("Verify the signatures of a document file.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser("verify", help=_("check a file's signatures"))
        verify.add_argument("file", type=Path, metavar="FILE")
        verify.add_argument(
            "--signature", type=Path, metavar="SIGFILE", help=_("a detached CMS signature over FILE (DER)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._read(options["file"])
        signature = self._read(options["signature"]) if options["signature"] is not None else None
        views = signatures_of_file(data=data, signature=signature)
        if not views:
            raise CommandError(_("%(file)s carries no signature.") % {"file": options["file"]}, returncode=1)
        for view in views:
            self.stdout.write(self._line(view))
        outcomes = {view.status for view in views}
        if Outcome.FAILED in outcomes:
            raise CommandError(_("A signature is not valid."), returncode=1)
        if Outcome.INDETERMINATE in outcomes:
            raise CommandError(_("A signature cannot be confirmed."), returncode=2)

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}, returncode=2
            ) from error

    @staticmethod
    def _line(view: SignatureView) -> str:
        when = view.signed_at.isoformat(timespec="seconds") if view.signed_at is not None else _("unknown time")
        line = _("%(signer)s (%(subject)s), signed %(when)s: %(outcome)s.") % {
            "signer": view.signer,
            "subject": view.certificate_subject,
            "when": when,
            "outcome": view.outcome_text,
        }
        if view.problem:
            line += " " + view.problem
        return line
