"""Organizations edited in the Django admin: the hierarchy is validated, each change audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from adalat.audit.models import AuditEntry
from adalat.organizations.models import BridgePoint, Courtroom, Organization, Territory
from tests.conftest import World

pytestmark = pytest.mark.django_db


def inlines(**rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prefix in ("courtrooms", "bridge_points"):
        forms = rows.get(prefix, [])
        data.update({f"{prefix}-TOTAL_FORMS": len(forms), f"{prefix}-INITIAL_FORMS": sum("id" in f for f in forms)})
        data.update({f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, form in enumerate(forms):
            data.update({f"{prefix}-{i}-{name}": value for name, value in form.items()})
    return data


def court_form(**fields: Any) -> dict[str, Any]:
    data = {
        "code": "DC03",
        "name": "Third District Court",
        "kind": "court",
        "instance": 1,
        "time_zone": "Asia/Almaty",
        "is_active": "on",
    }
    data.update(fields)
    return data


def test_adding_a_court_with_a_courtroom_is_audited(admin_browser: Client, world: World) -> None:
    data = {**court_form(parent=world.appeal.pk), **inlines(courtrooms=[{"name": "Hall 1", "capacity": 30}])}
    response = admin_browser.post(reverse("admin:organizations_organization_add"), data)

    assert response.status_code == 302
    court = Organization.objects.get(code="DC03")
    assert court.parent == world.appeal and court.courtrooms.get().name == "Hall 1"
    actions = list(AuditEntry.objects.values_list("action", "actor_name"))
    assert actions == [("organization.create", "admin"), ("courtroom.create", "admin")]


def test_a_court_below_a_lower_court_is_refused_beside_the_field(admin_browser: Client, world: World) -> None:
    data = {**court_form(instance=2, parent=world.court.pk), **inlines()}
    response = admin_browser.post(reverse("admin:organizations_organization_add"), data)

    assert response.status_code == 200
    assert "A higher court must be of a higher instance." in response.content.decode()
    assert not Organization.objects.filter(code="DC03").exists() and not AuditEntry.objects.exists()


def test_changing_a_court_and_removing_its_courtroom_are_audited(admin_browser: Client, world: World) -> None:
    room = Courtroom.objects.create(court=world.court, name="Old hall")
    fields = {
        "code": world.court.code,
        "name": "First District Court (renamed)",
        "kind": "court",
        "instance": 1,
        "parent": world.appeal.pk,
        "time_zone": world.court.time_zone,
        "is_active": "on",
    }
    rows = [
        {"id": room.pk, "court": world.court.pk, "name": room.name, "capacity": 20, "is_active": "on", "DELETE": "on"}
    ]
    response = admin_browser.post(
        reverse("admin:organizations_organization_change", args=[world.court.pk]),
        {**fields, **inlines(courtrooms=rows)},
    )

    assert response.status_code == 302
    assert not Courtroom.objects.filter(pk=room.pk).exists()
    update = json.loads(AuditEntry.objects.get(action="organization.update").data)
    assert update["changes"] == {"name": ["First District Court", "First District Court (renamed)"]}
    assert AuditEntry.objects.filter(action="courtroom.delete", object_id=str(room.pk)).exists()


def test_bulk_deletion_is_audited_row_by_row(admin_browser: Client) -> None:
    territories = [Territory.objects.create(code=f"T{i}", name=f"Territory {i}") for i in range(2)]
    data = {"action": "delete_selected", "_selected_action": [t.pk for t in territories], "post": "yes"}
    admin_browser.post(reverse("admin:organizations_territory_changelist"), data)

    assert not Territory.objects.exists()
    assert AuditEntry.objects.filter(action="territory.delete").count() == 2


def test_a_bridge_point_is_added_with_its_audit_entry(admin_browser: Client, world: World) -> None:
    data = {"organization": world.prosecutor_office.pk, "name": "Video room", "address": "", "is_active": "on"}
    assert admin_browser.post(reverse("admin:organizations_bridgepoint_add"), data).status_code == 302
    point = BridgePoint.objects.get()
    assert AuditEntry.objects.get(action="bridge_point.create").object_id == str(point.pk)
