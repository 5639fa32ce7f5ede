"""Deadlines stated by the pack: several named ones per stage, in hours or days, started by entering
the stage or by an event, extended by a step up to a maximum, paused while the case is suspended."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from adalat.cases.models import Case, Deadline
from adalat.core.errors import Conflict
from tests.cases.pretrial import Pretrial, detain, report, step

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)  # 10:00 in Almaty


def open_deadlines(case: Case) -> dict[str, Deadline]:
    return {d.code: d for d in Deadline.objects.filter(case=case, closed_at__isnull=True)}


def test_a_stage_starts_its_deadlines_and_an_event_starts_one_in_hours(pretrial: Pretrial) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = step(pretrial.investigator, report(pretrial), "open_investigation")
    running = open_deadlines(case)
    assert set(running) == {"investigation"}  # the detention clock waits for its event
    assert running["investigation"].due_on == dt.date(2026, 5, 15)  # 60 calendar days
    with time_machine.travel(MONDAY + dt.timedelta(hours=3), tick=False):
        detain(pretrial.investigator, case)
    detention = open_deadlines(case)["detention"]
    assert detention.unit == "hours" and detention.due_at == MONDAY + dt.timedelta(hours=51)
    assert detention.due_on == dt.date(2026, 3, 18)  # 15:00 on Wednesday, in Almaty
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 3, 18)  # the earliest running deadline
    # the same event again does not start a second clock
    with time_machine.travel(MONDAY + dt.timedelta(hours=5), tick=False):
        detain(pretrial.investigator, case)
    assert Deadline.objects.filter(case=case, code="detention").count() == 1


def test_a_deadline_is_extended_up_to_the_packs_maximum(pretrial: Pretrial) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = step(pretrial.investigator, report(pretrial), "open_investigation")
        case = step(pretrial.investigator, case, "extend_investigation", note="Expert opinion awaited")
        case = step(pretrial.investigator, case, "extend_investigation")
        investigation = open_deadlines(case)["investigation"]
        assert (investigation.amount, investigation.due_on) == (120, dt.date(2026, 7, 14))
        assert case.stage == "investigation" and case.due_on == dt.date(2026, 7, 14)
        with pytest.raises(Conflict, match="cannot be extended any further"):
            step(pretrial.investigator, case, "extend_investigation")
    assert open_deadlines(case)["investigation"].amount == 120


def test_a_suspension_pauses_the_deadlines_that_pause_and_closes_the_others(pretrial: Pretrial) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = step(pretrial.investigator, report(pretrial), "open_investigation")
        detain(pretrial.investigator, case)
    with time_machine.travel(MONDAY + dt.timedelta(days=10), tick=False):
        case = step(pretrial.investigator, case, "suspend")
    paused = Deadline.objects.get(case=case, code="investigation")
    assert (paused.paused_at, paused.remaining) == (MONDAY + dt.timedelta(days=10), 50)
    detention = Deadline.objects.get(case=case, code="detention")
    assert detention.closed_at is not None and detention.met is False  # 48 hours passed long ago
    case.refresh_from_db()
    assert case.due_on is None  # nothing runs while it is suspended
    # three weeks later it resumes: the 50 days left run from then
    with time_machine.travel(MONDAY + dt.timedelta(days=31), tick=False):
        case = step(pretrial.investigator, case, "resume")
    resumed = Deadline.objects.get(case=case, code="investigation")
    assert (resumed.paused_at, resumed.closed_at, resumed.due_on) == (None, None, dt.date(2026, 6, 5))
    assert Deadline.objects.filter(case=case, code="investigation").count() == 1
    assert case.due_on == dt.date(2026, 6, 5)


def test_leaving_the_stage_closes_its_deadlines_met_or_missed(pretrial: Pretrial) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = report(pretrial)
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):  # 3 working days passed
        step(pretrial.investigator, case, "open_investigation")
    check = Deadline.objects.get(case=case, code="check")
    assert (check.closed_at, check.met) == (MONDAY + dt.timedelta(days=7), False)
