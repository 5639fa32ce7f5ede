"""Reading instructions: those of a case, and those waiting for the user (to answer, or answered by others)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.cases.models import Case
from adalat.cases.selectors import case_visible
from adalat.core.errors import NotFound

from .models import Instruction


def case_instructions(*, case: Case) -> QuerySet[Instruction]:
    """The instructions of a case fetched with ``case_get`` (the caller checked who may see them)."""
    return case.instructions.select_related("given_by", "answered_by").order_by("given_at", "pk")


def instruction_get(*, case: Case, instruction_id: int) -> Instruction:
    found = case_instructions(case=case).filter(pk=instruction_id).first()
    if found is None:
        raise NotFound(_("No such instruction."))
    return found


def instructions_waiting(*, user: AnyUser) -> QuerySet[Instruction]:
    """The unanswered instructions of the cases the user sees: those their organization must answer
    (it holds the case) and those they gave; the oldest due first."""
    held = access.holding_ids(user)
    person = getattr(user, "pk", None)
    mine = Q(case__holder_id__in=sorted(held)) | Q(given_by_id=person)
    return (
        Instruction.objects.filter(answered_at__isnull=True, case__in=case_visible(user=user))
        .filter(mine)
        .select_related("case", "case__holder", "given_by")
        .order_by("due_on", "pk")
    )
