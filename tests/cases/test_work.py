"""What "My work" gathers for each person: their cases, their deadlines, their recent events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from adalat.cases import selectors, services
from adalat.cases.models import Case, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.cases.work import work_get
from adalat.core import clock
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC)  # 11:00 in Almaty


def today() -> dt.date:
    return clock.today_in("Asia/Almaty")


def on_case_as_lawyer(world: World, case: Case) -> None:
    """Put the lawyer of the world fixture on ``case`` through the participant service."""
    party = Party.objects.create(
        kind="person", name="Lawyer", search_name="lawyer", user=world.lawyer, created_at=MONDAY
    )
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.participant_add(actor=world.clerk, case=locked, data=ParticipantData(role="lawyer", party_id=party.pk))


def test_a_judge_has_their_open_assigned_cases_and_nobody_elses(world: World) -> None:
    mine = register(clerk=world.clerk, court=world.court, judge=world.judge)
    register(clerk=world.clerk, court=world.court, judge=world.judge2)
    register(clerk=world.other_clerk, court=world.other_court, judge=world.other_judge)

    work = work_get(user=world.judge, today=today())

    assert work.assigned == [mine]
    assert work.clerked == [] and work.received == [] and work.participating == []
    assert {event.case for event in work.events} == {mine}


def test_a_clerk_has_the_cases_they_clerk_and_what_the_court_received_lately(world: World) -> None:
    with time_machine.travel(MONDAY - dt.timedelta(days=20), tick=False):
        old = register(clerk=world.clerk, court=world.court)
    with time_machine.travel(MONDAY, tick=False):
        recent = register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 3, 13))
        register(clerk=world.other_clerk, court=world.other_court)
        work = work_get(user=world.clerk, today=dt.date(2026, 3, 16))

    assert work.clerked == [recent, old]
    assert work.received == [recent]
    assert work.registries == [world.court]


def test_deadlines_missed_and_due_within_a_week_on_my_cases(world: World) -> None:
    with time_machine.travel(MONDAY - dt.timedelta(days=14), tick=False):  # due five working days later: missed
        late = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with time_machine.travel(MONDAY, tick=False):  # due Monday 23 March: within the week
        soon = register(clerk=world.clerk, court=world.court, judge=world.judge)
        register(clerk=world.clerk, court=world.court, judge=world.judge2)  # someone else's

        work = work_get(user=world.judge, today=dt.date(2026, 3, 16))

    assert [d.case for d in work.overdue] == [late]
    assert [d.case for d in work.due_soon] == [soon]
    assert work.due_soon[0].due_on == dt.date(2026, 3, 23)


def test_a_deadline_further_away_or_met_is_not_listed(world: World) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court, judge=world.judge)
        with transaction.atomic():
            locked = selectors.case_get(user=world.judge, case_id=case.pk, for_update=True)
            services.case_transition(actor=world.judge, case=locked, action="accept")  # preparation: 30 days
        work = work_get(user=world.judge, today=dt.date(2026, 3, 16))
    assert work.overdue == [] and work.due_soon == []


def test_a_lawyer_has_the_cases_they_are_on_and_their_events(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    register(clerk=world.clerk, court=world.court)
    on_case_as_lawyer(world, case)

    work = work_get(user=world.lawyer, today=today())

    assert work.participating == [case]
    assert work.assigned == [] and work.received == []
    assert [event.code for event in work.events][:1] == ["participant_added"]
    assert {event.case for event in work.events} == {case}
    assert work_get(user=world.stranger, today=today()).is_empty


def test_only_the_latest_twenty_events_newest_first(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    for i in range(10):
        with transaction.atomic():
            locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
            services.participant_add(
                actor=world.clerk,
                case=locked,
                data=ParticipantData(role="witness", party=PartyData(kind="person", name=f"Witness {i}")),
            )
            services.case_assign_judge(
                actor=world.clerk, case=locked, judge=world.judge2 if i % 2 == 0 else world.judge
            )
    events = work_get(user=world.clerk, today=today()).events
    assert len(events) == 20
    assert events == sorted(events, key=lambda e: (e.at, e.pk), reverse=True)
    assert [e.code for e in events[:2]] == ["judge_assigned", "participant_added"]
    assert "registered" not in {e.code for e in events}
