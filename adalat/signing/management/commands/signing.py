"""``adalat signing``: the jurisdiction's signing authority and its signers' certificates.

    adalat signing init-ca [--name NAME] [--force]
    adalat signing issue USERNAME
    adalat signing revoke USERNAME

``init-ca`` creates the authority (a root certificate and a time-stamping authority under it);
it refuses to replace an existing one without ``--force``, and a replaced one stays trusted for
what it signed. ``issue`` gives a person a key and a certificate; ``revoke`` revokes their
certificates and re-issues the revocation list. Errors exit with 1 and say what is wrong.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from adalat.accounts.models import User
from adalat.core.errors import ApplicationError
from adalat.signing.services import DEFAULT_NAME, authority_create, certificate_issue, certificate_revoke


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("Create the signing authority, issue and revoke signers' certificates.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        init = actions.add_parser("init-ca", help=_("create the signing authority and its time-stamping authority"))
        init.add_argument("--name", default=DEFAULT_NAME, help=_("the authority's name"))
        init.add_argument("--force", action="store_true", help=_("replace an existing authority"))
        issue = actions.add_parser("issue", help=_("issue a key and a certificate to a person"))
        issue.add_argument("username")
        revoke = actions.add_parser("revoke", help=_("revoke a person's certificates"))
        revoke.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            with transaction.atomic():
                if action == "init-ca":
                    authority = authority_create(actor=None, name=options["name"], force=options["force"])
                    self.stdout.write(_("The signing authority “%(name)s” was created.") % {"name": authority.name})
                    return
                user = self._user(options["username"])
                if action == "issue":
                    certificate = certificate_issue(actor=None, user=user)
                    self.stdout.write(
                        _("Issued certificate %(serial)s to %(user)s, valid until %(until)s.")
                        % {"serial": certificate.serial, "user": user.username, "until": certificate.not_after.date()}
                    )
                else:
                    revoked = certificate_revoke(actor=None, user=user)
                    self.stdout.write(
                        _("Revoked the certificates of %(user)s (%(count)s).")
                        % {"count": len(revoked), "user": user.username}
                    )
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error

    @staticmethod
    def _user(username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user “%(username)s”.") % {"username": username}, returncode=1)
        return user
