"""The log in the Django admin: administrators read it; nobody adds, changes or deletes entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import User
from adalat.audit import checkpoints
from adalat.audit.models import AuditEntry
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.audit import tampering
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/audit/auditentry/"


@pytest.fixture
def admin_browser(db: None) -> Client:
    ministry = OrganizationFactory(code="MJ", name="Ministry of Justice", kind=Organization.Kind.MINISTRY)
    admin: User = member(ministry, Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_the_log_is_listed_newest_first(admin_browser: Client, log: list[AuditEntry]) -> None:
    response = admin_browser.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    newest, oldest = log[-1], log[0]
    assert page.index(f">{newest.seq}<") < page.index(f">{oldest.seq}<")
    assert f"{newest.object_type}:{newest.object_id}" in page


def test_an_entry_is_shown_but_cannot_be_changed(admin_browser: Client, log: list[AuditEntry]) -> None:
    entry = log[0]
    page = admin_browser.get(f"{LIST}{entry.pk}/change/")
    assert page.status_code == 200 and entry.hash in page.content.decode()
    response = admin_browser.post(f"{LIST}{entry.pk}/change/", {"actor_name": "someone else"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == entry.actor_name


def test_entries_cannot_be_added_or_deleted(admin_browser: Client, log: list[AuditEntry]) -> None:
    assert admin_browser.get(f"{LIST}add/").status_code == 403
    assert admin_browser.post(f"{LIST}{log[0].pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() >= len(log)


def test_an_administrator_verifies_the_log_from_the_admin(admin_browser: Client, log: list[AuditEntry]) -> None:
    assert "Verify the log" in admin_browser.get(LIST).content.decode()
    form = admin_browser.get(f"{LIST}verify/")
    assert form.status_code == 200 and "Verify now" in form.content.decode()
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is whole." in page


def test_the_admin_page_names_the_broken_entry(admin_browser: Client, log: list[AuditEntry]) -> None:
    victim = log[1]
    tampering.update(victim.seq, action="case.nothing_happened")
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is broken." in page and f"#{victim.seq}" in page


def test_others_cannot_open_the_verification_page(log: list[AuditEntry], client: Client) -> None:
    clerk = member(OrganizationFactory(kind=Organization.Kind.COURT, instance=1), Role.CLERK, username="clerk")
    client.force_login(clerk)
    assert client.post(f"{LIST}verify/").status_code == 302  # to the log-in page: not staff


def test_the_admin_page_names_the_latest_checkpoint_and_a_missing_copy(
    admin_browser: Client, log: list[AuditEntry], audit_files: Path
) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is whole." in page
    assert f"The latest signed checkpoint, {path.name}, records entry #{len(log)}" in page
    assert "The 1 checkpoint holds." in page
    assert "No mirror is configured" in page


def test_the_admin_page_shows_a_log_cut_short_of_its_checkpoint(
    admin_browser: Client, log: list[AuditEntry], audit_files: Path
) -> None:
    checkpoints.checkpoint_write()
    tampering.delete(log[-1].seq)
    tampering.set_head(log[-2].seq, log[-2].hash)
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is broken." in page
    assert f"the log ends at #{log[-2].seq}" in page
    assert "1 of 1 checkpoints fails:" in page
