"""Managing tokens needs the scope ``tokens:manage`` when the call comes with a token; a browser's
session keeps working. New tokens get the working scopes unless asked for more."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adalat.accounts.models import ApiToken
from adalat.accounts.tokens import token_create
from tests.accounts.factories import PASSWORD
from tests.conftest import World

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/auth/tokens"


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_token_without_the_scope_can_neither_list_nor_revoke_tokens(world: World) -> None:
    _reader, reading = token_create(actor=world.clerk, user=world.clerk, name="Reader", scopes=["cases:read"], days=3)
    other, _ = token_create(actor=world.clerk, user=world.clerk, name="Other", scopes=["cases:read"], days=3)

    listed = bearer(reading).get(TOKENS)
    revoked = bearer(reading).delete(f"{TOKENS}/{other.pk}")

    assert listed.status_code == revoked.status_code == 403
    assert "tokens:manage" in listed.json()["detail"]
    other.refresh_from_db()
    assert other.revoked_at is None


def test_a_token_with_the_scope_manages_its_owners_tokens(world: World) -> None:
    _manager, managing = token_create(
        actor=world.clerk, user=world.clerk, name="Manager", scopes=["tokens:manage"], days=3
    )
    other, _ = token_create(actor=world.clerk, user=world.clerk, name="Other", scopes=["cases:read"], days=3)

    assert {t["name"] for t in bearer(managing).get(TOKENS).json()["items"]} == {"Manager", "Other"}
    assert bearer(managing).delete(f"{TOKENS}/{other.pk}").status_code == 204
    # tokens:manage reads no case.
    assert bearer(managing).get("/api/v1/cases").status_code == 403


def test_the_browsers_session_manages_tokens_without_scopes(world: World, client: Client) -> None:
    token_create(actor=world.clerk, user=world.clerk, name="Mine", scopes=["cases:read"], days=3)
    client.force_login(world.clerk)
    assert client.get(TOKENS).status_code == 200


def test_new_tokens_get_the_working_scopes_unless_asked_for_more(world: World, client: Client) -> None:
    body = client.post(
        "/api/v1/auth/token", {"username": "clerk", "password": PASSWORD}, content_type="application/json"
    ).json()
    assert body["scopes"] == ["cases:read", "cases:write", "documents:read", "documents:write"]

    asked: Any = client.post(
        "/api/v1/auth/token",
        {"username": "clerk", "password": PASSWORD, "scopes": ["tokens:manage"]},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["scopes"] == ["tokens:manage"]


def test_only_those_who_may_read_the_audit_log_get_its_scope(world: World, client: Client) -> None:
    response = client.post(
        "/api/v1/auth/token",
        {"username": "clerk", "password": PASSWORD, "scopes": ["audit:read"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "scopes", "message": "Only those who may read the audit log may have a token for it."}
    ]
    assert not ApiToken.objects.exists()
