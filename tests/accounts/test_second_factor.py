"""The second factor at log-in: enrolment for those who must have one, the code step, its
attempts counted by the throttle, and sessions that lack it kept out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import LoginFailures, User
from adalat.accounts.second_factor import secret_text
from adalat.audit.models import AuditEntry
from tests.accounts.conftest import LogIn
from tests.accounts.factories import TOTPDeviceFactory, totp_code
from tests.conftest import World

pytestmark = pytest.mark.django_db

WRONG_CODE = "The code is wrong or has expired."


def code_failures(username: str) -> int:
    """Failed attempts counted for ``username`` from the test client's address."""
    row = LoginFailures.objects.filter(scope="pair", username=username).first()
    return row.failures if row else 0


def logged_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else User.objects.get(pk=user_id).username


def test_the_admin_must_enrol_then_is_logged_in(
    administrator: User, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    response = log_in("admin", next_url="/admin/")
    assert response["Location"] == reverse("accounts:enrol")
    assert logged_in_as(client) is None

    page = client.get(reverse("accounts:enrol")).content.decode()
    device = TOTPDevice.objects.get(user=administrator)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page and 'alt="QR code' in page
    assert "style=" not in page and "<script>" not in page
    assert f'<code id="secret">{secret_text(device)}</code>' in page

    response = client.post(reverse("accounts:enrol"), {"code": totp_code(device)})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in_as(client) == "admin"
    device.refresh_from_db()
    assert device.confirmed
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["second_factor.enrolment_begin", "second_factor.enrol", "login.success"]


def test_a_wrong_enrolment_code_is_refused_beside_the_field(
    administrator: User, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin")
    device = TOTPDevice.objects.get(user=administrator)

    page = client.post(reverse("accounts:enrol"), {"code": totp_code(device, steps_ahead=5)}).content.decode()

    assert 'id="id_code_error"' in page and WRONG_CODE in page
    assert logged_in_as(client) is None
    device.refresh_from_db()
    assert not device.confirmed
    assert code_failures("admin") == 1


def test_an_enrolled_admin_gives_the_code_after_the_password(
    administrator: User, admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    assert log_in("admin")["Location"] == reverse("accounts:verify")
    assert logged_in_as(client) is None

    response = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)})

    assert response.status_code == 302 and logged_in_as(client) == "admin"
    assert code_failures("admin") == 0
    entry = AuditEntry.objects.get(action="login.success")
    assert '"second_factor":true' in entry.data


def test_a_wrong_code_is_refused_and_a_used_code_is_not_accepted_twice(
    admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin")
    page = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device, steps_ahead=5)}).content.decode()
    assert WRONG_CODE in page and logged_in_as(client) is None

    clock.shift(dt.timedelta(seconds=2))  # django-otp asks for a pause after a wrong code
    client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)})
    assert logged_in_as(client) == "admin"

    other = Client()
    other.post(reverse("accounts:login"), {"username": "admin", "password": "correct horse battery staple"})
    page = other.post(reverse("accounts:verify"), {"code": totp_code(admin_device)}).content.decode()
    assert WRONG_CODE in page and "_auth_user_id" not in other.session


def test_a_code_typed_too_soon_after_a_wrong_one_asks_for_a_pause(
    admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin")
    client.post(reverse("accounts:verify"), {"code": totp_code(admin_device, steps_ahead=5)})
    page = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)}).content.decode()
    assert "Wait a few seconds" in page and logged_in_as(client) is None


def test_code_attempts_count_towards_the_throttle(
    administrator: User, admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin")
    for _ in range(5):
        clock.shift(dt.timedelta(seconds=20))
        page = client.post(
            reverse("accounts:verify"), {"code": totp_code(admin_device, steps_ahead=9)}
        ).content.decode()
        assert WRONG_CODE in page
    clock.shift(dt.timedelta(seconds=20))
    response = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Too many failed log-ins" in response.content.decode()
    assert code_failures("admin") == 5
    # From this place, the right password is not checked until the window ends.
    assert "Too many failed log-ins" in log_in("admin").content.decode()
    # Wrong codes come after a right password: they are the account's own matter and audited.
    assert AuditEntry.objects.filter(action="login.failure").count() == 5


def test_the_right_password_alone_does_not_count_as_a_failure(
    administrator: User, admin_device: TOTPDevice, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    for _ in range(7):
        assert log_in("admin")["Location"] == reverse("accounts:verify")
    assert code_failures("admin") == 0


def test_the_code_step_expires(
    admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin")
    clock.shift(dt.timedelta(minutes=6))
    response = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)})
    assert response["Location"] == reverse("accounts:login") and logged_in_as(client) is None


def test_the_code_step_cannot_be_reached_without_the_password(client: Client, admin_device: TOTPDevice) -> None:
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:login")


def test_anyone_who_enrolled_a_device_gives_its_code(
    world: World, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    device = TOTPDeviceFactory(user=world.clerk)
    assert log_in("clerk")["Location"] == reverse("accounts:verify")
    client.post(reverse("accounts:verify"), {"code": totp_code(device)})
    assert logged_in_as(client) == "clerk"


def test_a_session_without_the_factor_it_needs_does_not_pass(administrator: User, client: Client) -> None:
    client.force_login(administrator)  # as if the admin role came after logging in

    assert client.get("/api/v1/auth/me").status_code == 401
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_middleware_ends_such_a_session_on_any_page(administrator: User, client: Client, settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "adalat.accounts.guards.SecondFactorMiddleware"]
    client.force_login(administrator)

    client.get(reverse("portal:home"))

    assert "_auth_user_id" not in client.session


def test_the_middleware_lets_verified_and_ordinary_sessions_be(
    world: World, admin_browser: Client, client: Client, settings: Any
) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "adalat.accounts.guards.SecondFactorMiddleware"]
    client.force_login(world.clerk)
    for browser in (client, admin_browser):
        browser.get(reverse("portal:home"))
        assert "_auth_user_id" in browser.session
