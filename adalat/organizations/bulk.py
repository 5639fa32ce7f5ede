"""Loading reference data in one go: territories, organizations, courtrooms and bridge points.

This is a data load (the demo country, an initial import), not an act of someone using the
system: it writes no audit entry per row. The caller writes one entry that summarises the load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .models import BridgePoint, Courtroom, Organization, Territory


@dataclass(frozen=True)
class TerritorySpec:
    code: str
    name: str
    parent: str = ""  # the parent territory's code


@dataclass(frozen=True)
class OrganizationSpec:
    code: str
    name: str
    kind: str
    time_zone: str
    instance: int | None = None
    parent: str = ""  # the higher organization's code, listed earlier
    territory: str = ""  # a territory's code
    address: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CourtroomSpec:
    court: str  # the court's code
    name: str
    capacity: int = 20
    has_video: bool = False


@dataclass(frozen=True)
class BridgePointSpec:
    organization: str  # the organization's code
    name: str
    territory: str = ""
    address: str = ""


@dataclass(frozen=True)
class LoadedOrganizations:
    territories: dict[str, Territory]
    organizations: dict[str, Organization]
    courtrooms: list[Courtroom]
    bridge_points: list[BridgePoint]


def organizations_bulk_create(
    *,
    territories: Sequence[TerritorySpec],
    organizations: Sequence[OrganizationSpec],
    courtrooms: Sequence[CourtroomSpec] = (),
    bridge_points: Sequence[BridgePointSpec] = (),
) -> LoadedOrganizations:
    """Create everything listed, parents before children (each list is in that order).

    Every organization is validated as a form would (``full_clean``), so a load cannot
    put a district court above an appeal court. Call inside a transaction.
    """
    loaded_territories: dict[str, Territory] = {}
    for spec in territories:
        territory = Territory(
            code=spec.code, name=spec.name, parent=loaded_territories[spec.parent] if spec.parent else None
        )
        territory.full_clean()
        territory.save()
        loaded_territories[spec.code] = territory
    loaded: dict[str, Organization] = {}
    for org in organizations:
        organization = Organization(
            code=org.code,
            name=org.name,
            kind=org.kind,
            instance=org.instance,
            parent=loaded[org.parent] if org.parent else None,
            territory=loaded_territories[org.territory] if org.territory else None,
            time_zone=org.time_zone,
            address=org.address,
            email=org.email,
            phone=org.phone,
        )
        organization.full_clean()
        organization.save()
        loaded[org.code] = organization
    rooms = Courtroom.objects.bulk_create(
        Courtroom(court=loaded[r.court], name=r.name, capacity=r.capacity, has_video=r.has_video) for r in courtrooms
    )
    points = BridgePoint.objects.bulk_create(
        BridgePoint(
            organization=loaded[b.organization],
            name=b.name,
            territory=loaded_territories[b.territory] if b.territory else None,
            address=b.address,
        )
        for b in bridge_points
    )
    return LoadedOrganizations(
        territories=loaded_territories, organizations=loaded, courtrooms=rooms, bridge_points=points
    )


def organizations_loaded(codes: Sequence[str]) -> dict[str, Organization]:
    """The organizations a previous load created (those still there), by code."""
    found = Organization.objects.filter(code__in=list(codes)).select_related("territory__parent")
    return {organization.code: organization for organization in found}
