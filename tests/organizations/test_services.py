"""Organizations as reference data: the court hierarchy is checked, and every change is audited."""

from __future__ import annotations

import json

import pytest

from adalat.audit.models import AuditEntry
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.core.roles import Role
from adalat.organizations import services
from adalat.organizations.models import Courtroom, Organization, Territory
from tests.accounts.factories import member
from tests.conftest import World
from tests.organizations.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_creating_a_court_records_its_fields(world: World) -> None:
    court = Organization(
        code="DC03",
        name="Third District Court",
        kind="court",
        instance=1,
        parent=world.appeal,
        time_zone="Asia/Tashkent",
    )
    admin = member(world.supreme, Role.ADMIN, username="admin")
    services.organization_save(actor=admin, organization=court)

    entry = AuditEntry.objects.get(action="organization.create")
    data = json.loads(entry.data)
    assert entry.object_id == str(court.pk) and entry.actor_name == "admin"
    assert data["changes"]["parent"] == world.appeal.pk and data["changes"]["code"] == "DC03"


def test_only_administrators_change_reference_data_whatever_the_admin_lets_through(world: World) -> None:
    """The policy decides, not only the Django admin's permissions: a court's chair, or a staff
    account given every model permission, may not rename a court or move a judge."""
    world.court.name = "Renamed"
    world.chair.is_staff = True
    world.chair.save()
    for actor in (world.chair, world.clerk):
        with pytest.raises(PermissionDenied):
            services.organization_save(actor=actor, organization=world.court)
        with pytest.raises(PermissionDenied):
            services.courtroom_save(actor=actor, courtroom=Courtroom(court=world.court, name="Room 9"))
    assert Organization.objects.get(pk=world.court.pk).name == "First District Court"
    assert not Courtroom.objects.exists() and not AuditEntry.objects.exists()


def test_a_change_records_the_old_and_the_new_value(world: World) -> None:
    world.court.name = "First District Court of the Capital"
    services.organization_save(actor=None, organization=world.court)

    data = json.loads(AuditEntry.objects.get(action="organization.update").data)
    assert data["changes"] == {"name": ["First District Court", "First District Court of the Capital"]}
    assert AuditEntry.objects.get().actor_name == "system"


@pytest.mark.parametrize(
    ("instance", "parent", "field"),
    [
        (2, "court", "parent"),  # an appeal court below a district court
        (1, "other_court", "parent"),  # a district court below another district court
        (None, "appeal", "instance"),  # a court without its instance
    ],
)
def test_the_court_hierarchy_is_checked_and_nothing_is_written(
    world: World, instance: int | None, parent: str, field: str
) -> None:
    court = Organization(
        code="NEW", name="New court", kind="court", instance=instance, parent=getattr(world, parent), time_zone="UTC"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.organization_save(actor=None, organization=court)
    assert field in refused.value.fields
    assert not Organization.objects.filter(code="NEW").exists() and not AuditEntry.objects.exists()


def test_an_organization_cannot_sit_below_its_own_subordinate(world: World) -> None:
    ministry = Organization.objects.create(code="MJ", name="Ministry", kind="ministry", time_zone="UTC")
    office = Organization.objects.create(
        code="PO", name="Office", kind="prosecutor_office", parent=ministry, time_zone="UTC"
    )
    ministry.parent = office
    with pytest.raises(ValidationFailed) as refused:
        services.organization_save(actor=None, organization=ministry)
    assert "parent" in refused.value.fields


def test_a_territory_cannot_lie_within_itself(db: None) -> None:
    region = TerritoryFactory(code="R1")
    district = TerritoryFactory(code="D1", parent=region)
    region.parent = district
    with pytest.raises(ValidationFailed):
        services.territory_save(actor=None, territory=region)
    assert Territory.objects.get(code="R1").parent is None


def test_an_organization_in_use_cannot_be_deleted(world: World) -> None:
    with pytest.raises(Conflict):
        services.organization_delete(actor=None, organization=world.court)
    assert Organization.objects.filter(pk=world.court.pk).exists() and not AuditEntry.objects.exists()


def test_deleting_a_courtroom_records_what_it_was(world: World) -> None:
    room = Courtroom.objects.create(court=world.court, name="Hall 1", has_video=True)
    services.courtroom_delete(actor=None, courtroom=room)

    data = json.loads(AuditEntry.objects.get(action="courtroom.delete").data)
    assert data["values"]["name"] == "Hall 1" and data["values"]["has_video"] is True
