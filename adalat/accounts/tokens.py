"""API tokens: ``adl_<prefix>_<secret>``. The prefix finds the row; only the SHA-256 of the
whole token is stored, and it is compared in constant time."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.utils.translation import gettext as _

from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import NotFound, PermissionDenied, ValidationFailed

from .models import ApiToken, User

TOKEN_PREFIX = "adl"
ALL_SCOPES = tuple(ApiToken.Scope.values)
MAX_DAYS = 366


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, actor: User, user: User, name: str, scopes: Iterable[str], days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and the secret, which is never shown again."""
    scopes = sorted(set(scopes))
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name or len(name) > 100:
        errors["name"] = _("Give the token a name of at most 100 characters.")
    unknown = [s for s in scopes if s not in ALL_SCOPES]
    if unknown or not scopes:
        errors["scopes"] = _("Choose scopes among: %(scopes)s.") % {"scopes": ", ".join(ALL_SCOPES)}
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lives from 1 to %(max)s days.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationFailed(errors)
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator may create tokens for someone else."))
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    at = clock.now()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=_digest(raw), scopes=scopes, created_at=at, expires_at=at + dt.timedelta(days=days)
    )
    audit_record(actor=actor, action="token.create", object_type="api_token", object_id=token.pk, data={"user": user.pk, "scopes": scopes, "expires": token.expires_at})
    return token, raw


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token ``raw`` stands for, or None (unknown, wrong, expired, revoked, inactive user)."""
    parts = raw.split("_")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    at = clock.now()
    if token.revoked_at is not None or token.expires_at <= at or not token.user.is_active:
        return None
    if token.last_used_at is None or at - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token


def token_revoke(*, actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not actor.is_superuser):
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="token.revoke", object_type="api_token", object_id=token.pk, data={"user": token.user_id})
    return token
