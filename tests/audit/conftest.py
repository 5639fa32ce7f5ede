"""Fixtures for the audit tests: a log written by real services, and a signing key and
checkpoint folder of each test's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from adalat.audit.models import AuditEntry
from tests.cases.factories import register
from tests.conftest import World


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
