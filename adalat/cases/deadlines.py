"""Procedural deadlines: the pack says how long a stage may last (one or several named limits, in
hours or in working or calendar days, counted from entering the stage, from receipt or from an
event), the holder's calendar (its territory's holidays, its time zone) says which days count.

The rules are pure functions over ``Clock`` values, so that the services (which load and save
``Deadline`` rows) and the bulk loader (which writes rows by the million) apply the very same ones:

- entering a stage starts its deadlines counted from entry or from receipt;
- an event recorded at a stage starts the deadlines that stage counts from that event;
- leaving a stage closes its running deadlines, met or missed; a step that stays at the stage
  keeps them running, and may extend them up to the pack's maximum;
- entering a suspended stage pauses the deadlines that pause, with the time that was left, and
  coming back to their stage starts them again from there.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from adalat.jurisdictions.calendar import WorkCalendar, work_calendar
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import (
    DayCount,
    DeadlineSpec,
    DeadlineStart,
    Extension,
    Stage,
    StageStatus,
    deadline_code,
)
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

HOURS = "hours"


def holder_calendar(organization: Organization) -> WorkCalendar:
    return work_calendar(get_pack().calendar, organization_selectors.territory_codes(organization))


@dataclass(frozen=True)
class Place:
    """Where time is counted: the holder's time zone and calendar."""

    zone: ZoneInfo
    calendar: WorkCalendar

    @classmethod
    def of(cls, organization: Organization) -> Place:
        return cls(zone=ZoneInfo(organization.time_zone), calendar=holder_calendar(organization))

    def day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()

    def midnight(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=self.zone)


@dataclass
class Clock:
    """One deadline as the rules see it; ``row`` is what it stands for (a ``Deadline``, a bulk row).
    ``changed`` says whether the rules changed it since it was read."""

    stage: str
    code: str
    basis: str
    unit: str  # "working", "calendar" or "hours"
    amount: int
    starts_on: dt.date
    due_on: dt.date
    due_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    remaining: int | None = None
    closed_at: dt.datetime | None = None
    met: bool | None = None
    row: Any = None
    changed: bool = False

    @property
    def running(self) -> bool:
        return self.closed_at is None and self.paused_at is None

    @property
    def open(self) -> bool:
        return self.closed_at is None


def _unit(spec: DeadlineSpec) -> str:
    return HOURS if spec.in_hours else spec.count.value


def _due(
    place: Place, unit: str, start_day: dt.date, start_at: dt.datetime, amount: int
) -> tuple[dt.date, dt.datetime | None]:
    if unit == HOURS:
        due_at = start_at + dt.timedelta(hours=amount)
        return place.day(due_at), due_at
    return place.calendar.add(start_day, amount, DayCount(unit)), None


def start(*, stage: Stage, spec: DeadlineSpec, place: Place, received_on: dt.date, started_at: dt.datetime) -> Clock:
    """A deadline of ``stage`` started at ``started_at`` (or on receipt, when the pack says so)."""
    if spec.start == DeadlineStart.RECEIVED:
        start_day, start_at = received_on, place.midnight(received_on)
    else:
        start_day, start_at = place.day(started_at), started_at
    unit = _unit(spec)
    due_on, due_at = _due(place, unit, start_day, start_at, spec.amount)
    return Clock(
        stage=stage.code,
        code=deadline_code(stage, spec),
        basis=spec.describe(),
        unit=unit,
        amount=spec.amount,
        starts_on=start_day,
        due_on=due_on,
        due_at=due_at,
        changed=True,
    )


def on_entry(
    *, stage: Stage, place: Place, received_on: dt.date, at: dt.datetime, skip: Iterable[str] = ()
) -> list[Clock]:
    """The deadlines that start when the case enters ``stage`` (but those in ``skip``)."""
    skipped = set(skip)
    return [
        start(stage=stage, spec=spec, place=place, received_on=received_on, started_at=at)
        for spec in stage.deadlines
        if spec.start != DeadlineStart.EVENT and deadline_code(stage, spec) not in skipped
    ]


def on_event(
    clocks: list[Clock], *, stage: Stage, event: str, place: Place, received_on: dt.date, at: dt.datetime
) -> list[Clock]:
    """The deadlines the event ``event`` starts at ``stage`` (none already open with their code)."""
    opened = {c.code for c in clocks if c.open}
    return [
        start(stage=stage, spec=spec, place=place, received_on=received_on, started_at=at)
        for spec in stage.deadlines
        if spec.start == DeadlineStart.EVENT and spec.event == event and deadline_code(stage, spec) not in opened
    ]


def _close(clock: Clock, place: Place, at: dt.datetime) -> None:
    if clock.paused_at is not None:
        clock.met = (clock.remaining or 0) >= 0
    elif clock.due_at is not None:
        clock.met = clock.due_at >= at
    else:
        clock.met = clock.due_on >= place.day(at)
    clock.closed_at = at
    clock.changed = True


def _left(clock: Clock, place: Place, at: dt.datetime) -> int:
    """How much of the deadline is left at ``at``, in its unit (negative when it is past)."""
    if clock.unit == HOURS and clock.due_at is not None:
        return math.ceil((clock.due_at - at).total_seconds() / 3600)
    today = place.day(at)
    if clock.unit == DayCount.WORKING:
        return place.calendar.working_days_between(today, clock.due_on)
    return (clock.due_on - today).days


def _pause(clock: Clock, place: Place, at: dt.datetime) -> None:
    clock.remaining = _left(clock, place, at)
    clock.paused_at = at
    clock.changed = True


def _resume(clock: Clock, place: Place, at: dt.datetime) -> None:
    left = max(clock.remaining or 0, 0)
    clock.due_on, clock.due_at = _due(place, clock.unit, place.day(at), at, left)
    clock.paused_at = None
    clock.remaining = None
    clock.changed = True


def extension_refusal(
    clocks: list[Clock], extensions: Iterable[Extension], specs: dict[str, DeadlineSpec]
) -> str | None:
    """The code of the first deadline an extension cannot lengthen (not running, or past the
    pack's maximum), or None."""
    for extension in extensions:
        clock = next((c for c in clocks if c.code == extension.deadline and c.open), None)
        spec = specs.get(extension.deadline)
        if clock is None or spec is None or spec.extendable_to is None:
            return extension.deadline
        if clock.amount + extension.amount > spec.extendable_to:
            return extension.deadline
    return None


def _extend(clock: Clock, extension: Extension, place: Place) -> None:
    clock.amount += extension.amount
    if clock.paused_at is not None:
        clock.remaining = (clock.remaining or 0) + extension.amount
    elif clock.due_at is not None:
        clock.due_at += dt.timedelta(hours=extension.amount)
        clock.due_on = place.day(clock.due_at)
    else:
        clock.due_on = place.calendar.add(clock.starts_on, clock.amount, DayCount(clock.unit))
    clock.basis = f"{clock.basis} (+{extension.amount})"
    clock.changed = True


def on_transition(
    clocks: list[Clock],
    *,
    source: Stage,
    target: Stage,
    place: Place,
    received_on: dt.date,
    at: dt.datetime,
    extends: Iterable[Extension] = (),
) -> list[Clock]:
    """Apply a step from ``source`` to ``target`` to the case's open deadlines (changing them in
    place) and return the deadlines it starts. Check ``extension_refusal`` first."""
    if source.code == target.code:
        settle(clocks, source=source, target=target, place=place, at=at, extends=extends)
        return []
    resumed = settle(clocks, source=source, target=target, place=place, at=at, extends=extends)
    return on_entry(stage=target, place=place, received_on=received_on, at=at, skip=resumed)


def settle(
    clocks: list[Clock],
    *,
    source: Stage,
    target: Stage,
    place: Place,
    at: dt.datetime,
    extends: Iterable[Extension] = (),
) -> set[str]:
    """What a step from ``source`` to ``target`` does to the deadlines already open (changing them
    in place): extend, close, pause or resume them. Returns the codes of those it resumed."""
    specs = {deadline_code(source, spec): spec for spec in source.deadlines}
    if source.code == target.code:
        for extension in extends:
            for clock in clocks:
                if clock.code == extension.deadline and clock.open:
                    _extend(clock, extension, place)
        return set()
    suspending = target.status == StageStatus.SUSPENDED
    resumed: set[str] = set()
    for clock in clocks:
        if not clock.open:
            continue
        spec = specs.get(clock.code) if clock.stage == source.code else None
        if clock.running and suspending and spec is not None and spec.pauses:
            _pause(clock, place, at)
        elif clock.paused_at is not None and suspending:
            continue  # from one suspended stage to another: still paused
        elif clock.paused_at is not None and clock.stage == target.code:
            _resume(clock, place, at)
            resumed.add(clock.code)
        else:
            _close(clock, place, at)
    return resumed


def current_due(clocks: Iterable[Clock]) -> dt.date | None:
    """The case's current deadline: the earliest running one."""
    running = [c.due_on for c in clocks if c.running]
    return min(running) if running else None


def state(deadline: Clock | Any, at: dt.datetime, zone: ZoneInfo) -> str:
    """``running``, ``paused``, ``overdue``, ``met`` or ``missed``, at ``at`` in the holder's ``zone``
    (of a ``Clock`` or a ``Deadline`` row alike)."""
    if deadline.closed_at is not None:
        return "met" if deadline.met else "missed"
    if deadline.paused_at is not None:
        return "paused"
    past = deadline.due_at < at if deadline.due_at is not None else deadline.due_on < at.astimezone(zone).date()
    return "overdue" if past else "running"
