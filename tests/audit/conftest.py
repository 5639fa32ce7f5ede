"""Fixtures for the audit tests: a log written by real services, and a signing key and
checkpoint folder of each test's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import browser, member
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory


@pytest.fixture
def log(world: World) -> list[AuditEntry]:
    """A log of a dozen entries or more, left by registering cases as a clerk does."""
    for kind in ("criminal", "civil", "administrative", "misdemeanour"):
        register(clerk=world.clerk, court=world.court, kind=kind)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) >= 12
    return entries


@pytest.fixture
def audit_files(settings: Settings, tmp_path: Path) -> Path:
    """The signing key and the checkpoints live under this test's own folder."""
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit-ed25519.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return tmp_path


@pytest.fixture
def ministry(db: None) -> Organization:
    return OrganizationFactory(
        code="MJ", name="Ministry of Justice", kind=Organization.Kind.MINISTRY, time_zone="Asia/Tokyo"
    )


@pytest.fixture
def admin_browser(ministry: Organization) -> Client:
    """The administrator (a superuser), logged in with the second factor."""
    admin: User = member(ministry, Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    return browser(admin)
