"""The Django admin lets in only staff logged in through Adalat's pages, with the second factor
when they need it."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from tests.accounts.conftest import LogIn
from tests.accounts.factories import totp_code
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_admin_site_refuses_an_admin_without_the_second_factor(administrator: User, client: Client) -> None:
    client.force_login(administrator)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_the_admin_sites_own_login_form_is_not_used(client: Client) -> None:
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/accounts/user/"


def test_an_admin_logged_in_with_both_factors_gets_in(
    admin_device: TOTPDevice, client: Client, log_in: LogIn, clock: time_machine.Traveller
) -> None:
    log_in("admin", next_url="/admin/")
    response = client.post(reverse("accounts:verify"), {"code": totp_code(admin_device)})
    assert response["Location"] == "/admin/"

    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_someone_who_is_not_staff_is_told_no(world: World, client: Client, log_in: LogIn) -> None:
    log_in("clerk")
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_logging_out_of_the_admin_is_audited(admin_browser: Client) -> None:
    response = admin_browser.post(reverse("admin:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in admin_browser.session
    assert AuditEntry.objects.filter(action="logout").count() == 1


def test_second_factors_and_groups_are_not_edited_through_generic_pages(admin_browser: Client) -> None:
    assert admin_browser.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_browser.get("/admin/auth/group/").status_code == 404
