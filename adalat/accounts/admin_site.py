"""The Django admin's site, made to log in through Adalat's own pages.

The admin's own log-in form would skip the lock-out, the second factor and the audit log, so
the site sends people to ``accounts:login`` instead; and it lets in only sessions verified
with the second factor when the person needs one. ``accounts.admin`` installs it as the
default site's class (as django-otp's ``OTPAdminSite`` is meant to be installed).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import services, views
from .guards import session_satisfied
from .models import User


class AdalatAdminSite(AdminSite):
    site_header = _("Adalat administration")
    site_title = _("Adalat administration")
    index_title = _("Reference data")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and session_satisfied(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if session_satisfied(request):
            # Logged in with every factor, and still not let in: not staff.
            raise PermissionDenied
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = reverse("admin:index", current_app=self.name)
        return redirect_to_login(wanted, reverse("accounts:login"))

    def password_change(  # type: ignore[override]  # any response will do, as in Django itself
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().password_change(request, extra_context)
            if request.method == "POST" and response.status_code == 302 and isinstance(request.user, User):
                services.user_password_changed(actor=request.user, user=request.user)
        return response

    def logout(  # type: ignore[override]  # any response will do, as in Django itself
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return views.logout(request)
