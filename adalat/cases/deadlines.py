"""Procedural deadlines: the pack says how long a stage may last, the court's calendar
(its territory's holidays, its time zone) says which days count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adalat.core import clock
from adalat.jurisdictions.calendar import WorkCalendar, work_calendar
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import DeadlineSpec, DeadlineStart, Stage
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization


@dataclass(frozen=True)
class DeadlineTerms:
    starts_on: dt.date
    due_on: dt.date
    basis: str


def court_calendar(court: Organization) -> WorkCalendar:
    return work_calendar(get_pack().calendar, organization_selectors.territory_codes(court))


def deadline_start(
    *, court: Organization, spec: DeadlineSpec, received_on: dt.date, entered_at: dt.datetime
) -> dt.date:
    """The day a stage's period is counted from: receipt, or the day the stage was entered there."""
    return received_on if spec.start == DeadlineStart.RECEIVED else clock.today_in(court.time_zone, entered_at)


def stage_deadline(
    *, court: Organization, stage: Stage, received_on: dt.date, entered_at: dt.datetime
) -> DeadlineTerms | None:
    """The deadline for leaving ``stage``, or None if the pack sets none."""
    spec = stage.deadline
    if spec is None:
        return None
    start = deadline_start(court=court, spec=spec, received_on=received_on, entered_at=entered_at)
    due = court_calendar(court).add(start, spec.days, spec.count)
    return DeadlineTerms(starts_on=start, due_on=due, basis=spec.describe())
