"""Reading petitions: those of a case, and those waiting for an answer that the user gives or filed."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adalat.accounts.access import AnyUser
from adalat.cases.models import Case
from adalat.cases.selectors import case_visible
from adalat.core.errors import NotFound
from adalat.jurisdictions.current import get_pack

from .models import Petition
from .rules import answers

LIST_LIMIT = 500


def case_petitions(*, case: Case) -> QuerySet[Petition]:
    """The petitions of a case fetched with ``case_get``, the first filed first."""
    return case.petitions.select_related("filed_by", "answered_by", "answer_document").order_by("filed_at", "pk")


def petition_get(*, case: Case, petition_id: int) -> Petition:
    found = case_petitions(case=case).filter(pk=petition_id).first()
    if found is None:
        raise NotFound(_("No such motion or complaint."))
    found.case = case
    return found


def petitions_waiting(*, user: AnyUser) -> list[Petition]:
    """The unanswered petitions of the cases the user sees that they answer or filed, the earliest due first."""
    kinds = {k.code: k for k in get_pack().header.petitions}
    person = getattr(user, "pk", None)
    rows = (
        Petition.objects.filter(answered_at__isnull=True, case__in=case_visible(user=user))
        .select_related("case", "case__holder", "filed_by")
        .order_by("due_on", "pk")
    )
    found = []
    for petition in rows[: LIST_LIMIT * 2]:
        kind = kinds.get(petition.kind)
        if petition.filed_by_id == person or (kind is not None and answers(user, petition.case, kind)):
            found.append(petition)
    return found[:LIST_LIMIT]
