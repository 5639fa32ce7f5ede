"""How filing online plugs into the kernel: its entry in the navigation, for the people who file
claims (those who are not staff of an organization holding cases) and the registries of courts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from adalat.accounts import access
from adalat.core.navigation import nav_entry
from adalat.jurisdictions.current import get_pack


def _files_or_decides(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not get_pack().header.filing.kinds:
        return False
    return not access.staff_ids(user) or bool(access.holding_ids(user, "registers") & access.court_ids(user))


def register() -> None:
    nav_entry("claims", label=gettext_lazy("Claims"), url_name="filing:list", order=47, shown=_files_or_decides)
