"""Reading claims filed online: a person's own, those waiting at the courts where someone registers
cases, and the courts the pack's territorial rule suggests for where the filer lives."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.core.errors import NotFound
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization, Territory

from .models import Filing
from .services import filing_courts

LIST_LIMIT = 200


def _registries(user: AnyUser) -> set[int]:
    return access.holding_ids(user, "registers")


def filing_get(*, user: AnyUser, filing_id: int, for_update: bool = False) -> Filing:
    """A claim its filer sees, or (once submitted) the registry of its court."""
    filings = Filing.objects.select_related("court", "filer", "decided_by", "case")
    if for_update:
        filings = filings.select_for_update(of=("self",))
    found = filings.filter(pk=filing_id).first()
    person = getattr(user, "pk", None)
    if found is None or not (
        found.filer_id == person or (found.state != Filing.State.DRAFT and found.court_id in _registries(user))
    ):
        raise NotFound(_("No such claim."))
    return found


def my_filings(*, user: AnyUser) -> QuerySet[Filing]:
    return (
        Filing.objects.filter(filer_id=getattr(user, "pk", None))
        .select_related("court", "case")
        .order_by("-created_at", "-pk")
    )


def court_filings(*, user: AnyUser) -> QuerySet[Filing]:
    """The submitted claims at the courts where the user registers cases, the oldest first."""
    return (
        Filing.objects.filter(court_id__in=sorted(_registries(user)), state=Filing.State.SUBMITTED)
        .select_related("court", "filer")
        .order_by("submitted_at", "pk")
    )


def territories() -> list[Territory]:
    return list(Territory.objects.select_related("parent").order_by("parent__name", "name", "pk"))


def courts_suggested(*, territory_id: int | None) -> list[Organization]:
    """The courts taking claims online for someone living in the territory: those of the territory
    itself first, then those above or within it; all of them when no territory is given."""
    courts = filing_courts()
    territory = Territory.objects.filter(pk=territory_id).first() if territory_id else None
    if territory is None:
        return courts
    line = organization_selectors.territory_line_ids(territory)
    near = [c for c in courts if c.territory_id in line]
    return sorted(near, key=lambda c: (c.territory_id != territory.pk, c.name))
