"""What the people on a case are told about it in plain words: where it is, what may happen next
and by when, and what has been decided so far — all read from the pack and the case's events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language

from adalat.accounts.access import AnyUser
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import StageStatus

from .models import Case
from .selectors import case_events


@dataclass(frozen=True)
class Decision:
    at: dt.datetime
    stage: str  # the stage's name
    explained: str  # its plain description, or ""


@dataclass(frozen=True)
class Outlook:
    stage: str  # the name of the stage the case is at
    explained: str  # what the stage means, or "" when the pack does not say
    steps: list[str]  # the names of the steps that may follow, each once
    due_on: dt.date | None  # the stage's deadline, when one runs
    closed: bool
    decisions: list[Decision]  # oldest first


def case_outlook(*, user: AnyUser, case: Case) -> Outlook:
    """The case as its parties and their lawyers read it; ``case`` comes from ``case_get``."""
    language = get_language() or get_pack().languages[0]
    kind = get_pack().kinds.get(case.kind)
    if kind is None or not kind.has_stage(case.stage):
        return Outlook(case.stage, "", [], None, case.status == Case.Status.CLOSED, [])
    stage = kind.stage(case.stage)
    closed = case.status == Case.Status.CLOSED
    steps: list[str] = []
    if not closed:
        for transition in kind.transitions_from(stage.code):
            name = transition.label(language)
            if name not in steps:
                steps.append(name)
    decisive = {s.code: s for s in kind.stages if s.resolves or s.status == StageStatus.CLOSED}
    events = case_events(user=user, case=case).filter(code="transition", to_stage__in=list(decisive))
    decisions = [
        Decision(
            at=event.at,
            stage=decisive[event.to_stage].label(language),
            explained=decisive[event.to_stage].explained(language),
        )
        for event in events
    ]
    running = case.status == Case.Status.OPEN and not case.in_transit
    return Outlook(
        stage=stage.label(language),
        explained=stage.explained(language),
        steps=steps,
        due_on=case.due_on if running else None,
        closed=closed,
        decisions=decisions,
    )
