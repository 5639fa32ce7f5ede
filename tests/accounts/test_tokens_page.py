"""One's account page: memberships, the second factor, and API tokens made and revoked there."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from adalat.accounts.models import ApiToken
from adalat.accounts.tokens import token_authenticate, token_create
from adalat.audit.models import AuditEntry
from adalat.core.roles import Role
from tests.accounts.factories import UserFactory, member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_browser(world: World, client: Client) -> Client:
    client.force_login(world.clerk)
    return client


def test_the_page_needs_a_login(client: Client) -> None:
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_new_tokens_secret_is_shown_once(world: World, clerk_browser: Client) -> None:
    data = {"name": "Scanner in the registry", "scopes": ["cases:read", "documents:write"], "days": 30}
    page = clerk_browser.post(reverse("accounts:tokens"), data).content.decode()

    token = ApiToken.objects.get()
    assert token.user == world.clerk and token.scopes == ["cases:read", "documents:write"]
    secret = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert token_authenticate(secret) == token
    assert AuditEntry.objects.get(action="token.create").actor_name == "clerk"

    again = clerk_browser.get(reverse("accounts:tokens")).content.decode()
    assert secret not in again and "Scanner in the registry" in again and token.prefix in again


def test_each_bad_field_is_shown_beside_it(clerk_browser: Client) -> None:
    page = clerk_browser.post(reverse("accounts:tokens"), {"name": "", "days": 999}).content.decode()
    for field in ("name", "scopes", "days"):
        assert f'id="id_{field}_error"' in page
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_ones_own_tokens(world: World, clerk_browser: Client) -> None:
    token_create(actor=world.judge, user=world.judge, name="Judge's calendar", scopes=["cases:read"], days=3)
    token_create(actor=world.clerk, user=world.clerk, name="Clerk's scanner", scopes=["cases:read"], days=3)
    page = clerk_browser.get(reverse("accounts:tokens")).content.decode()
    assert "Clerk&#x27;s scanner" in page and "Judge&#x27;s calendar" not in page
    assert "First District Court" in page


def test_revoking_is_a_post_of_ones_own_token(world: World, clerk_browser: Client) -> None:
    mine, _ = token_create(actor=world.clerk, user=world.clerk, name="Mine", scopes=["cases:read"], days=3)
    theirs, _ = token_create(actor=world.judge, user=world.judge, name="Theirs", scopes=["cases:read"], days=3)

    assert clerk_browser.get(reverse("accounts:token-revoke", args=[mine.pk])).status_code == 405
    assert clerk_browser.post(reverse("accounts:token-revoke", args=[theirs.pk])).status_code == 404
    response = clerk_browser.post(reverse("accounts:token-revoke", args=[mine.pk]))

    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert AuditEntry.objects.filter(action="token.revoke").count() == 1


def test_times_are_shown_in_the_time_zone_of_ones_organization(world: World, clerk_browser: Client) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        token_create(actor=world.clerk, user=world.clerk, name="Scanner", scopes=["cases:read"], days=3)
        page = clerk_browser.get(reverse("accounts:tokens")).content.decode()

    assert "2026-03-02 14:00" in page and "2026-03-05 14:00" in page  # Almaty, UTC+5
    assert "09:00" not in page
    assert "Asia/Almaty" in page


def test_times_follow_the_membership_else_the_packs_zone(db: None, client: Client) -> None:
    office = OrganizationFactory(time_zone="Europe/Moscow")
    moscow = member(office, Role.PROSECUTOR, username="moscow")
    nowhere = UserFactory(username="nowhere")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        for user in (moscow, nowhere):
            token_create(actor=user, user=user, name="Scanner", scopes=["cases:read"], days=3)
        client.force_login(moscow)
        in_moscow = client.get(reverse("accounts:tokens")).content.decode()
        client.force_login(nowhere)
        in_the_pack = client.get(reverse("accounts:tokens")).content.decode()

    assert "2026-03-02 12:00" in in_moscow and "Europe/Moscow" in in_moscow
    assert "2026-03-02 14:00" in in_the_pack and "Asia/Almaty" in in_the_pack
