"""Changes to people made in the Django admin leave their audit entries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts import throttle
from adalat.accounts.models import ApiToken, LoginFailures, Membership, User
from adalat.accounts.tokens import token_create
from adalat.audit.models import AuditEntry
from adalat.core import clock
from adalat.core.roles import Role
from tests.accounts.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from tests.conftest import World

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def user_form(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "kind": user.kind,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
    }
    data.update(changes)
    return data


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_adding_a_user_is_audited_without_the_password(admin_browser: Client, administrator: User) -> None:
    data = {
        "username": "newclerk",
        "kind": "person",
        "usable_password": "true",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        **inline("memberships", []),
    }
    response = admin_browser.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302
    created = entry("user.create")
    assert created.actor_name == "admin"
    assert '"username":"newclerk"' in created.data and "password" not in created.data
    assert User.objects.get(username="newclerk").check_password("a long enough passphrase")


def test_changing_a_user_and_adding_a_membership_are_audited(admin_browser: Client, world: World) -> None:
    existing = world.lawyer.memberships.get()
    rows = [
        {"id": existing.pk, "user": world.lawyer.pk, "organization": existing.organization_id, "role": existing.role},
        {"user": world.lawyer.pk, "organization": world.court.pk, "role": Role.CLERK},
    ]
    for row in rows:
        row["is_active"] = "on"
    data = {**user_form(world.lawyer, first_name="Gulnara"), **inline("memberships", rows, initial=1)}
    response = admin_browser.post(reverse("admin:accounts_user_change", args=[world.lawyer.pk]), data)

    assert response.status_code == 302
    changes = json.loads(entry("user.update").data)["changes"]
    assert changes["first_name"][1] == "Gulnara"
    membership = Membership.objects.get(user=world.lawyer, organization=world.court)
    assert entry("membership.create").object_id == str(membership.pk)


def test_saving_without_changes_leaves_no_entry(admin_browser: Client, world: World) -> None:
    existing = world.lawyer.memberships.get()
    rows = [
        {
            "id": existing.pk,
            "user": world.lawyer.pk,
            "organization": existing.organization_id,
            "role": existing.role,
            "is_active": "on",
        }
    ]
    data = {**user_form(world.lawyer), **inline("memberships", rows, initial=1)}
    assert admin_browser.post(reverse("admin:accounts_user_change", args=[world.lawyer.pk]), data).status_code == 302
    assert not AuditEntry.objects.exists()


def test_setting_a_password_in_the_admin_is_audited(admin_browser: Client, world: World) -> None:
    url = reverse("admin:auth_user_password_change", args=[world.clerk.pk])
    data = {"usable_password": "true", "password1": "another good passphrase", "password2": "another good passphrase"}
    response = admin_browser.post(url, data)

    assert response.status_code == 302
    assert entry("user.password_change").object_id == str(world.clerk.pk)


def test_deleting_a_membership_is_audited(admin_browser: Client, world: World) -> None:
    membership = world.lawyer.memberships.get()
    response = admin_browser.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert entry("membership.delete").object_id == str(membership.pk)


def test_unlocking_a_user_forgets_their_failures_and_is_audited(admin_browser: Client) -> None:
    locked = UserFactory(username="locked")
    window = throttle.window_start(clock.now())
    for scope, address in (("name", ""), ("pair", "10.0.0.1")):
        LoginFailures.objects.create(scope=scope, address=address, username="locked", window=window, failures=5)
    LoginFailures.objects.create(scope="address", address="10.0.0.1", window=window, failures=5)
    data = {"action": "unlock", "_selected_action": [locked.pk]}
    admin_browser.post(reverse("admin:accounts_user_changelist"), data)

    assert list(LoginFailures.objects.values_list("scope", flat=True)) == ["address"]
    assert entry("user.unlock").object_id == str(locked.pk)


def test_the_failed_log_ins_are_listed_read_only(admin_browser: Client) -> None:
    window = throttle.window_start(clock.now())
    LoginFailures.objects.create(scope="name", username="made-up-name", window=window, failures=3)
    page = admin_browser.get(reverse("admin:accounts_loginfailures_changelist")).content.decode()
    assert "made-up-name" in page
    assert admin_browser.get(reverse("admin:accounts_loginfailures_add")).status_code == 403


def test_resetting_the_second_factor_removes_the_devices(admin_browser: Client, world: World) -> None:
    TOTPDeviceFactory(user=world.judge)
    data = {"action": "reset_second_factor", "_selected_action": [world.judge.pk]}
    admin_browser.post(reverse("admin:accounts_user_changelist"), data)

    assert not TOTPDevice.objects.filter(user=world.judge).exists()
    assert json.loads(entry("second_factor.reset").data) == {"devices": 1}


def test_tokens_are_read_only_and_revoked_by_an_action(admin_browser: Client, world: World) -> None:
    token, _secret = token_create(actor=world.clerk, user=world.clerk, name="Scanner", scopes=["cases:read"], days=5)
    assert admin_browser.get(reverse("admin:accounts_apitoken_add")).status_code == 403

    admin_browser.post(
        reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert entry("token.revoke").actor_name == "admin"
    assert ApiToken.objects.count() == 1


def test_changing_ones_own_password_in_the_admin_is_audited(admin_browser: Client, administrator: User) -> None:
    data = {
        "old_password": PASSWORD,
        "new_password1": "a brand new passphrase",
        "new_password2": "a brand new passphrase",
    }
    response = admin_browser.post(reverse("admin:password_change"), data)

    assert response.status_code == 302
    assert entry("user.password_change").object_id == str(administrator.pk)
    assert User.objects.get(pk=administrator.pk).check_password("a brand new passphrase")
