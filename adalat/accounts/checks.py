"""Checks Django runs at start (``adalat check``, and before every command): the pack says who may
do each of the acts that modules leave to it, and names no act nobody declared."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from adalat.jurisdictions.current import get_pack

from .access import pack_permissions


def pack_permissions_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    declared = pack_permissions()
    named = set(get_pack().header.permissions)
    errors: list[CheckMessage] = [
        Error(
            f"pack.yaml: permissions: the pack does not say who may {permission!r} (a rule of {owner})",
            id="adalat.E001",
        )
        for permission, owner in sorted(declared.items())
        if permission not in named
    ]
    errors += [
        Error(f"pack.yaml: permissions.{permission}: no module knows this permission", id="adalat.E002")
        for permission in sorted(named - set(declared))
    ]
    return errors
