"""REST endpoints of supervision: a case's instructions, giving and answering them, and those
waiting for the caller."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from adalat.accounts.api_auth import require_scope
from adalat.cases import selectors as case_selectors
from adalat.core.api_input import Input

from . import selectors, services
from .models import Instruction
from .plugin import shown_to

router = Router(tags=["supervision"])
CASES_READ, CASES_WRITE = "cases:read", "cases:write"


class PersonRef(Schema):
    id: int
    name: str = Field(alias="display_name")


class InstructionOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    text: str
    given_at: dt.datetime
    given_by: PersonRef
    due_on: dt.date
    answer: str
    answered_at: dt.datetime | None
    answered_by: PersonRef | None


class InstructionIn(Input):
    text: str = Field(max_length=services.MAX_TEXT)


class AnswerIn(Input):
    answer: str = Field(max_length=services.MAX_TEXT)


@router.get("/cases/{case_id}/instructions", response=list[InstructionOut], url_name="case_instructions")
def case_instructions(request: HttpRequest, case_id: int) -> list[Instruction]:
    """The instructions of a case (for the court and the prosecution), the first given first."""
    user = require_scope(request, CASES_READ)
    case = case_selectors.case_get(user=user, case_id=case_id)
    shown_to(user, case)
    return list(selectors.case_instructions(case=case))


@router.post("/cases/{case_id}/instructions", response={201: InstructionOut}, url_name="instruction_give")
def instruction_give(request: HttpRequest, case_id: int, payload: InstructionIn) -> Status[Instruction]:
    """Give the organization holding the case an instruction; the answer is due within the pack's time."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        instruction = services.instruction_give(actor=user, case=case, text=payload.text)
    return Status(201, instruction)


@router.post(
    "/cases/{case_id}/instructions/{instruction_id}/answer", response=InstructionOut, url_name="instruction_answer"
)
def instruction_answer(request: HttpRequest, case_id: int, instruction_id: int, payload: AnswerIn) -> Instruction:
    """Answer an instruction, once (the organization holding the case)."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        shown_to(user, case)
        instruction = selectors.instruction_get(case=case, instruction_id=instruction_id)
        return services.instruction_answer(actor=user, instruction=instruction, answer=payload.answer)


@router.get("/instructions", response=list[InstructionOut], url_name="instructions_waiting")
def instructions_waiting(request: HttpRequest) -> list[Instruction]:
    """The unanswered instructions the caller's organization must answer or the caller gave."""
    user = require_scope(request, CASES_READ)
    return list(selectors.instructions_waiting(user=user)[:500])
