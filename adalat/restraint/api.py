"""REST endpoints of measures of restraint: a case's measures and motions, applying, extending and
ending measures, moving the court, deciding a motion, and the custody terms the caller watches."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from adalat.accounts.api_auth import require_scope
from adalat.cases import selectors as case_selectors
from adalat.core.api_input import Input
from adalat.core.errors import NotFound
from adalat.organizations.models import Organization

from . import selectors, services
from .models import Measure, Motion
from .selectors import Standing

router = Router(tags=["measures of restraint"])
CASES_READ, CASES_WRITE = "cases:read", "cases:write"
TERM = Field(
    None, ge=1, le=87600, description="In the measure's unit (hours or days); none for a measure without a term."
)


class PersonRef(Schema):
    id: int
    name: str


class MeasureOut(Schema):
    id: int
    case: int
    case_number: str
    kind: str
    name: str
    person: PersonRef
    custody: bool
    started_at: dt.datetime
    ends_at: dt.datetime | None
    file_by: dt.datetime | None = Field(description="The last moment to file the motion that continues it.")
    warn_from: dt.datetime | None
    state: str = Field(description="running, warning, motion_pending, release_due, file_overdue, past_end or ended")
    ended_at: dt.datetime | None
    end: str

    @staticmethod
    def of(s: Standing) -> MeasureOut:
        m = s.measure
        return MeasureOut(
            id=m.pk,
            case=m.case_id,
            case_number=m.case.number,
            kind=m.kind,
            name=s.label,
            person=PersonRef(id=m.participant_id, name=m.participant.party.name),
            custody=m.custody,
            started_at=m.started_at,
            ends_at=m.ends_at,
            file_by=m.file_by if m.is_running else None,
            warn_from=s.warn_from if m.is_running else None,
            state=s.state.value,
            ended_at=m.ended_at,
            end=m.end,
        )


class MotionOut(Schema):
    id: int
    case: int = Field(description="The main case.")
    motion_case: int
    motion_number: str
    kind: str
    person: PersonRef
    measure: int | None = Field(description="The measure to extend; none: a motion to order one.")
    term: int | None
    grounds: str
    filed_at: dt.datetime
    decided_at: dt.datetime | None
    granted: bool | None
    granted_term: int | None
    reasons: str

    @staticmethod
    def of(m: Motion) -> MotionOut:
        return MotionOut(
            id=m.pk,
            case=m.case_id,
            motion_case=m.motion_case_id,
            motion_number=m.motion_case.number,
            kind=m.kind,
            person=PersonRef(id=m.participant_id, name=m.participant.party.name),
            measure=m.measure_id,
            term=m.term,
            grounds=m.grounds,
            filed_at=m.filed_at,
            decided_at=m.decided_at,
            granted=m.granted,
            granted_term=m.granted_term,
            reasons=m.reasons,
        )


class CaseMeasuresOut(Schema):
    measures: list[MeasureOut]
    motions: list[MotionOut]
    motion: MotionOut | None = Field(description="On a motion's own case: the motion it stands for.")


class MeasureIn(Input):
    kind: str = Field(max_length=32)
    participant: int = Field(ge=1, le=2**63 - 1)
    term: int | None = TERM
    note: str = Field("", max_length=services.MAX_TEXT)
    started_at: dt.datetime | None = Field(
        None, description="when it in fact began, if before now (an arrest made while Adalat was unavailable)"
    )


class MotionIn(Input):
    kind: str = Field("", max_length=32, description="The measure to order (not for an extension).")
    participant: int | None = Field(None, ge=1, le=2**63 - 1)
    measure: int | None = Field(None, ge=1, le=2**63 - 1, description="The measure to extend.")
    term: int | None = TERM
    grounds: str = Field(max_length=services.MAX_TEXT)
    court: int | None = Field(None, ge=1, le=2**63 - 1, description="Needed where several courts could decide.")


class ExtendIn(Input):
    term: int = Field(ge=1, le=87600)
    note: str = Field("", max_length=services.MAX_TEXT)


class EndIn(Input):
    end: Literal["lifted", "released"]
    note: str = Field("", max_length=services.MAX_TEXT)


class DecisionIn(Input):
    granted: bool
    term: int | None = TERM
    reasons: str = Field(max_length=services.MAX_TEXT)


def _measure_out(measure: Measure) -> MeasureOut:
    return MeasureOut.of(selectors.measure_standing(measure))


@router.get("/cases/{case_id}/measures", response=CaseMeasuresOut, url_name="case_measures")
def case_measures(request: HttpRequest, case_id: int) -> CaseMeasuresOut:
    """The measures of restraint of a case and the motions filed from it; on a motion's case, the motion."""
    user = require_scope(request, CASES_READ)
    case = case_selectors.case_get(user=user, case_id=case_id)
    motion = selectors.motion_of(case=case)
    return CaseMeasuresOut(
        measures=[MeasureOut.of(s) for s in selectors.case_measures(case=case)],
        motions=[MotionOut.of(m) for m in selectors.case_motions(case=case)],
        motion=MotionOut.of(motion) if motion else None,
    )


@router.post("/cases/{case_id}/measures", response={201: MeasureOut}, url_name="measure_apply")
def measure_apply(request: HttpRequest, case_id: int, payload: MeasureIn) -> Status[MeasureOut]:
    """Apply a measure to a person on the case (one the pack does not leave to a court, or any at a court)."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        measure = services.measure_apply(
            actor=user,
            case=case,
            kind=payload.kind,
            participant_id=payload.participant,
            term=payload.term,
            note=payload.note,
            started_at=payload.started_at,
        )
    return Status(201, _measure_out(measure))


@router.post("/cases/{case_id}/measures/{measure_id}/extend", response=MeasureOut, url_name="measure_extend")
def measure_extend(request: HttpRequest, case_id: int, measure_id: int, payload: ExtendIn) -> MeasureOut:
    """Extend a running measure while a court holds the case (before trial: move the court)."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        measure = selectors.measure_get(case=case, measure_id=measure_id)
        services.measure_extend(actor=user, case=case, measure=measure, term=payload.term, note=payload.note)
    return _measure_out(measure)


@router.post("/cases/{case_id}/measures/{measure_id}/end", response=MeasureOut, url_name="measure_end")
def measure_end(request: HttpRequest, case_id: int, measure_id: int, payload: EndIn) -> MeasureOut:
    """End a running measure: lifted, or the person released at the end of its term."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        measure = selectors.measure_get(case=case, measure_id=measure_id)
        services.measure_end(actor=user, case=case, measure=measure, end=payload.end, note=payload.note)
    return _measure_out(measure)


@router.post("/cases/{case_id}/motions", response={201: MotionOut}, url_name="motion_file")
def motion_file(request: HttpRequest, case_id: int, payload: MotionIn) -> Status[MotionOut]:
    """Move the court to order a measure for a person, or to extend a measure: the motion becomes a
    case at the court, linked to this one, on its way to the court's registry."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        measure = selectors.measure_get(case=case, measure_id=payload.measure) if payload.measure else None
        court = None
        if payload.court is not None:
            court = Organization.objects.filter(pk=payload.court).first()
            if court is None:
                raise NotFound(_("No such court."))
        motion = services.motion_file(
            actor=user,
            case=case,
            kind=payload.kind,
            participant_id=payload.participant,
            measure=measure,
            term=payload.term,
            grounds=payload.grounds,
            court=court,
        )
    return Status(201, MotionOut.of(motion))


@router.post("/cases/{case_id}/motion/decision", response=MotionOut, url_name="motion_decide")
def motion_decide(request: HttpRequest, case_id: int, payload: DecisionIn) -> MotionOut:
    """Decide the motion this case stands for (the judge assigned to it): grant it, for the term
    asked or a shorter one, or refuse it; the decision goes into the main case."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
        if selectors.motion_of(case=case) is None:
            raise NotFound(_("No such motion."))
        motion = services.motion_decide(
            actor=user, motion_case=case, granted=payload.granted, term=payload.term, reasons=payload.reasons
        )
    return MotionOut.of(motion)


@router.get("/custody", response=list[MeasureOut], url_name="custody_terms")
def custody_terms(request: HttpRequest, overdue: bool = False, mine: bool = False) -> list[MeasureOut]:
    """The running measures with a term in the cases the caller sees, the most urgent first;
    ``overdue``: only those past their end or whose motion is overdue; ``mine``: only in the cases
    the caller is in charge of."""
    user = require_scope(request, CASES_READ)
    return [MeasureOut.of(s) for s in selectors.custody_terms(user=user, alarms_only=overdue, mine=mine)]
