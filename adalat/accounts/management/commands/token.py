"""``adalat token``: API tokens for people and other systems, from the operator's shell.

    adalat token create --user NAME --name "Prosecution system" --scopes cases:read,cases:write --days 90
    adalat token create --user admin --name "Audit reports" --scopes audit:read --otp 123456
    adalat token list [--user NAME]
    adalat token revoke ID
    adalat token logout-everywhere --user NAME

The command acts as the system: its audit entries name no person. A token for an account that
needs the second factor needs that person's current code (``--otp``), as on the page and in the API.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from adalat.accounts import selectors, services
from adalat.accounts.second_factor import CodeCheck, code_check, code_clean, confirmed_device, second_factor_required
from adalat.accounts.tokens import ALL_SCOPES, WORKING_SCOPES, token_create, token_revoke, token_state
from adalat.core import clock
from adalat.core.errors import ApplicationError, ValidationFailed


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Create, list and revoke API tokens; log a person out everywhere.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create",
            help=_("Create a token and print its secret, once."),
            description=_(
                "Create a token and print its secret, once. The operator acts as the system, but does not "
                "stand in for the person's second factor: for an account that needs one (by its roles, or "
                "because its owner enrolled a device), give the code their authenticator app shows now "
                "with --otp, as the account page and the API ask for it."
            ),
        )
        create.add_argument("--user", required=True, help=_("The username the token acts for."))
        create.add_argument("--name", required=True, help=_("What the token is for."))
        create.add_argument(
            "--scopes",
            default=",".join(WORKING_SCOPES),
            help=_("Comma-separated, among %(scopes)s (default: %(default)s).")
            % {"scopes": ", ".join(ALL_SCOPES), "default": ",".join(WORKING_SCOPES)},
        )
        create.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS, help=_("How long it lives."))
        create.add_argument(
            "--otp", help=_("The person's current second-factor code, for an account that needs the second factor.")
        )
        listing = actions.add_parser("list", help=_("List tokens (never their secrets)."))
        listing.add_argument("--user", help=_("Only this user's tokens."))
        revoke = actions.add_parser("revoke", help=_("Revoke a token by its id."))
        revoke.add_argument("id", type=int)
        everywhere = actions.add_parser(
            "logout-everywhere",
            help=_("End every browser session and every API token of a person."),
        )
        everywhere.add_argument("--user", required=True, help=_("The username to log out everywhere."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except ApplicationError as error:
            details = "; ".join(f"{field}: {message}" for field, message in error.fields.items())
            raise CommandError(details or error.message) from error

    def _second_factor(self, user: Any, otp: str | None) -> bool:
        """Whether the code given is the person's current one (call inside the transaction)."""
        if otp is None or not second_factor_required(user):
            return False
        device = confirmed_device(user)
        if device is None:
            message = _("This account has no second factor yet: log in on the web once to enrol one.")
            raise ValidationFailed({"otp": message})
        if code_check(device, code_clean(otp)) is not CodeCheck.RIGHT:
            raise ValidationFailed({"otp": _("The code is wrong or has expired.")})
        return True

    def _create(self, options: dict[str, Any]) -> None:
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        with transaction.atomic():
            user = selectors.user_get(username=options["user"])
            token, secret = token_create(
                actor=None,
                user=user,
                name=options["name"],
                scopes=scopes,
                days=options["days"],
                second_factor=self._second_factor(user, options.get("otp")),
            )
        self.stdout.write(secret)
        self.stderr.write(
            _(
                "Token %(id)s for %(user)s, scopes %(scopes)s, expires %(expires)s UTC. "
                "The secret above is not shown again."
            )
            % {
                "id": token.pk,
                "user": user.username,
                "scopes": ",".join(token.scopes),
                "expires": f"{token.expires_at:%Y-%m-%d %H:%M}",
            }
        )

    def _list(self, options: dict[str, Any]) -> None:
        """One token a line, tab-separated, for people and scripts alike (so its words stay English;
        times are UTC)."""
        now = clock.now()
        needs: dict[int, bool] = {}
        for token in selectors.token_list_all(username=options.get("user")):
            if token.user_id not in needs:
                needs[token.user_id] = second_factor_required(token.user)
            state = token_state(token, at=now, needs_second_factor=needs[token.user_id])
            if state == "revoked" and token.revoked_at is not None:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.pk}\t{token.user.username}\t{token.name}\t{token.prefix}\t{','.join(token.scopes)}\t"
                f"created {token.created_at:%Y-%m-%d}\texpires {token.expires_at:%Y-%m-%d}\tlast used {used}\t{state}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        with transaction.atomic():
            token = token_revoke(actor=None, token_id=options["id"])
        self.stdout.write(
            _("Token %(id)s (%(name)s) of %(user)s is revoked.")
            % {"id": token.pk, "name": token.name, "user": token.user.username}
        )

    def _logout_everywhere(self, options: dict[str, Any]) -> None:
        with transaction.atomic():
            user = selectors.user_get(username=options["user"])
            services.user_logout_everywhere(actor=None, user=user)
        self.stdout.write(
            _("%(user)s is logged out everywhere: every session and API token of theirs has ended.")
            % {"user": user.username}
        )
