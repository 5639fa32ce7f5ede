"""REST endpoint of a case's workflow, mounted with the case endpoints at /api/v1/cases: the stages
and steps the pack declares for the case's kind, with the stages the case reached and where it is
now, as the case page draws them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema

from adalat.accounts.api_auth import require_scope
from adalat.jurisdictions.current import get_pack

from . import selectors
from .diagram import last_reached

router = Router(tags=["cases"])

CASES_READ = "cases:read"


class WorkflowStageOut(Schema):
    code: str
    name: str
    holder: str = Field(description="the kind of organization that holds the case at this stage")
    instances: list[int] = Field(description="for courts: the instances whose courts hold it (any when empty)")
    reached_at: dt.datetime | None = Field(description="when the case last reached this stage; null if never")
    current: bool = Field(description="the case is at this stage now")


class WorkflowStepOut(Schema):
    action: str
    from_: list[str] = Field(alias="from", description="the stages the step starts from")
    to: str
    name: str
    handover: bool = Field(description="the step sends the case to another organization")


class WorkflowOut(Schema):
    kind: str
    stage: str = Field(description="the stage the case is at now")
    initial_stage: str
    also_starts_at: list[str]
    stages: list[WorkflowStageOut] = Field(description="in the pack's order")
    transitions: list[WorkflowStepOut]


@router.get("/{case_id}/workflow", response=WorkflowOut, by_alias=True, url_name="case_workflow")
def case_workflow(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """The workflow of the case's kind, with the stages the case reached (as the events the caller
    may see tell it) and the one it is at; empty when the pack no longer describes the kind."""
    user = require_scope(request, CASES_READ)
    case = selectors.case_get(user=user, case_id=case_id)
    kind = get_pack().kinds.get(case.kind)
    out: dict[str, Any] = {"kind": case.kind, "stage": case.stage, "initial_stage": "", "also_starts_at": []}
    if kind is None:
        return {**out, "stages": [], "transitions": []}
    language = get_language() or get_pack().languages[0]
    reached = last_reached(selectors.case_stages_reached(user=user, case=case))
    stages = [
        {
            "code": stage.code,
            "name": stage.label(language),
            "holder": kind.holder_of(stage.code).value,
            "instances": stage.instances,
            "reached_at": reached.get(stage.code),
            "current": stage.code == case.stage,
        }
        for stage in kind.stages
    ]
    steps = [
        {
            "action": t.action,
            "from": t.from_,
            "to": t.to,
            "name": t.label(language),
            "handover": t.handover is not None,
        }
        for t in kind.transitions
    ]
    return {
        **out,
        "initial_stage": kind.initial_stage,
        "also_starts_at": kind.also_starts_at,
        "stages": stages,
        "transitions": steps,
    }
