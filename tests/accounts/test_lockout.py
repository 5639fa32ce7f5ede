"""The throttle holds when log-ins come in parallel: guesses check no more passwords than the
limit, and right passwords all get in. On SQLite and on PostgreSQL, from many threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client

from adalat.accounts import tokens
from adalat.audit.models import AuditHead
from tests.accounts.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(scope="module")
def audit_head_kept(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A transactional test ends by emptying every table, the audit log's head row (made by a
    migration) included: make sure it is there before, and put it back after."""
    with django_db_blocker.unblock():
        AuditHead.objects.get_or_create(pk=1)
    yield
    with django_db_blocker.unblock():
        AuditHead.objects.get_or_create(pk=1)


@pytest.fixture
def slow_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A password check that takes as long as a real one, so that the attempts overlap."""
    verify = MD5PasswordHasher.verify

    def slow(self: MD5PasswordHasher, password: str, encoded: str) -> bool:
        time.sleep(0.05)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", slow)


def in_parallel(count: int, attempt: Callable[[], Any]) -> list[Any]:
    """Run ``attempt`` in ``count`` threads released together; their results (or exceptions)."""
    start = threading.Barrier(count)
    results: list[Any] = []

    def run() -> None:
        try:
            start.wait()
            results.append(attempt())
        except BaseException as exc:  # reported in the test's own thread
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def log_in(password: str) -> Callable[[], tuple[int, str]]:
    def attempt() -> tuple[int, str]:
        response = Client().post(
            TOKEN_URL, {"username": "target", "password": password, "scopes": ["cases:read"]}, "application/json"
        )
        return response.status_code, response.json().get("type", "")

    return attempt


@pytest.mark.usefixtures("audit_head_kept", "slow_hashing")
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_check_no_more_passwords_than_the_limit() -> None:
    UserFactory(username="target")

    answers = in_parallel(12, log_in("wrong guess"))

    assert (
        sorted(answers) == [(401, "urn:adalat:problem:login_refused")] * 5 + [(429, "urn:adalat:problem:throttled")] * 7
    )


@pytest.mark.usefixtures("audit_head_kept", "slow_hashing")
@pytest.mark.django_db(transaction=True)
def test_parallel_right_passwords_all_get_in() -> None:
    UserFactory(username="target", password=PASSWORD)

    answers = in_parallel(20, log_in(PASSWORD))

    assert [status for status, _ in answers] == [201] * 20


@pytest.mark.django_db
def test_a_token_whose_secret_holds_underscores_still_authenticates(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory()
    monkeypatch.setattr(tokens.secrets, "token_urlsafe", lambda n: "a_b_c-d")
    token, secret = tokens.token_create(actor=user, user=user, name="Odd", scopes=["cases:read"], days=1)
    assert secret.endswith("_a_b_c-d") and tokens.token_authenticate(secret) == token
