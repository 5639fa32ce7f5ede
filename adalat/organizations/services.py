"""Changing reference data: organizations and their hierarchy, territories, courtrooms, bridge
points. Each service validates (``Organization.clean`` checks the court hierarchy), writes and
leaves its audit entry. The caller owns the transaction."""

from __future__ import annotations

from adalat.audit.services import Actor

from .models import BridgePoint, Courtroom, Organization, Territory
from .reference import record_delete, record_save


def organization_save(*, actor: Actor, organization: Organization) -> Organization:
    return record_save(actor=actor, instance=organization, object_type="organization")


def organization_delete(*, actor: Actor, organization: Organization) -> None:
    record_delete(actor=actor, instance=organization, object_type="organization")


def territory_save(*, actor: Actor, territory: Territory) -> Territory:
    return record_save(actor=actor, instance=territory, object_type="territory")


def territory_delete(*, actor: Actor, territory: Territory) -> None:
    record_delete(actor=actor, instance=territory, object_type="territory")


def courtroom_save(*, actor: Actor, courtroom: Courtroom) -> Courtroom:
    return record_save(actor=actor, instance=courtroom, object_type="courtroom")


def courtroom_delete(*, actor: Actor, courtroom: Courtroom) -> None:
    record_delete(actor=actor, instance=courtroom, object_type="courtroom")


def bridge_point_save(*, actor: Actor, bridge_point: BridgePoint) -> BridgePoint:
    return record_save(actor=actor, instance=bridge_point, object_type="bridge_point")


def bridge_point_delete(*, actor: Actor, bridge_point: BridgePoint) -> None:
    record_delete(actor=actor, instance=bridge_point, object_type="bridge_point")
