"""Deployment checks of the audit log (``adalat check --deploy``): the checkpoints have a second
place, and the signing key is not kept in the data folder next to the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def audit_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if not settings.AUDIT_CHECKPOINT_MIRROR:
        found.append(
            CheckWarning(
                "ADALAT_AUDIT_CHECKPOINT_MIRROR is not set: the audit checkpoints are kept in one place only.",
                hint="Set it to a folder on another disk or host, or to an https URL that accepts them.",
                id="adalat.audit.W001",
            )
        )
    key = Path(settings.AUDIT_SIGNING_KEY_FILE).resolve()
    if key.is_relative_to(Path(settings.DATA_DIR).resolve()):
        found.append(
            CheckWarning(
                "The audit signing key is inside ADALAT_DATA_DIR, with the data it protects.",
                hint="Set ADALAT_AUDIT_SIGNING_KEY_FILE to a file outside it, provisioned from your secret store.",
                id="adalat.audit.W002",
            )
        )
    return found
