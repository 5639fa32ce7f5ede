"""The /api/v1/auth endpoints: a bearer token for a password (and code), who am I, own tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from adalat.accounts.models import ApiToken, LoginFailures, User
from adalat.accounts.tokens import token_create
from adalat.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD, totp_code
from tests.conftest import World

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def issue(client: Client, **body: Any) -> Any:
    return client.post(TOKEN_URL, {"password": PASSWORD, **body}, content_type="application/json")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_for_a_password_works_as_a_bearer_token(world: World, client: Client) -> None:
    response = issue(client, username="judge1", name="Court calendar", scopes=["cases:read"], days=10)

    assert response.status_code == 201
    body = response.json()
    assert body["scopes"] == ["cases:read"] and body["token"].startswith("adl_")
    token = ApiToken.objects.get(pk=body["token_id"])
    assert token.user == world.judge and token.name == "Court calendar"
    assert body["token"] not in token.digest

    me = Client().get(ME_URL, **bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "judge1" and me.json()["roles"] == ["judge"]
    assert me.json()["memberships"] == [
        {
            "organization_id": world.court.pk,
            "organization_code": "DC01",
            "organization_name": "First District Court",
            "role": "judge",
        }
    ]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["login.success", "token.create"]


def test_the_defaults_are_the_working_scopes_and_the_configured_days(
    world: World, client: Client, settings: Any
) -> None:
    settings.API_TOKEN_DAYS = 7
    body = issue(client, username="clerk").json()
    token = ApiToken.objects.get(pk=body["token_id"])
    assert set(body["scopes"]) == {"cases:read", "cases:write", "documents:read", "documents:write"}
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_wrong_credentials_are_a_401_problem(world: World, client: Client) -> None:
    for username, password in (("clerk", "wrong"), ("nobody", "wrong")):
        response = client.post(TOKEN_URL, {"username": username, "password": password}, content_type="application/json")
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == "The username or password is wrong."
    assert not ApiToken.objects.exists()


def test_a_throttled_caller_is_told_until_when(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(TOKEN_URL, {"username": "clerk", "password": "wrong"}, content_type="application/json")
    response = issue(client, username="clerk")

    assert response.status_code == 429 and response.json()["type"] == "urn:adalat:problem:throttled"
    assert "Too many failed log-ins" in response.json()["detail"] and "Try again after" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_an_account_with_a_second_factor_must_send_its_code(
    administrator: User, admin_device: Any, client: Client, clock: time_machine.Traveller
) -> None:
    missing = issue(client, username="admin")
    assert missing.status_code == 401 and "otp" in missing.json()["detail"]
    assert missing.json()["errors"] == [{"field": "otp", "message": "Required for this account."}]

    wrong = issue(client, username="admin", otp=totp_code(admin_device, steps_ahead=4))
    assert wrong.status_code == 401 and not ApiToken.objects.exists()

    clock.shift(dt.timedelta(seconds=3))
    right = issue(client, username="admin", otp=totp_code(admin_device))
    assert right.status_code == 201


def test_an_account_that_must_enrol_is_sent_to_the_web(administrator: User, client: Client) -> None:
    response = issue(client, username="admin")
    assert response.status_code == 401 and "enrol" in response.json()["detail"]


def test_bad_input_is_named_and_changes_nothing(world: World, client: Client) -> None:
    response = issue(client, username="clerk", scopes=["cases:delete"], days=0)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"scopes", "days"}
    missing = client.post(TOKEN_URL, {"username": "clerk"}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "password"
    assert not AuditEntry.objects.exists() and not LoginFailures.objects.exists()


def test_expired_revoked_and_made_up_tokens_are_refused(world: World, client: Client) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _token, expiring = token_create(
            actor=world.clerk, user=world.clerk, name="Short", scopes=["cases:read"], days=1
        )
        revoked_token, revoked = token_create(
            actor=world.clerk, user=world.clerk, name="Old", scopes=["tokens:manage"], days=9
        )
        client.delete(f"/api/v1/auth/tokens/{revoked_token.pk}", **bearer(revoked))
        assert client.get(ME_URL, **bearer(expiring)).status_code == 200
        clock.shift(dt.timedelta(days=1))
        for token in (expiring, revoked, expiring[:-2] + "xx", "adl_nothing_here"):
            response = client.get(ME_URL, **bearer(token))
            assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_one_lists_and_revokes_only_ones_own_tokens(world: World, client: Client) -> None:
    mine, secret = token_create(actor=world.clerk, user=world.clerk, name="Mine", scopes=["tokens:manage"], days=9)
    theirs, _ = token_create(actor=world.judge, user=world.judge, name="Theirs", scopes=["cases:read"], days=9)

    listed = client.get("/api/v1/auth/tokens", **bearer(secret)).json()
    assert [t["name"] for t in listed["items"]] == ["Mine"] and "digest" not in listed["items"][0]

    assert client.delete(f"/api/v1/auth/tokens/{theirs.pk}", **bearer(secret)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None

    assert client.delete(f"/api/v1/auth/tokens/{mine.pk}", **bearer(secret)).status_code == 204
    assert AuditEntry.objects.filter(action="token.revoke", object_id=str(mine.pk)).exists()
    assert client.get(ME_URL, **bearer(secret)).status_code == 401


def test_me_works_with_the_browsers_session_too(world: World, client: Client) -> None:
    client.force_login(world.chair)
    assert client.get(ME_URL).json()["roles"] == ["chair"]
