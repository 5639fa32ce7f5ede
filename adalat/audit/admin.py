"""The audit log in the Django admin: read-only, for administrators, newest entries first.

Nothing can be added, changed or deleted here; the log is written only by ``audit_record``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .check import audit_check
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("seq", "at", "actor_name", "action", "object_label")
    list_display_links = ("seq",)
    ordering = ("-seq",)
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = (
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "data",
        "prev_hash",
        "hash",
    )
    fields = readonly_fields

    @admin.display(description=_("object"))
    def object_label(self, entry: AuditEntry) -> str:
        return f"{entry.object_type}:{entry.object_id}"

    def get_urls(self) -> list[URLPattern]:
        verify = self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.verify_view))
        return [path("verify/", verify, name="audit_auditentry_verify"), *super().get_urls()]

    def verify_view(self, request: HttpRequest) -> TemplateResponse:
        """Walk the chain and the kept checkpoints on request (POST), and show the outcome."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        check = audit_check(workers=1) if request.method == "POST" else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Verify the audit log"),
            "check": check,
            "summary": check.summary if check else "",
        }
        return TemplateResponse(request, "admin/audit/auditentry/verify.html", context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
