"""Who applies, moves for, decides and ends measures of restraint: the pack says which roles on a
case may (``measure.apply``, ``measure.move``, ``measure.decide``, ``measure.end``); each is done by
the staff of the organization holding the case, and a motion is decided by the judge assigned to it."""

from __future__ import annotations

from typing import Any

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.events import Payload
from adalat.cases.models import Case
from adalat.jurisdictions.current import get_pack

OWNER = "restraint"
MEASURE_APPLY = "measure.apply"
MEASURE_MOVE = "measure.move"
MEASURE_DECIDE = "measure.decide"
MEASURE_END = "measure.end"


class MeasurePayload(Payload):
    measure: int
    kind: str
    participant: int
    ends_at: str | None = None
    end: str = ""


class MotionPayload(Payload):
    motion: int
    kind: str
    participant: int
    motion_case: int
    main_case: int
    measure: int | None = None
    granted: bool | None = None


def is_motion(case: Case) -> bool:
    return case.kind == get_pack().header.measures.motion_kind


def _holding(person: User | None, case: Any, permission: str, *, open_only: bool = True) -> bool:
    """The staff of the organization holding the case (an open one, unless ``open_only`` is off), in
    a role the pack lets do ``permission``."""
    return (
        isinstance(case, Case)
        and (case.status != Case.Status.CLOSED or not open_only)
        and case.holder_id in access.holding_ids(person)
        and access.pack_permits(person, permission, case)
    )


def apply_rule(person: User | None, case: Any) -> bool:
    """The staff of the holder in a role the pack lets apply measures (court measures: at a court)."""
    return _holding(person, case, MEASURE_APPLY) and not is_motion(case)


def move_rule(person: User | None, case: Any) -> bool:
    """Before trial, the staff of the holder in a role the pack lets move the court for a measure."""
    return _holding(person, case, MEASURE_MOVE) and not case.holder.is_court and not is_motion(case)


def decide_rule(person: User | None, case: Any) -> bool:
    """The judge assigned to a motion, in a role the pack lets decide motions."""
    return _holding(person, case, MEASURE_DECIDE, open_only=False) and is_motion(case)


def end_rule(person: User | None, case: Any) -> bool:
    """The staff of the holder in a role the pack lets end measures."""
    return _holding(person, case, MEASURE_END) and not is_motion(case)
