"""The audit log in the Django admin: read-only, for administrators, newest entries first.

Nothing can be added, changed or deleted here; the log is written only by ``audit_record``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
