"""``adalat token``: create, list and revoke tokens from the operator's shell, audited as the system."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adalat.accounts.models import ApiToken
from adalat.accounts.tokens import token_authenticate
from adalat.audit.models import AuditEntry
from tests.conftest import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_the_secret_once_and_it_works(world: World) -> None:
    secret = run(
        "create",
        "--user",
        "prosecutor",
        "--name",
        "Prosecution system",
        "--scopes",
        "cases:read,cases:write",
        "--days",
        "90",
    )

    token = token_authenticate(secret.strip())
    assert token is not None and token.user == world.prosecutor
    assert token.scopes == ["cases:read", "cases:write"] and token.name == "Prosecution system"
    assert (token.expires_at - token.created_at).days == 90
    entry = AuditEntry.objects.get(action="token.create")
    assert entry.actor_name == "system" and entry.actor_id is None


def test_list_shows_tokens_but_never_secrets(world: World) -> None:
    run("create", "--user", "clerk", "--name", "Scanner")
    secret = run("create", "--user", "judge1", "--name", "Calendar").strip()

    everything = run("list")
    assert "Scanner" in everything and "Calendar" in everything and secret not in everything
    only_clerk = run("list", "--user", "clerk")
    assert "Scanner" in only_clerk and "Calendar" not in only_clerk


def test_revoke_by_id(world: World) -> None:
    secret = run("create", "--user", "clerk", "--name", "Scanner").strip()
    token = ApiToken.objects.get()

    assert "revoked" in run("revoke", str(token.pk))
    assert token_authenticate(secret) is None
    assert AuditEntry.objects.filter(action="token.revoke", actor_name="system").count() == 1


def test_mistakes_are_explained_and_change_nothing(world: World) -> None:
    with pytest.raises(CommandError, match="No user"):
        run("create", "--user", "nobody", "--name", "X")
    with pytest.raises(CommandError, match="scopes"):
        run("create", "--user", "clerk", "--name", "X", "--scopes", "everything")
    with pytest.raises(CommandError, match="No such token"):
        run("revoke", "999")
    assert not ApiToken.objects.exists() and not AuditEntry.objects.exists()
