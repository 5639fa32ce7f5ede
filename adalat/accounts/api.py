"""REST endpoints of the accounts module, mounted by adalat.api at /api/v1/auth: a bearer token
for a username and password (and the second factor's code where needed), who am I, one's own
tokens and logging out everywhere. Called with a token, the last two need ``tokens:manage``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from adalat.core import clock
from adalat.core.api_input import Input
from adalat.core.pagination import Page, PageQuery, paginate

from . import access, selectors, services
from .api_auth import acting_user, require_scope
from .models import ApiToken
from .second_factor import second_factor_required
from .sources import request_source
from .tokens import WORKING_SCOPES, token_create, token_revoke, token_state, token_terms

TOKENS_MANAGE = ApiToken.Scope.TOKENS_MANAGE.value

router = Router(tags=["accounts"])


class TokenRequest(Input):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    otp: str | None = Field(None, description="The 6-digit code of the second factor, when the account has one.")
    name: str = Field("API token", max_length=100, description="What the token is for.")
    scopes: list[str] = Field(
        default_factory=lambda: list(WORKING_SCOPES),
        description="Default: cases:read, cases:write, documents:read, documents:write. "
        "tokens:manage and audit:read are given only when asked for.",
    )
    days: int | None = Field(None, description="How long the token lives; default ADALAT_API_TOKEN_DAYS.")


class TokenIssued(Schema):
    token: str = Field(description="The secret: shown this once, send it as 'Authorization: Bearer <token>'.")
    token_id: int
    expires_at: dt.datetime
    scopes: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: str = Field(
        description="active, expired, revoked, or ended (by a password change, a deactivation, "
        "logging out everywhere, or for lack of the second factor the account now needs)"
    )


class MembershipOut(Schema):
    organization_id: int
    organization_code: str
    organization_name: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    kind: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.post("/token", auth=None, response={201: TokenIssued}, summary="Get a bearer token")
def token_issue(request: HttpRequest, payload: TokenRequest) -> Status[dict[str, Any]]:
    """Log in with a username and password (and ``otp`` when the account needs a second factor)
    and receive a new token. Wrong credentials are 401; too many failed log-ins from the caller's
    address or for the username are 429, before anything is checked."""
    terms = token_terms(
        name=payload.name,
        scopes=payload.scopes,
        days=payload.days if payload.days is not None else settings.API_TOKEN_DAYS,
    )
    login = services.user_authenticate(
        username=payload.username, password=payload.password, otp=payload.otp, source=request_source(request, "api")
    )
    if login.step is services.Step.ENROL:
        raise services.SecondFactorNeeded(
            _("This account needs a second factor: log in on the web once to enrol one, then send its code as otp."),
            code="otp_enrolment_required",
        )
    if login.step is not services.Step.DONE:
        raise services.SecondFactorNeeded(
            _("This account needs a second factor: send the 6-digit code of your authenticator app as otp."),
            code="otp_required",
            fields={"otp": _("Required for this account.")},
        )
    with transaction.atomic():
        token, raw = token_create(
            actor=login.user,
            user=login.user,
            name=terms.name,
            scopes=terms.scopes,
            days=terms.days,
            second_factor=login.device is not None,
        )
    return Status(201, {"token": raw, "token_id": token.pk, "expires_at": token.expires_at, "scopes": token.scopes})


@router.get("/me", response=MeOut, summary="Who is calling")
def me(request: HttpRequest) -> dict[str, Any]:
    user = acting_user(request)
    memberships = [
        {
            "organization_id": m.organization_id,
            "organization_code": m.organization.code,
            "organization_name": m.organization.name,
            "role": m.role,
        }
        for m in access.memberships(user)
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "kind": user.kind,
        "roles": sorted(access.roles(user)),
        "memberships": memberships,
    }


@router.get("/tokens", response=Page[TokenOut], summary="Your tokens")
def tokens(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = require_scope(request, TOKENS_MANAGE)
    page = paginate(request, selectors.token_list(user=user), query.page, query.page_size)
    at, needs = clock.now(), second_factor_required(user)
    page["items"] = [
        {
            **{name: getattr(token, name) for name in TokenOut.model_fields if name != "state"},
            "state": token_state(token, at=at, needs_second_factor=needs),
        }
        for token in page["items"]
    ]
    return page


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of your tokens")
def token_delete(request: HttpRequest, token_id: int) -> Status[None]:
    user = require_scope(request, TOKENS_MANAGE)
    with transaction.atomic():
        token: ApiToken = selectors.token_get_own(user=user, token_id=token_id)
        token_revoke(actor=user, token_id=token.pk)
    return Status(204, None)


@router.post("/logout-everywhere", response={204: None}, summary="Log out everywhere")
def logout_everywhere(request: HttpRequest) -> Status[None]:
    """End every session and every token of the caller, the one making this call included."""
    user = require_scope(request, TOKENS_MANAGE)
    with transaction.atomic():
        services.user_logout_everywhere(actor=user, user=user)
    return Status(204, None)
