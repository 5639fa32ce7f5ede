"""The audit log in the Django admin: read-only, newest entries first, for whoever may read it
(``user.has_perm("audit.view_auditentry")``, which the access policy answers).

People search it (actor, action, object), filter it (kind of entry, action, object type, actor,
a date range), read what each action means in their language, and see times in their own time
zone to the second; the reads of restricted records are one filter away. Nothing can be added,
changed or deleted here; the log is written only by ``audit_record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import labels
from .check import AuditCheck, audit_check
from .filters import ActionFilter, ActorFilter, DateRangeFilter, KindFilter, ObjectTypeFilter
from .models import AuditEntry


def local_time(at: str) -> dt.datetime | None:
    """An entry's time (fixed-width UTC text) in the viewer's time zone."""
    try:
        moment = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return timezone.localtime(moment)


def _signed_at(check: AuditCheck | None) -> str:
    """When the latest checkpoint was signed, in the viewer's time zone, to the second."""
    if check is None or check.latest is None or check.latest.checkpoint is None:
        return ""
    signed = check.latest.checkpoint.created_at
    local = local_time(signed)
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''}".strip() if local else signed


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("seq", "when", "actor", "action_label", "object")
    list_display_links = ("seq",)
    # The typed-in filters first: the list of actions is long.
    list_filter = (KindFilter, DateRangeFilter, ActorFilter, ObjectTypeFilter, ActionFilter)
    show_facets = admin.ShowFacets.NEVER  # a count per choice would read the whole log each time
    search_fields = ("actor_name", "=object_id", "data")
    search_help_text = _("Search by actor, action, object id or case number.")
    ordering = ("-seq",)
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = (
        "seq",
        "when",
        "at",
        "actor_id",
        "actor_name",
        "action_label",
        "action",
        "object_type",
        "object_id",
        "data",
        "prev_hash",
        "hash",
    )
    fields = readonly_fields

    class Media:
        css = {"all": ("audit/admin.css",)}

    @admin.display(description=_("time"), ordering="seq")
    def when(self, entry: AuditEntry) -> SafeString | str:
        local = local_time(entry.at)
        if local is None:
            return entry.at
        zone = local.tzname() or ""
        return format_html(
            '<time datetime="{}" title="{} UTC">{} {}</time>',
            entry.at,
            entry.at[:19].replace("T", " "),
            local.strftime("%Y-%m-%d %H:%M:%S"),
            zone,
        )

    @admin.display(description=_("actor"))
    def actor(self, entry: AuditEntry) -> SafeString:
        query = urlencode({ActorFilter.parameter_name: entry.actor_name})
        return format_html('<a href="?{}">{}</a>', query, entry.actor_name)

    @admin.display(description=_("action"))
    def action_label(self, entry: AuditEntry) -> SafeString | str:
        label = labels.action_label(entry.action)
        if entry.action in labels.RESTRICTED_READS:
            return format_html('<strong class="restricted-read">{}</strong>', label)
        return label

    @admin.display(description=_("object"))
    def object(self, entry: AuditEntry) -> str:
        return labels.object_label(entry.object_type, entry.object_id, entry.data)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry], search_term: str
    ) -> tuple[QuerySet[AuditEntry], bool]:
        """The fields' search, and the entries whose action's label (or code) holds the term."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, duplicates
        by_action = labels.labelled(term) or Q(action__icontains=term)
        return found | queryset.filter(by_action), duplicates

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
            "latest_signed_at": _signed_at(check),
        }
        return TemplateResponse(request, "admin/audit/auditentry/verify.html", context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
