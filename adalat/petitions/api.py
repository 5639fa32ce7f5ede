"""REST endpoints of motions and complaints: a case's, filing one, answering one, and those waiting."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from adalat.accounts.api_auth import require_scope
from adalat.cases import selectors as case_selectors
from adalat.core.api_input import Input

from . import selectors, services
from .models import Petition

router = Router(tags=["motions and complaints"])
CASES_READ, CASES_WRITE = "cases:read", "cases:write"


class PersonRef(Schema):
    id: int
    name: str = Field(alias="display_name")


class PetitionOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    kind: str
    text: str
    filed_at: dt.datetime
    filed_by: PersonRef
    due_on: dt.date
    outcome: str
    answer: str
    answered_at: dt.datetime | None
    answered_by: PersonRef | None
    answer_document: int | None = Field(
        alias="answer_document_id", description="the signed answer, a document of the case"
    )


class PetitionIn(Input):
    kind: str = Field(max_length=32, description="a kind of the pack: motion, complaint")
    text: str = Field(max_length=services.MAX_TEXT)


class AnswerIn(Input):
    outcome: Literal["granted", "partly", "refused"]
    answer: str = Field(max_length=services.MAX_TEXT)


@router.get("/cases/{case_id}/petitions", response=list[PetitionOut], url_name="case_petitions")
def case_petitions(request: HttpRequest, case_id: int) -> list[Petition]:
    """The motions and complaints filed on a case, the first first."""
    user = require_scope(request, CASES_READ)
    case = case_selectors.case_get(user=user, case_id=case_id)
    return list(selectors.case_petitions(case=case))


@router.post("/cases/{case_id}/petitions", response={201: PetitionOut}, url_name="petition_file")
def petition_file(request: HttpRequest, case_id: int, payload: PetitionIn) -> Status[Petition]:
    """File a motion or a complaint; the answer is due within the pack's time."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        petition = services.petition_file(actor=user, case=case, kind=payload.kind, text=payload.text)
    return Status(201, petition)


@router.post("/cases/{case_id}/petitions/{petition_id}/answer", response=PetitionOut, url_name="petition_answer")
def petition_answer(request: HttpRequest, case_id: int, petition_id: int, payload: AnswerIn) -> Petition:
    """Answer a motion (the organization holding the case) or a complaint (its supervisor), once."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        petition = selectors.petition_get(case=case, petition_id=petition_id)
        return services.petition_answer(actor=user, petition=petition, outcome=payload.outcome, answer=payload.answer)


@router.get("/petitions", response=list[PetitionOut], url_name="petitions_waiting")
def petitions_waiting(request: HttpRequest) -> list[Petition]:
    """The unanswered motions and complaints the caller answers or filed."""
    user = require_scope(request, CASES_READ)
    return selectors.petitions_waiting(user=user)
