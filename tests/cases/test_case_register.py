from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent, Deadline
from adalat.cases.services import ParticipantData, PartyData
from adalat.core.errors import PermissionDenied, ValidationFailed
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 12, 11, 6, 0, tzinfo=dt.UTC))
def test_register_numbers_the_case_opens_its_stage_and_leaves_a_trace(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 12, 10))

    assert case.number == "DC01-CR-2026-00001"
    assert (case.stage, case.status, case.clerk) == ("received", Case.Status.OPEN, world.clerk)
    # 5 working days from Friday 11 December: Mon 14, Tue 15, Thu 17, Fri 18, Mon 21 (16th is a holiday)
    assert case.due_on == dt.date(2026, 12, 21)
    assert Deadline.objects.get(case=case).due_on == dt.date(2026, 12, 21)
    assert list(CaseEvent.objects.filter(case=case).values_list("code", flat=True)) == [
        "registered",
        "participant_added",
    ]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "case.registered" in actions and "party.create" in actions


def test_numbers_follow_each_other_per_court_and_kind(world: World) -> None:
    first = register(clerk=world.clerk, court=world.court)
    second = register(clerk=world.clerk, court=world.court)
    civil = register(clerk=world.clerk, court=world.court, kind="civil")
    assert first.number[-5:] == "00001" and second.number[-5:] == "00002"
    assert "-CV-" in civil.number and civil.number.endswith("00001")


def test_a_clerk_of_another_court_may_not_register_here(world: World) -> None:
    with pytest.raises(PermissionDenied):
        register(clerk=world.other_clerk, court=world.court)
    assert not Case.objects.exists()


def test_every_bad_field_is_named_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register(
            clerk=world.clerk,
            court=world.court,
            title="  ",
            articles=[],
            received_on=dt.date(2999, 1, 1),
            participants=[ParticipantData(role="plaintiff", party=PartyData(kind="person", name="", email="nope"))],
        )
    assert set(caught.value.fields) == {
        "title",
        "articles",
        "received_on",
        "participants[0].role",
        "participants[0].party.name",
        "participants[0].party.email",
    }
    assert not Case.objects.exists() and not AuditEntry.objects.exists()
