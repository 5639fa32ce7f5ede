"""Logging in and out with a password on the log-in page, and the throttle as one browser meets it
(the throttle itself: test_throttle.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from adalat.accounts.models import LoginFailures
from adalat.audit.models import AuditEntry
from tests.accounts.conftest import LogIn
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import World

pytestmark = pytest.mark.django_db

REFUSED = "The username or password is wrong."
THROTTLED = "Too many failed log-ins."


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.values_list("action", flat=True))


def test_the_login_page_shows_a_labelled_form(client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    assert 'autocomplete="current-password"' in page


def test_a_clerk_logs_in_with_a_password_and_it_is_audited(world: World, client: Client, log_in: LogIn) -> None:
    response = log_in("clerk")

    assert response.status_code == 302 and response["Location"] == reverse("cases:my-work")
    assert client.session["_auth_user_id"] == str(world.clerk.pk)
    entry = AuditEntry.objects.get(action="login.success")
    assert (entry.actor_name, entry.object_id) == ("clerk", str(world.clerk.pk))


def test_login_goes_to_the_page_asked_for_but_never_to_another_site(world: World, log_in: LogIn) -> None:
    assert log_in("clerk", next_url="/cases/?stage=received")["Location"] == "/cases/?stage=received"
    assert log_in("judge1", next_url="https://evil.example/")["Location"] == reverse("cases:my-work")


def failures(username: str) -> int:
    """The failures counted for ``username`` from this test's address in the current window."""
    return sum(LoginFailures.objects.filter(scope="pair", username=username).values_list("failures", flat=True))


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(world: World, client: Client, log_in: LogIn) -> None:
    wrong = log_in("clerk", "not the password")
    unknown = log_in("nobody-by-this-name", "not the password")

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert audit_actions() == []  # counted by the throttle, not written to the audit chain
    assert failures("clerk") == failures("nobody-by-this-name") == 1


def test_an_inactive_user_cannot_log_in(db: None, log_in: LogIn) -> None:
    UserFactory(username="gone", is_active=False)
    assert REFUSED in log_in("gone").content.decode()


def test_the_pack_s_number_of_failures_from_one_place_stops_that_place(
    world: World, client: Client, log_in: LogIn
) -> None:
    for _ in range(5):
        assert REFUSED in log_in("clerk", "guess").content.decode()
    sixth = log_in("clerk", "guess")

    assert sixth.status_code == 429 and THROTTLED in sixth.content.decode()
    assert failures("clerk") == 5


def test_while_refused_even_the_right_password_is_not_checked(world: World, client: Client, log_in: LogIn) -> None:
    for _ in range(5):
        log_in("clerk", "guess")

    page = log_in("clerk").content.decode()

    assert THROTTLED in page and "Try again after" in page
    assert "_auth_user_id" not in client.session


def test_the_refusal_ends_with_its_window(world: World, client: Client, log_in: LogIn) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            log_in("clerk", "guess")
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert THROTTLED in log_in("clerk").content.decode()
        clock.shift(dt.timedelta(seconds=2))
        response = log_in("clerk")

    assert response.status_code == 302


def test_in_the_next_window_the_count_starts_again(world: World, log_in: LogIn) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            log_in("clerk", "guess")
        clock.shift(dt.timedelta(minutes=16))
        page = log_in("clerk", "guess").content.decode()
        assert REFUSED in page
        windows = LoginFailures.objects.filter(scope="pair", username="clerk").order_by("window")
        assert list(windows.values_list("failures", flat=True)) == [5, 1]


def test_success_forgets_earlier_failures(world: World, log_in: LogIn) -> None:
    for _ in range(4):
        log_in("clerk", "guess")
    log_in("clerk")
    assert failures("clerk") == 0


def test_the_login_form_needs_its_csrf_token(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert refused.status_code == 403
    assert not AuditEntry.objects.exists()

    browser.get(reverse("accounts:login"))
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        reverse("accounts:login"), {"username": "clerk", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302


def test_empty_fields_are_named_and_nothing_is_counted(world: World, client: Client) -> None:
    page = client.post(reverse("accounts:login"), {"username": "clerk", "password": ""}).content.decode()
    assert 'id="id_password_error"' in page
    assert not AuditEntry.objects.exists()


def test_logging_out_is_a_post_and_is_audited(world: World, client: Client, log_in: LogIn) -> None:
    log_in("clerk")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session
    assert audit_actions()[-1] == "logout"


def test_a_logged_in_person_opening_the_login_page_goes_on(world: World, client: Client, log_in: LogIn) -> None:
    log_in("clerk")
    assert client.get(reverse("accounts:login"))["Location"] == reverse("cases:my-work")
