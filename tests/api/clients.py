"""API clients holding a bearer token, and reading RFC 9457 problem answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.test import Client

from adalat.accounts.models import User
from adalat.accounts.tokens import token_create

ALL_SCOPES = ("cases:read", "cases:write", "documents:read", "documents:write")


def api_client(user: User, scopes: Iterable[str] = ALL_SCOPES) -> Client:
    """A client that calls the API with a fresh token of ``user`` holding ``scopes``, made as
    if the person had given their second factor (an administrator needs it)."""
    _token, raw = token_create(actor=user, user=user, name="tests", scopes=scopes, days=30, second_factor=True)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def problem(response: HttpResponse, status: int) -> dict[str, Any]:
    """The problem details of an error answer, checking its status and media type."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def error_fields(response: HttpResponse, status: int = 422) -> set[str]:
    """The fields an error answer names."""
    return {error["field"] for error in problem(response, status).get("errors", [])}
