"""Tokens are tied to the account's credentials: a password change, a deactivation and "log out
everywhere" (on the account page, in the API, with ``adalat token``) end every token and session."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from adalat.accounts.models import User
from adalat.accounts.tokens import token_create
from adalat.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD
from tests.accounts.test_admin import inline, user_form
from tests.conftest import World

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me"


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def works(secret: str) -> bool:
    return bool(bearer(secret).get(ME).status_code == 200)


@pytest.fixture
def secret(world: World) -> str:
    _token, raw = token_create(actor=world.clerk, user=world.clerk, name="Scanner", scopes=["cases:read"], days=300)
    return raw


def test_a_password_set_in_the_admin_ends_the_tokens(admin_browser: Client, world: World, secret: str) -> None:
    assert works(secret)
    url = reverse("admin:auth_user_password_change", args=[world.clerk.pk])
    data = {"usable_password": "true", "password1": "another good passphrase", "password2": "another good passphrase"}
    assert admin_browser.post(url, data).status_code == 302

    assert not works(secret)


def test_a_password_changed_anywhere_ends_the_tokens(world: World, secret: str) -> None:
    clerk = User.objects.get(pk=world.clerk.pk)
    clerk.set_password("a new passphrase of the clerk")
    clerk.save()

    assert not works(secret)
    # A token made after the change works.
    _token, fresh = token_create(actor=clerk, user=clerk, name="New", scopes=["cases:read"], days=3)
    assert works(fresh)


def test_logging_in_again_does_not_end_the_tokens(world: World, secret: str, client: Client) -> None:
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert works(secret)


def test_a_deactivated_account_keeps_its_tokens_ended_when_it_comes_back(
    admin_browser: Client, world: World, secret: str
) -> None:
    existing = world.clerk.memberships.get()
    rows = [{"id": existing.pk, "user": world.clerk.pk, "organization": existing.organization_id, "role": "clerk"}]
    rows[0]["is_active"] = "on"
    url = reverse("admin:accounts_user_change", args=[world.clerk.pk])
    inactive = {**user_form(world.clerk), **inline("memberships", rows, initial=1)}
    del inactive["is_active"]
    assert admin_browser.post(url, inactive).status_code == 302
    assert not works(secret)

    assert admin_browser.post(url, {**user_form(world.clerk), **inline("memberships", rows, initial=1)}).status_code
    assert User.objects.get(pk=world.clerk.pk).is_active
    assert not works(secret)


def test_log_out_everywhere_on_the_account_page(world: World, secret: str) -> None:
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    page = here.get(reverse("accounts:tokens")).content.decode()
    assert "<title>Your account · Adalat</title>" in page
    assert f'<form method="post" action="{reverse("accounts:logout-everywhere")}">' in page.split("</title>")[1]

    response = here.post(reverse("accounts:logout-everywhere"))

    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not works(secret)
    for browser in (here, elsewhere):
        assert browser.get(reverse("accounts:tokens")).status_code == 302
    entry = AuditEntry.objects.get(action="user.logout_everywhere")
    assert (entry.actor_name, entry.object_id) == ("clerk", str(world.clerk.pk))


def test_log_out_everywhere_is_a_post(world: World, client: Client) -> None:
    client.force_login(world.clerk)
    assert client.get(reverse("accounts:logout-everywhere")).status_code == 405


def test_log_out_everywhere_in_the_api(world: World, secret: str) -> None:
    _token, manager = token_create(
        actor=world.clerk, user=world.clerk, name="Manager", scopes=["tokens:manage"], days=3
    )
    assert bearer(secret).post("/api/v1/auth/logout-everywhere").status_code == 403
    assert works(secret)

    response = bearer(manager).post("/api/v1/auth/logout-everywhere")

    assert response.status_code == 204
    assert not works(secret) and not works(manager)
    assert AuditEntry.objects.filter(action="user.logout_everywhere").count() == 1


def test_log_out_everywhere_with_the_command(world: World, secret: str) -> None:
    out = StringIO()
    call_command("token", "logout-everywhere", "--user", "clerk", stdout=out, stderr=StringIO())

    assert "clerk" in out.getvalue()
    assert not works(secret)
    assert AuditEntry.objects.get(action="user.logout_everywhere").actor_name == "system"


def test_the_account_page_shows_ended_tokens_as_ended(world: World, secret: str, client: Client) -> None:
    clerk = User.objects.get(pk=world.clerk.pk)
    clerk.set_password("a new passphrase of the clerk")
    clerk.save()
    client.force_login(clerk)

    page = client.get(reverse("accounts:tokens")).content.decode()

    assert "Ended" in page and "Revoke the token Scanner" not in page


def test_the_token_list_says_which_tokens_ended(world: World, secret: str) -> None:
    listing = Client()
    listing.force_login(world.clerk)
    assert listing.get("/api/v1/auth/tokens").json()["items"][0]["state"] == "active"
    call_command("token", "logout-everywhere", "--user", "clerk", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("token", "list", "--user", "clerk", stdout=out)
    assert out.getvalue().rstrip().endswith("ended")
