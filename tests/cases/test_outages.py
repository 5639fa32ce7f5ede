"""The outage register: an outage longer than the pack allows within a day's hours moves the
deadlines falling that day to the next working day, never a term of custody; it is published, and
bad records are refused without changing anything."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases import custody, selectors
from adalat.cases.models import Case, CaseEvent, Deadline, Outage
from adalat.cases.outages import outage_record
from adalat.cases.timeline import timeline
from adalat.core.errors import PermissionDenied, ValidationFailed
from adalat.core.roles import Role
from tests.accounts.factories import member
from tests.api.state import database_state
from tests.cases.factories import register
from tests.cases.pretrial import Pretrial, detain, report, step
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
REGISTERED = dt.datetime(2026, 11, 16, 9, 0, tzinfo=ALMATY)  # Monday
DUE = dt.date(2026, 11, 23)  # five working days on: Monday
LATER = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ALMATY)  # when the operator records what happened on the 23rd


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


def record(operator: User, start: dt.datetime, end: dt.datetime, note: str = "") -> Outage:
    with transaction.atomic():
        return outage_record(actor=operator, started_at=start, ended_at=end, note=note)


@pytest.fixture
def operator(world: World) -> User:
    ministry = OrganizationFactory(code="MOJ", name="Ministry of Justice")
    return member(ministry, Role.ADMIN, username="admin")


def _due_case(world: World) -> Case:
    with time_machine.travel(REGISTERED, tick=False):
        case = register(clerk=world.clerk, court=world.court, kind="civil", received_on=REGISTERED.date())
    assert case.due_on == DUE
    return case


def test_ninety_minutes_within_the_day_move_that_days_deadlines_to_the_next_working_day(
    world: World, operator: User
) -> None:
    case = _due_case(world)
    with time_machine.travel(REGISTERED + dt.timedelta(days=1), tick=False):
        later_one = register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 11, 17))
    version = case.version
    with time_machine.travel(LATER, tick=False):
        outage = record(operator, at(DUE, 10), at(DUE, 11, 30), note="Power cut in the data centre")
    assert (outage.minutes, outage.moved) == (90, 1)
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 11, 24) and case.version == version + 1
    assert Deadline.objects.get(case=case, closed_at__isnull=True).due_on == dt.date(2026, 11, 24)
    later_one.refresh_from_db()
    assert later_one.due_on == dt.date(2026, 11, 24)  # it fell on the 24th anyway: untouched
    # the move is Adalat's own act, on the timeline and in the audit log
    event = CaseEvent.objects.get(case=case, code="deadline_moved")
    assert event.actor.username == "system:outages"
    assert event.data == {
        "outage": outage.pk,
        "stage": "received",
        "deadline": "received",
        "due_on": "2026-11-23",
        "moved_to": "2026-11-24",
    }
    sentence = [
        line.sentence
        for line in timeline(user=world.clerk, events=selectors.case_events(user=world.clerk, case=case))
        if line.event.code == "deadline_moved"
    ]
    assert sentence == [
        "Adalat, automatically moved the deadline “Received” from 2026-11-23 to 2026-11-24: Adalat was unavailable on "
        "2026-11-23 for longer than the law allows."
    ]
    assert AuditEntry.objects.filter(action="outage.record", object_id=str(outage.pk)).exists()
    assert AuditEntry.objects.filter(action="case.deadline_moved", object_id=str(case.pk)).count() == 1


def test_a_friday_deadline_moves_over_the_weekend(world: World, operator: User) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 13, 9, 0, tzinfo=ALMATY), tick=False):
        case = register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 11, 13))
    friday = dt.date(2026, 11, 20)
    assert case.due_on == friday
    with time_machine.travel(LATER, tick=False):
        record(operator, at(friday, 12), at(friday, 14))
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 11, 23)  # Monday


@pytest.mark.parametrize(
    ("spans", "moved"),
    [
        ([(at(DUE, 10), at(DUE, 11))], False),  # sixty minutes is not more than sixty
        ([(at(DUE, 10), at(DUE, 11, 1))], True),
        ([(at(DUE, 22, 30), at(DUE + dt.timedelta(days=1), 5, 0))], False),  # the night does not count
        ([(at(DUE, 5), at(DUE, 6, 50))], False),  # fifty minutes of it after 06:00
        ([(at(DUE, 9), at(DUE, 9, 40)), (at(DUE, 15), at(DUE, 15, 30))], True),  # seventy in all
    ],
)
def test_what_counts_is_more_than_the_packs_minutes_within_the_days_hours(
    world: World, operator: User, spans: list[tuple[dt.datetime, dt.datetime]], moved: bool
) -> None:
    case = _due_case(world)
    with time_machine.travel(LATER, tick=False):
        for start, end in spans:
            record(operator, start, end)
    case.refresh_from_db()
    assert (case.due_on != DUE) is moved
    assert CaseEvent.objects.filter(case=case, code="deadline_moved").count() == int(moved)


def test_custody_is_never_extended_by_an_outage(pretrial: Pretrial, operator: User) -> None:
    """The test pack's rule: more than 30 minutes between 08:00 and 20:00. A detention counted in
    hours, and a deadline the pack says an outage never moves, stay; a term in days moves."""
    p = pretrial
    monday = dt.datetime(2026, 3, 16, 12, 0, tzinfo=ALMATY)
    with time_machine.travel(monday, tick=False):
        case = step(p.investigator, report(p), "open_investigation")
        detain(p.investigator, case)
        reviewed = step(
            p.investigator,
            step(p.investigator, report(p), "open_investigation"),
            "send_to_prosecutor",
            receiver=p.office,
        )
    with time_machine.travel(monday, tick=False), transaction.atomic():
        custody.handover_receive(
            actor=p.prosecutor, case=selectors.case_get(user=p.prosecutor, case_id=reviewed.pk, for_update=True)
        )
    detention = Deadline.objects.get(case=case, code="detention")
    investigation = Deadline.objects.get(case=case, code="investigation")
    review = Deadline.objects.get(case=reviewed, closed_at__isnull=True)
    days = {detention.due_on, investigation.due_on, review.due_on}
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=ALMATY), tick=False):
        for day in sorted(days):
            record(operator, at(day, 9), at(day, 10))
    assert Deadline.objects.get(pk=detention.pk).due_at == detention.due_at
    assert Deadline.objects.get(pk=review.pk).due_on == review.due_on
    assert Deadline.objects.get(pk=investigation.pk).due_on > investigation.due_on


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (at(DUE, 11), at(DUE, 10), "ended_at"),
        (at(DUE, 10), at(DUE, 10), "ended_at"),
        (at(DUE, 10), LATER + dt.timedelta(hours=1), "ended_at"),  # not over yet
        (at(DUE, 10).replace(tzinfo=None), at(DUE, 11).replace(tzinfo=None), "started_at"),
        (at(DUE, 10) - dt.timedelta(days=40), at(DUE, 10), "ended_at"),  # longer than a month
        (at(DUE, 10) - dt.timedelta(days=400), at(DUE, 10) - dt.timedelta(days=399), "started_at"),
    ],
)
def test_a_bad_record_is_refused_naming_the_field_and_changes_nothing(
    world: World, operator: User, start: dt.datetime, end: dt.datetime, field: str
) -> None:
    _due_case(world)
    before = database_state()
    with time_machine.travel(LATER, tick=False), pytest.raises(ValidationFailed) as refused:
        record(operator, start, end)
    assert set(refused.value.fields) == {field}
    assert database_state() == before and not Outage.objects.exists()


def test_an_overlapping_or_overlong_note_is_refused(operator: User) -> None:
    with time_machine.travel(LATER, tick=False):
        record(operator, at(DUE, 10), at(DUE, 12))
        with pytest.raises(ValidationFailed) as overlapping:
            record(operator, at(DUE, 11), at(DUE, 13))
        assert "2026-11-23 10:00 to 2026-11-23 12:00" in overlapping.value.fields["started_at"]
        with pytest.raises(ValidationFailed) as long_note:
            record(operator, at(DUE, 14), at(DUE, 15), note="x" * 501)
    assert set(long_note.value.fields) == {"note"}
    assert Outage.objects.count() == 1


def test_only_an_administrator_records_an_outage(world: World) -> None:
    for person in (world.clerk, world.chair, world.judge, world.prosecutor, world.lawyer):
        with time_machine.travel(LATER, tick=False), pytest.raises(PermissionDenied):
            outage_record(actor=person, started_at=at(DUE, 10), ended_at=at(DUE, 12))
    assert not Outage.objects.exists()
