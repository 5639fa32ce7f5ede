"""The lock-out holds when guesses come in parallel, and tokens survive odd characters."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from adalat.accounts import services, tokens
from adalat.accounts.models import User
from adalat.audit.models import AuditEntry, AuditHead
from tests.accounts.factories import UserFactory


@pytest.fixture(scope="module")
def audit_head_kept(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A transactional test ends by emptying every table, the audit log's head row (made by a
    migration) included: make sure it is there before, and put it back after."""
    with django_db_blocker.unblock():
        AuditHead.objects.get_or_create(pk=1)
    yield
    with django_db_blocker.unblock():
        AuditHead.objects.get_or_create(pk=1)


@pytest.mark.usefixtures("audit_head_kept")
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_check_no_more_passwords_than_the_limit() -> None:
    UserFactory(username="target")
    guesses = 12
    start = threading.Barrier(guesses)
    refusals: list[str] = []

    def guess() -> None:
        try:
            start.wait()
            services.user_authenticate(username="target", password="wrong guess")
        except (services.LoginRefused, services.LoginLocked) as refused:
            refusals.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    reasons = [
        json.loads(data)["reason"]
        for data in AuditEntry.objects.filter(action="login.failure").values_list("data", flat=True)
    ]
    assert len(refusals) == guesses
    assert reasons.count("password") == 5 and reasons.count("locked") == guesses - 5
    assert User.objects.get(username="target").locked_until is not None


@pytest.mark.django_db
def test_a_token_whose_secret_holds_underscores_still_authenticates(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory()
    monkeypatch.setattr(tokens.secrets, "token_urlsafe", lambda n: "a_b_c-d")
    token, secret = tokens.token_create(actor=user, user=user, name="Odd", scopes=["cases:read"], days=1)
    assert secret.endswith("_a_b_c-d") and tokens.token_authenticate(secret) == token
