"""Reading organizations: the hierarchy of courts, territories and reference lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Organization, Territory


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """The given organizations and every organization below them (a few levels: one query each)."""
    found = set(root_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def territory_codes(organization: Organization) -> list[str]:
    """The organization's territory and every territory above it, for local holidays."""
    codes: list[str] = []
    territory: Territory | None = organization.territory
    seen: set[int] = set()
    while territory is not None and territory.pk not in seen:
        seen.add(territory.pk)
        codes.append(territory.code)
        territory = territory.parent
    return codes


def territory_line_ids(territory: Territory) -> set[int]:
    """The territory, those within it (at any depth) and those it lies within."""
    found = {territory.pk}
    above: Territory | None = territory.parent
    while above is not None and above.pk not in found:
        found.add(above.pk)
        above = above.parent
    frontier = {territory.pk}
    below: set[int] = set()
    while frontier:
        frontier = set(Territory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - below - found
        below |= frontier
    return found | below


def court_list(*, ids: Iterable[int] | None = None) -> QuerySet[Organization]:
    courts = Organization.objects.filter(kind=Organization.Kind.COURT, is_active=True)
    if ids is not None:
        courts = courts.filter(pk__in=list(ids))
    return courts.order_by("-instance", "name")


def organization_get(*, organization_id: int) -> Organization | None:
    return Organization.objects.filter(pk=organization_id).first()
