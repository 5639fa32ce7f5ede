from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from adalat.cases import selectors, services
from adalat.cases.bulk import CaseBulkWriter, CasePlan, LoadError, ParticipantPlan, StepPlan
from adalat.cases.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CaseNumberPart,
    Deadline,
    Participant,
    Party,
    PartyWord,
)
from adalat.cases.selectors import CaseFilters
from adalat.core.roles import Role
from adalat.core.text import number_parts, search_key
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC)  # 10:00 in the court's zone
NAME = "Сапарова Айгерим Маратовна"
# A civil case's history: accepted on time, heard, decided late, entered into force.
HISTORY = [
    ("accept", dt.timedelta(days=1), "clerk"),
    ("schedule_hearing", dt.timedelta(days=12), "judge"),
    ("decide", dt.timedelta(days=75), "judge"),  # the hearing was due 60 days from receipt
    ("enter_into_force", dt.timedelta(days=100), "clerk"),
]


def _through_services(world: World) -> Case:
    with time_machine.travel(MONDAY, tick=False):
        from_services = register(
            clerk=world.clerk,
            court=world.court,
            kind="civil",
            judge=world.judge,
            title="Recovery of a loan debt",
            received_on=dt.date(2026, 2, 27),
            participants=[
                services.ParticipantData(role="plaintiff", party=services.PartyData(kind="person", name=NAME))
            ],
        )
    for action, after, who in HISTORY:
        actor = world.clerk if who == "clerk" else world.judge
        with time_machine.travel(MONDAY + after, tick=False), transaction.atomic():
            locked = selectors.case_get(user=actor, case_id=from_services.pk, for_update=True)
            services.case_transition(actor=actor, case=locked, action=action)
    from_services.refresh_from_db()
    return from_services


def _plan(world: World, party_id: int, **changes: Any) -> CasePlan:
    plan = CasePlan(
        court=world.court,
        kind="civil",
        title="Recovery of a loan debt",
        received_on=dt.date(2026, 2, 27),
        registered_at=MONDAY,
        clerk_id=world.clerk.pk,
        category="contract",
        judge_id=world.judge.pk,
        judge_name=world.judge.display_name,
        participants=[ParticipantPlan(party_id, NAME, "plaintiff")],
        steps=[
            StepPlan(action, MONDAY + after, (world.clerk if who == "clerk" else world.judge).pk, Role(who))
            for action, after, who in HISTORY
        ],
    )
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


@contextmanager
def _loading(
    now: dt.datetime = MONDAY + dt.timedelta(days=200), batch_size: int = 20_000, at_end: bool = False
) -> Iterator[CaseBulkWriter]:
    with transaction.atomic(), CaseBulkWriter(now=now, batch_size=batch_size, check_references_at_end=at_end) as writer:
        yield writer


def _load(world: World, count: int = 1) -> list[str]:
    """``count`` cases with the civil history above, registered a minute apart, written two per batch."""
    with _loading(batch_size=2) as writer:
        party = writer.party_add(kind="person", name=NAME, created_at=MONDAY, national_id="860101300123")
        return [
            writer.case_add(_plan(world, party, registered_at=MONDAY + dt.timedelta(minutes=i))) for i in range(count)
        ]


def _events(case: Case) -> list[tuple[Any, ...]]:
    return [
        (
            e.code,
            e.audience,
            e.from_stage,
            e.to_stage,
            e.actor_id,
            e.at,
            {k: v for k, v in e.data.items() if k not in ("participant", "party")},
        )
        for e in CaseEvent.objects.filter(case=case).order_by("at", "id")
    ]


def _deadlines(case: Case) -> list[tuple[Any, ...]]:
    return list(
        Deadline.objects.filter(case=case)
        .order_by("id")
        .values_list("stage", "code", "basis", "unit", "amount", "starts_on", "due_on", "due_at", "closed_at", "met")
    )


def test_a_loaded_history_is_recorded_as_the_services_record_it(world: World) -> None:
    by_services = _through_services(world)

    (number,) = _load(world)

    loaded = Case.objects.get(number=number)
    assert by_services.number == "DC01-CV-2026-00001"
    assert loaded.number == "DC01-CV-2026-00002"  # the counter the services started goes on
    fields = [
        "holder_id",
        "receiving_id",
        "kind",
        "stage",
        "status",
        "judge_id",
        "clerk_id",
        "received_on",
        "registered_at",
    ]
    fields += ["stage_entered_at", "due_on", "resolved_on", "closed_at", "version", "confidentiality"]
    assert [getattr(loaded, f) for f in fields] == [getattr(by_services, f) for f in fields]
    assert (loaded.stage, loaded.status, loaded.resolved_on) == ("in_force", "closed", dt.date(2026, 5, 16))
    assert _events(loaded) == _events(by_services)
    assert _deadlines(loaded) == _deadlines(by_services)
    assert list(loaded.numbers.values_list("number", "organization_id")) == [(number, world.court.pk)]
    assert [d[-1] for d in _deadlines(loaded)] == [True, True, False, True]


def test_numbers_continue_after_a_load_and_new_rows_do_not_collide(world: World) -> None:
    numbers = _load(world, 3)
    assert numbers == [f"DC01-CV-2026-{n:05d}" for n in (1, 2, 3)]
    assert CaseNumberCounter.objects.get(scope="org=DC01|kind=CV|year=2026").last == 3

    with time_machine.travel(MONDAY + dt.timedelta(days=200), tick=False):
        registered = register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 9, 17))

    assert registered.number == "DC01-CV-2026-00004"
    assert registered.pk > max(Case.objects.exclude(pk=registered.pk).values_list("pk", flat=True))
    assert Participant.objects.filter(case=registered).count() == 1


def test_loaded_parties_and_numbers_are_indexed_as_the_services_index_them(world: World) -> None:
    by_services = _through_services(world)
    (number,) = _load(world)

    loaded = Case.objects.get(number=number)
    party = Party.objects.get(name=NAME, national_id="860101300123")
    by_services_party = Participant.objects.get(case=by_services).party
    assert party.search_name == by_services_party.search_name == search_key(NAME)
    assert _words(party) == _words(by_services_party) == sorted(["сапарова", "аигерим", "маратовна"])
    assert _parts(loaded) == number_parts(number) and _parts(by_services) == number_parts(by_services.number)
    found = selectors.case_list(user=world.clerk, filters=CaseFilters(q="айгер сапар"))
    assert {case.number for case in found} == {number, by_services.number}
    found = selectors.case_list(user=world.clerk, filters=CaseFilters(q="CV-2026-2"))
    assert [case.number for case in found] == [number]


def _words(party: Party) -> list[str]:
    return sorted(PartyWord.objects.filter(party=party).values_list("word", flat=True))


def _parts(case: Case) -> set[str]:
    return set(CaseNumberPart.objects.filter(case=case).values_list("part", flat=True))


def test_a_case_that_waits_past_its_deadline_is_overdue(world: World) -> None:
    plan = _plan(world, 0, steps=[], judge_assigned_at=MONDAY + dt.timedelta(hours=2))
    with _loading(now=MONDAY + dt.timedelta(days=30)) as writer:
        plan.participants = [
            ParticipantPlan(writer.party_add(kind="person", name=NAME, created_at=MONDAY), NAME, "plaintiff")
        ]
        writer.case_add(plan)

    case = Case.objects.get()
    # 5 working days from Monday 2 March: 3, 4, 5, 6 March, then 9 March (8 March is a holiday, a Sunday anyway)
    assert (case.stage, case.status, case.due_on, case.version) == ("received", "open", dt.date(2026, 3, 9), 2)
    assert Deadline.objects.get(case=case).closed_at is None
    assert [e[0] for e in _events(case)] == ["registered", "participant_added", "judge_assigned"]
    overdue = selectors.case_list(user=world.clerk, filters=CaseFilters(overdue=True), today=dt.date(2026, 4, 1))
    assert list(overdue) == [case]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"steps": [StepPlan("decide", MONDAY + dt.timedelta(days=1), 0, Role.JUDGE)]}, "not possible from received"),
        ({"judge_id": None}, "needs judge_assigned first"),
        ({"kind": "divorce"}, "unknown kind"),
        ({"registered_at": MONDAY + dt.timedelta(days=900)}, "in the future"),
    ],
)
def test_a_history_the_services_would_refuse_is_refused(world: World, change: dict[str, Any], reason: str) -> None:
    with (
        pytest.raises(LoadError, match=reason),
        transaction.atomic(),
        CaseBulkWriter(now=MONDAY + dt.timedelta(days=200)) as w,
    ):
        w.case_add(_plan(world, w.party_add(kind="person", name=NAME, created_at=MONDAY), **change))
    assert not Case.objects.exists() and not Party.objects.exists()


def test_only_the_assigned_judge_acts_as_judge(world: World) -> None:
    steps = [
        StepPlan("accept", MONDAY + dt.timedelta(days=1), world.clerk.pk, Role.CLERK),
        StepPlan("schedule_hearing", MONDAY + dt.timedelta(days=2), world.judge2.pk, Role.JUDGE),
    ]
    with pytest.raises(LoadError, match="only the case's judge"), _loading() as writer:
        writer.case_add(_plan(world, writer.party_add(kind="person", name=NAME, created_at=MONDAY), steps=steps))


def test_cases_of_one_counter_come_in_the_order_they_were_registered(world: World) -> None:
    with pytest.raises(LoadError, match="order they were registered"), _loading() as writer:
        party = writer.party_add(kind="person", name=NAME, created_at=MONDAY)
        writer.case_add(_plan(world, party, registered_at=MONDAY + dt.timedelta(hours=1), steps=[]))
        writer.case_add(_plan(world, party, steps=[]))


def _foreign_keys() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid::regclass::text LIKE 'cases_%%' ORDER BY 1, 2"
        )
        return [(str(table), str(definition)) for table, definition in cursor.fetchall()]


@pytest.mark.postgres
def test_references_checked_at_the_end_are_checked_and_the_keys_put_back(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("foreign keys are taken off and put back on PostgreSQL only")
    keys = _foreign_keys()
    with _loading(at_end=True) as writer:
        party = writer.party_add(kind="person", name=NAME, created_at=MONDAY)
        writer.case_add(_plan(world, party))
    assert _foreign_keys() == keys and Case.objects.count() == 1

    with pytest.raises(IntegrityError), _loading(at_end=True) as writer:
        writer.party_add(kind="person", name=NAME, created_at=MONDAY, user_id=world.clerk.pk + 10**6)
    assert _foreign_keys() == keys and Party.objects.count() == 1
