"""Typed events: registered by the module that records them, holding identifiers and no personal
data, shown only to their audience, delivered to subscribers through tasks queued in the event's
own transaction, and done by a named automatic actor when nobody did them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.accounts.services import automatic_actor
from adalat.audit.models import AuditEntry
from adalat.cases import events, selectors
from adalat.cases.event_types import Transitioned
from adalat.cases.events import Audience, NoPayload, Payload, event_type
from adalat.cases.models import Case, CaseEvent, EventDelivery
from adalat.cases.recording import case_event_record
from adalat.cases.services import ParticipantData, PartyData, participant_add
from adalat.cases.tasks import deliveries_retry, delivery_run
from adalat.cases.timeline import timeline
from adalat.core import clock
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.cases.listener import handler as listener
from tests.conftest import World

pytestmark = pytest.mark.django_db
PERSONAL = {"name", "address", "national_id", "phone", "email", "birth_date", "title", "filename", "note", "reason"}


def add_witness(world: World, case: Case, name: str = "Sidorov Sidor") -> None:
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        participant_add(
            actor=world.clerk,
            case=locked,
            data=ParticipantData(role="witness", party=PartyData(kind="person", name=name, national_id="WIT-0001")),
        )


# --- the registry -------------------------------------------------------------------------------


def test_no_registered_event_holds_personal_data() -> None:
    for code, kind in events.event_types().items():
        assert not PERSONAL & set(kind.payload.model_fields), code


def test_events_and_the_audit_chain_keep_identifiers_not_names(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    add_witness(world, case, "Sidorov Sidor")
    with transaction.atomic():
        from adalat.cases.services import case_transition

        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        case_transition(actor=world.clerk, case=locked, action="accept", note="Witness Sidorov will come")
    stored = [str(e.data) for e in CaseEvent.objects.all()] + list(AuditEntry.objects.values_list("data", flat=True))
    for secret in ("Sidorov", "WIT-0001", "Ivanov", "Witness Sidorov will come"):
        assert not any(secret in text for text in stored), secret
    # yet the timeline reads as before: the names are looked up when it is shown
    lines = [
        line.sentence for line in timeline(user=world.clerk, events=selectors.case_events(user=world.clerk, case=case))
    ]
    assert f"{world.clerk.display_name} added Sidorov Sidor as Witness." in lines
    assert any(line.endswith("Note: Witness Sidorov will come") for line in lines)


def test_a_module_may_record_only_its_registered_events_as_declared(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    with pytest.raises(ImproperlyConfigured, match="no module registered"), transaction.atomic():
        case_event_record(case=case, actor=world.clerk, code="made_up", payload=NoPayload(), at=clock.now())
    with pytest.raises(TypeError, match="takes a Transitioned"), transaction.atomic():
        case_event_record(case=case, actor=world.clerk, code="transition", payload=NoPayload(), at=clock.now())
    with pytest.raises(TypeError, match="carries no text 'secret'"), transaction.atomic():
        case_event_record(
            case=case,
            actor=world.clerk,
            code="transition",
            payload=Transitioned(action="accept"),
            at=clock.now(),
            texts={"secret": "x"},
        )
    with pytest.raises(ImproperlyConfigured, match="cases already has"):
        event_type("transition", payload=NoPayload, audience=Audience.CASE, sentence=str, owner="hearings")
    assert CaseEvent.objects.filter(case=case).count() == 2  # registered, participant added


class Checked(Payload):
    document: int


def test_each_event_is_shown_only_to_its_audience(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "_types", events.event_types())
    event_type("internal_note", payload=NoPayload, audience=Audience.INTERNAL, sentence=lambda r: "internal", owner="t")
    event_type("official_check", payload=Checked, audience=Audience.OFFICIAL, sentence=lambda r: "official", owner="t")
    from tests.api.people import case_with_lawyer

    case = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer)
    with transaction.atomic():
        case_event_record(case=case, actor=world.clerk, code="internal_note", payload=NoPayload(), at=clock.now())
        case_event_record(
            case=case, actor=world.clerk, code="official_check", payload=Checked(document=1), at=clock.now()
        )

    def codes(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [e["code"] for e in api_client(user).get(f"/api/v1/cases/{case.pk}/events").json()["items"]]

    assert {"internal_note", "official_check"} <= set(codes(world.clerk))
    assert "internal_note" not in codes(world.lawyer) and "official_check" not in codes(world.lawyer)
    assert "participant_added" in codes(world.lawyer)


# --- automatic acts -------------------------------------------------------------------------------


def test_an_automatic_act_is_done_by_a_named_actor_and_says_so(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    robot = automatic_actor(name="deadlines")
    assert automatic_actor(name="deadlines") == robot  # one per kind of act
    assert not robot.has_usable_password() and robot.username == "system:deadlines"
    with transaction.atomic():
        case_event_record(
            case=case, actor=robot, code="transition", payload=Transitioned(action="accept"), at=clock.now()
        )
    line = timeline(user=world.clerk, events=selectors.case_events(user=world.clerk, case=case))[-1]
    assert line.automatic and line.sentence.startswith("Adalat, automatically: ")
    assert AuditEntry.objects.filter(action="case.transition", actor_name="system:deadlines").exists()
    response = api_client(world.clerk).get(f"/api/v1/cases/{case.pk}/events", {"page": 1}).json()
    assert response["items"][-1]["automatic"] is True
    with pytest.raises(ValueError, match="lower-case identifier"):
        automatic_actor(name="Deadlines!")


# --- subscribers ----------------------------------------------------------------------------------


@pytest.fixture
def listening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ADALAT_TEST_MARKS", str(tmp_path))
    listener.install()
    yield tmp_path
    events.unsubscribe(listener.NAME)


def handled() -> int:
    return AuditEntry.objects.filter(action="test.handled").count()


def test_a_delivery_is_queued_in_the_events_own_transaction(world: World, listening: Path) -> None:
    case = register(clerk=world.clerk, court=world.court)  # its participant_added is delivered
    delivery = EventDelivery.objects.get()
    assert (delivery.subscriber, delivery.event.code, delivery.done_at) == (listener.NAME, "participant_added", None)
    queued = DBTaskResult.objects.get(task_path="adalat.cases.tasks.event_deliver")
    assert queued.status == TaskResultStatus.READY and queued.args_kwargs["args"] == [delivery.pk]
    # a change that rolls back queues nothing
    with transaction.atomic():
        add_witness(world, case)
        transaction.set_rollback(True)
    assert EventDelivery.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_a_delivery_takes_effect_once_however_often_it_runs(world: World, listening: Path) -> None:
    register(clerk=world.clerk, court=world.court)
    delivery = EventDelivery.objects.get()
    assert delivery_run(delivery.pk) is True
    assert delivery_run(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.done_at is not None and delivery.attempts == 1 and handled() == 1


def test_a_failed_delivery_is_retried_later_with_the_error_kept(
    world: World, listening: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(clerk=world.clerk, court=world.court)
    delivery = EventDelivery.objects.get()
    broken = events.Subscriber(name=listener.NAME, codes=frozenset(listener.CODES), handler=lambda e: 1 / 0)
    monkeypatch.setitem(events._subscribers, listener.NAME, broken)
    with pytest.raises(ZeroDivisionError):
        delivery_run(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.done_at, delivery.attempts) == (None, 1)
    assert delivery.last_error.startswith("ZeroDivisionError")
    assert handled() == 0
    # too early: it waits after a failure (10 minutes after the first attempt)
    assert deliveries_retry(now=delivery.queued_at + dt.timedelta(minutes=6)) == 0
    monkeypatch.setitem(
        events._subscribers, listener.NAME, events.Subscriber(listener.NAME, frozenset(), listener.handle)
    )
    with time_machine.travel(delivery.queued_at + dt.timedelta(minutes=11), tick=False):
        assert deliveries_retry() == 1
    assert DBTaskResult.objects.filter(task_path="adalat.cases.tasks.event_deliver").count() == 2
    assert delivery_run(delivery.pk) is True and handled() == 1
