"""The terms of measures of restraint, as pure functions of the pack's rules and the moments.

A term counted in hours ends that many hours after it starts; one counted in days ends at midnight
after its last calendar day where the case is held (a detention ordered on 1 March for 60 days
ends at 24:00 on 29 April). An extension continues from the end. The motion that continues a
measure is due ``file_before`` hours before its end, and warnings count back from that moment.
No outage and no holiday ever moves any of these moments.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from adalat.cases.deadlines import Place
from adalat.jurisdictions.schema import MeasureKind, TermUnit


class State(StrEnum):
    RUNNING = "running"
    WARNING = "warning"  # the first warning before the last moment to file has passed
    FILE_OVERDUE = "file_overdue"  # the last moment to file passed without a motion
    MOTION_PENDING = "motion_pending"  # a motion that continues it waits for the court
    RELEASE_DUE = "release_due"  # the court refused to continue it: the person is released at its end
    PAST_END = "past_end"  # running past its end: the person must be released now
    ENDED = "ended"


ALARMS = frozenset({State.FILE_OVERDUE, State.PAST_END})


def term_end(kind: MeasureKind, place: Place, start: dt.datetime, amount: int) -> dt.datetime:
    """When a term of ``amount`` (in the kind's unit) starting at ``start`` ends."""
    if kind.unit == TermUnit.HOURS:
        return start + dt.timedelta(hours=amount)
    return place.midnight(place.day(start) + dt.timedelta(days=amount))


def length(kind: MeasureKind, place: Place, start: dt.datetime, end: dt.datetime) -> int:
    """How long a measure from ``start`` to ``end`` lasts, in the kind's unit (days begun count)."""
    if kind.unit == TermUnit.HOURS:
        return -(-int((end - start).total_seconds()) // 3600)
    return (place.day(end - dt.timedelta(microseconds=1)) - place.day(start)).days + 1


def file_by(kind: MeasureKind, place: Place, start: dt.datetime, end: dt.datetime | None) -> dt.datetime | None:
    """The last moment to file the motion that continues the measure: none without a term, without
    the rule, or for an extendable measure already at its limit."""
    if end is None or not kind.file_before:
        return None
    if kind.extension is not None and kind.limit is not None and length(kind, place, start, end) >= kind.limit:
        return None
    return end - dt.timedelta(hours=kind.file_before)


def warn_from(kind: MeasureKind, due: dt.datetime | None) -> dt.datetime | None:
    """When the first warning before the last moment to file is given."""
    if due is None or not kind.warn:
        return None
    return due - dt.timedelta(hours=max(kind.warn))


def state(
    kind: MeasureKind,
    *,
    ended: bool,
    ends_at: dt.datetime | None,
    due: dt.datetime | None,
    pending: bool,
    now: dt.datetime,
    refused: bool = False,
) -> State:
    """Where a measure stands at ``now``; ``refused``: the court's last decision on continuing it
    was a refusal."""
    if ended:
        return State.ENDED
    if ends_at is not None and now >= ends_at:
        return State.PAST_END
    if pending:
        return State.MOTION_PENDING
    if refused:
        return State.RELEASE_DUE
    if due is not None and now >= due:
        return State.FILE_OVERDUE
    start = warn_from(kind, due)
    if start is not None and now >= start:
        return State.WARNING
    return State.RUNNING
