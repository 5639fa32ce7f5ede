"""A token never lets its holder skip the second factor the person would need: issuing one for
such a person needs the factor (the page's verified session, the code in the API, ``--otp`` for
the command), and a token issued without it stops working once the person needs it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import ApiToken, User
from adalat.accounts.tokens import token_create
from adalat.core.errors import ValidationFailed
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import MembershipFactory, TOTPDeviceFactory, totp_code
from tests.conftest import World

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me"
AUDIT = "/api/v1/audit/entries"


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def create(*args: str) -> str:
    out = StringIO()
    call_command("token", "create", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_command_needs_the_code_of_a_person_who_needs_the_factor(
    administrator: User, admin_device: TOTPDevice, clock: time_machine.Traveller
) -> None:
    with pytest.raises(CommandError, match="otp"):
        create("--user", "admin", "--name", "Reports", "--scopes", "audit:read")
    with pytest.raises(CommandError, match="otp"):
        create("--user", "admin", "--name", "Reports", "--scopes", "audit:read", "--otp", "000000")
    assert not ApiToken.objects.exists()

    clock.shift(dt.timedelta(seconds=30))
    secret = create("--user", "admin", "--name", "Reports", "--scopes", "audit:read", "--otp", totp_code(admin_device))

    assert bearer(secret).get(AUDIT).status_code == 200


def test_the_commands_help_says_what_it_does_about_the_second_factor(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("token", "create", "--help")
    assert "second factor" in capsys.readouterr().out


def test_the_service_refuses_a_token_without_the_factor(administrator: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        token_create(actor=administrator, user=administrator, name="X", scopes=["cases:read"], days=1)
    assert set(refused.value.fields) == {"otp"}


def test_a_token_stops_working_when_its_holder_comes_to_need_the_factor(world: World, ministry: Organization) -> None:
    _token, secret = token_create(actor=world.clerk, user=world.clerk, name="Old", scopes=["cases:read"], days=30)
    assert bearer(secret).get(ME).status_code == 200

    MembershipFactory(user=world.clerk, organization=ministry, role=Role.ADMIN)

    refused = bearer(secret).get(ME)
    assert refused.status_code == 401
    assert "second factor" in refused.json()["detail"]


def test_a_token_stops_working_when_its_holder_enrols_a_device(world: World) -> None:
    _token, secret = token_create(actor=world.clerk, user=world.clerk, name="Old", scopes=["cases:read"], days=30)
    TOTPDeviceFactory(user=world.clerk)
    assert bearer(secret).get(ME).status_code == 401


def test_a_token_made_on_the_page_by_a_verified_administrator_works(admin_browser: Client) -> None:
    page = admin_browser.post(
        reverse("accounts:tokens"), {"name": "Reports", "scopes": ["audit:read"], "days": 5}
    ).content.decode()
    secret = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert bearer(secret).get(AUDIT).status_code == 200


def test_a_token_issued_in_the_api_with_the_code_works(
    administrator: User, admin_device: TOTPDevice, client: Client, clock: time_machine.Traveller
) -> None:
    body = {
        "username": "admin",
        "password": "correct horse battery staple",
        "otp": totp_code(admin_device),
        "scopes": ["audit:read"],
    }
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 201
    assert bearer(response.json()["token"]).get(AUDIT).status_code == 200
