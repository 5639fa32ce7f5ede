"""How the accounts module plugs into the kernel: its access rules, the check that the pack says
who may do what it leaves to the law, and the administration's entry in the navigation."""

from __future__ import annotations

from django.core.checks import register as register_check
from django.utils.translation import gettext_lazy as _

from adalat.core.navigation import nav_entry

from . import access
from .checks import pack_permissions_check


def register() -> None:
    access.register_rules()
    register_check(pack_permissions_check)
    nav_entry(
        "administration",
        label=_("Administration"),
        url_name="admin:index",
        order=90,
        shown=lambda user: bool(getattr(user, "is_staff", False)),
    )
