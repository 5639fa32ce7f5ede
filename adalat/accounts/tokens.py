"""API tokens: ``adl_<prefix>_<secret>``. The prefix finds the row; only the SHA-256 of the
whole token is stored, and it is compared in constant time.

A token is tied to its user's credentials: it works only while the user's credentials generation
is the one it was made in (a password change, a deactivation or "log out everywhere" moves it on).
It never lets its holder skip the second factor the person needs: one is made for such a person
only once the factor was given, and one made without it stops working when they come to need it.

Creating and revoking a token is audited. ``actor=None`` stands for the system itself (the
``adalat token`` command run by an operator)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed

from . import access
from .access import Action
from .models import ApiToken, User
from .second_factor import second_factor_required

TOKEN_PREFIX = "adl"  # noqa: S105 -- the visible start of every token, not a secret
ALL_SCOPES = tuple(ApiToken.Scope.values)
# What a token gets unless more is asked for: the work on cases and documents.
WORKING_SCOPES = (
    ApiToken.Scope.CASES_READ.value,
    ApiToken.Scope.CASES_WRITE.value,
    ApiToken.Scope.DOCUMENTS_READ.value,
    ApiToken.Scope.DOCUMENTS_WRITE.value,
)
MAX_DAYS = 366
NAME_MAX = 100


class TokenLacksSecondFactor(ApplicationError):
    """A token made without the second factor, for a person who now needs it."""

    status = 401

    def __init__(self) -> None:
        super().__init__(
            _(
                "This token was made without the second factor this account now needs: "
                "make a new one, giving the factor."
            ),
            code="token_second_factor",
        )


@dataclass(frozen=True)
class TokenTerms:
    name: str
    scopes: list[str]
    days: int


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_terms(*, name: str, scopes: Iterable[str], days: int) -> TokenTerms:
    """Check what a new token would be, naming each field that is wrong."""
    chosen = sorted(set(scopes))
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        errors["name"] = _("Give the token a name of at most %(max)s characters.") % {"max": NAME_MAX}
    if not chosen or any(s not in ALL_SCOPES for s in chosen):
        errors["scopes"] = _("Choose scopes among: %(scopes)s.") % {"scopes": ", ".join(ALL_SCOPES)}
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lives from 1 to %(max)s days.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationFailed(errors)
    return TokenTerms(name=name, scopes=chosen, days=days)


def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    scopes: Iterable[str],
    days: int,
    second_factor: bool = False,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and the secret, which is never shown again.

    ``second_factor`` says that the person gave their second factor for it (a verified session,
    a code); a person who needs the factor gets no token without it."""
    terms = token_terms(name=name, scopes=scopes, days=days)
    if actor is not None and actor.pk != user.pk and not access.can(actor, Action.TOKENS_MANAGE):
        raise PermissionDenied(_("Only an administrator may create tokens for someone else."))
    if not user.is_active:
        raise ValidationFailed({"user": _("This account is not active.")})
    if ApiToken.Scope.AUDIT_READ in terms.scopes and not access.can(user, Action.AUDIT_READ):
        raise ValidationFailed({"scopes": _("Only those who may read the audit log may have a token for it.")})
    if not second_factor and second_factor_required(user):
        raise ValidationFailed({"otp": _("This account needs its second factor to get a token.")})
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    at = clock.now()
    token = ApiToken.objects.create(
        user=user,
        name=terms.name,
        prefix=prefix,
        digest=_digest(raw),
        scopes=terms.scopes,
        created_at=at,
        expires_at=at + dt.timedelta(days=terms.days),
        credentials_generation=User.objects.values_list("credentials_generation", flat=True).get(pk=user.pk),
        second_factor=second_factor,
    )
    audit_record(
        actor=actor,
        action="token.create",
        object_type="api_token",
        object_id=token.pk,
        data={
            "user": user.pk,
            "name": token.name,
            "scopes": terms.scopes,
            "expires": token.expires_at,
            "second_factor": second_factor,
        },
    )
    return token, raw


def token_state(token: ApiToken, *, at: dt.datetime, needs_second_factor: bool) -> str:
    """``revoked``, ``expired``, ``ended`` (by the user's credentials, or for lack of the second
    factor the user now needs) or ``active``."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= at:
        return "expired"
    if token.credentials_generation != token.user.credentials_generation or (
        needs_second_factor and not token.second_factor
    ):
        return "ended"
    return "active"


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token ``raw`` stands for, or None (unknown, wrong, expired, revoked, ended by the
    user's credentials, inactive user). Raises ``TokenLacksSecondFactor`` for a token made without
    the second factor its user now needs."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    at = clock.now()
    if token.revoked_at is not None or token.expires_at <= at or not token.user.is_active:
        return None
    if token.credentials_generation != token.user.credentials_generation:
        return None
    if not token.second_factor and second_factor_required(token.user):
        raise TokenLacksSecondFactor()
    if token.last_used_at is None or at - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token


def token_revoke(*, actor: User | None, token_id: int) -> ApiToken:
    """Revoke a token: one's own, or anyone's for an administrator or the system. Revoking twice is harmless."""
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or (
        actor is not None and token.user_id != actor.pk and not access.can(actor, Action.TOKENS_MANAGE)
    ):
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="token.revoke",
            object_type="api_token",
            object_id=token.pk,
            data={"user": token.user_id, "name": token.name},
        )
    return token
