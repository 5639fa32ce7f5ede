"""The organizations tests use the accounts tests' verified administrator."""

from tests.accounts.conftest import admin_browser, admin_device, administrator, ministry

__all__ = ["admin_browser", "admin_device", "administrator", "ministry"]
