"""The Django admin for organizations, territories, courtrooms and bridge points.

Thin: the forms validate with the models' ``clean`` (the court hierarchy), and every save and
delete goes through ``organizations.services``, which writes the audit entry.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import Model

from adalat.audit.services import Actor

from . import services
from .audited_admin import AuditedAdmin
from .models import BridgePoint, Courtroom, Organization, Territory


class CourtroomInline(admin.TabularInline[Courtroom, Any]):
    model = Courtroom
    extra = 0
    fields = ["name", "capacity", "has_video", "is_active"]


class BridgePointInline(admin.TabularInline[BridgePoint, Any]):
    model = BridgePoint
    extra = 0
    fields = ["name", "territory", "address", "is_active"]
    autocomplete_fields = ["territory"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "instance", "parent", "time_zone", "is_active"]
    list_filter = ["kind", "instance", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "territory"]
    inlines = [CourtroomInline, BridgePointInline]

    def save_instance(self, actor: Actor, obj: Model) -> None:
        if isinstance(obj, Courtroom):
            services.courtroom_save(actor=actor, courtroom=obj)
        elif isinstance(obj, BridgePoint):
            services.bridge_point_save(actor=actor, bridge_point=obj)
        else:
            services.organization_save(actor=actor, organization=cast(Organization, obj))

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        if isinstance(obj, Courtroom):
            services.courtroom_delete(actor=actor, courtroom=obj)
        elif isinstance(obj, BridgePoint):
            services.bridge_point_delete(actor=actor, bridge_point=obj)
        else:
            services.organization_delete(actor=actor, organization=cast(Organization, obj))


@admin.register(Territory)
class TerritoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]

    def save_instance(self, actor: Actor, obj: Model) -> None:
        services.territory_save(actor=actor, territory=cast(Territory, obj))

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        services.territory_delete(actor=actor, territory=cast(Territory, obj))


@admin.register(BridgePoint)
class BridgePointAdmin(AuditedAdmin):
    list_display = ["name", "organization", "territory", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "organization__code", "organization__name"]
    autocomplete_fields = ["organization", "territory"]

    def save_instance(self, actor: Actor, obj: Model) -> None:
        services.bridge_point_save(actor=actor, bridge_point=cast(BridgePoint, obj))

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        services.bridge_point_delete(actor=actor, bridge_point=cast(BridgePoint, obj))
