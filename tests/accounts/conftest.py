"""Fixtures for the accounts tests: an administrator (who needs the second factor in the demo
pack), a frozen clock that the tests move by hand, and logging in through the real pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import User
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import PASSWORD, TOTPDeviceFactory, member
from tests.organizations.factories import OrganizationFactory

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time stands still at START until a test moves it (``clock.shift(seconds)``)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ministry(db: None) -> Organization:
    return OrganizationFactory(code="MJ", name="Ministry of Justice", kind=Organization.Kind.MINISTRY)


@pytest.fixture
def administrator(ministry: Organization) -> User:
    return member(ministry, Role.ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_device(administrator: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDeviceFactory(user=administrator)
    return device


@pytest.fixture
def admin_browser(administrator: User, admin_device: TOTPDevice) -> Client:
    """A browser in which the administrator has logged in with both factors."""
    client = Client()
    client.force_login(administrator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = admin_device.persistent_id
    session.save()
    return client


LogIn = Callable[..., HttpResponse]


@pytest.fixture
def log_in(client: Client) -> LogIn:
    """Submit the password step of the log-in page in the test's ``client``."""

    def submit(username: str, password: str = PASSWORD, next_url: str = "") -> HttpResponse:
        data = {"username": username, "password": password}
        if next_url:
            data["next"] = next_url
        response: HttpResponse = client.post(reverse("accounts:login"), data)
        return response

    return submit
