"""The supervising prosecutor's instructions to the investigator, and the answers: on the case page,
through the API, and in each one's list of what waits."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from adalat.audit.models import AuditEntry
from adalat.cases import custody
from adalat.cases import selectors as case_selectors
from adalat.cases import services as case_services
from adalat.cases.models import CaseEvent
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.supervision import services
from adalat.supervision.models import Instruction
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.supervision.conftest import Supervised

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)  # 15:00 in Almaty


def give(s: Supervised, text: str = "Question the neighbour who saw the car taken.") -> Instruction:
    with transaction.atomic():
        case = case_selectors.case_get(user=s.world.prosecutor, case_id=s.case.pk, for_update=True)
        return services.instruction_give(actor=s.world.prosecutor, case=case, text=text)


@time_machine.travel(FRIDAY, tick=False)
def test_an_instruction_is_answered_within_three_working_days_and_leaves_its_trace(supervised: Supervised) -> None:
    s = supervised
    instruction = give(s)
    assert instruction.due_on == dt.date(2026, 11, 25)  # Monday, Tuesday, Wednesday
    with transaction.atomic():
        case = case_selectors.case_get(user=s.investigator, case_id=s.case.pk, for_update=True)
        services.instruction_answer(actor=s.investigator, instruction=instruction, answer="Questioned on Monday.")
    instruction.refresh_from_db()
    assert (instruction.answered_by, instruction.answer) == (s.investigator, "Questioned on Monday.")
    events = CaseEvent.objects.filter(case=case, code__startswith="instruction_").order_by("pk")
    assert [(e.code, e.audience, e.data) for e in events] == [
        ("instruction_given", "official", {"instruction": instruction.pk, "due_on": "2026-11-25"}),
        ("instruction_answered", "official", {"instruction": instruction.pk, "due_on": "2026-11-25"}),
    ]
    assert AuditEntry.objects.filter(action="case.instruction_given", object_id=str(case.pk)).exists()
    # answered once
    with transaction.atomic(), pytest.raises(Conflict):
        services.instruction_answer(actor=s.investigator, instruction=instruction, answer="Again")


@time_machine.travel(FRIDAY, tick=False)
def test_only_the_supervisor_gives_and_only_the_holder_answers(supervised: Supervised) -> None:
    s = supervised
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.instruction_give(actor=s.investigator, case=s.case, text="Do it yourself")
    instruction = give(s)
    for person in (s.world.prosecutor, s.world.clerk):
        with transaction.atomic(), pytest.raises(PermissionDenied):
            services.instruction_answer(actor=person, instruction=instruction, answer="Not mine to answer")
    with transaction.atomic(), pytest.raises(ValidationFailed) as empty:
        services.instruction_give(actor=s.world.prosecutor, case=s.case, text="   ")
    assert set(empty.value.fields) == {"text"}
    assert Instruction.objects.count() == 1


@time_machine.travel(FRIDAY, tick=False)
def test_the_case_page_shows_the_instructions_to_the_prosecution_and_not_to_the_parties(
    client: Client, supervised: Supervised
) -> None:
    s = supervised
    client.force_login(s.world.prosecutor)
    page = client.get(f"/cases/{s.case.pk}/").content.decode()
    assert "Give an instruction" in page and "No instructions." in page
    response = client.post(f"/cases/{s.case.pk}/instructions/", {"text": "Seize the <b>camera</b> records"})
    assert response.status_code == 302
    page = client.get(f"/cases/{s.case.pk}/").content.decode()
    assert "to be answered by 2026-11-25" in page and "Seize the &lt;b&gt;camera&lt;/b&gt; records" in page
    assert "gave an instruction, to be answered by 2026-11-25." in page
    assert client.post(f"/cases/{s.case.pk}/instructions/", {"text": ""}).status_code == 422
    instruction = Instruction.objects.get()
    # the investigator answers from the page, and finds it among what waits until then
    client.force_login(s.investigator)
    assert s.case.number in client.get("/instructions/").content.decode()
    answer_url = f"/cases/{s.case.pk}/instructions/{instruction.pk}/answer/"
    assert client.post(answer_url, {"answer": ""}).status_code == 422
    assert client.post(answer_url, {"answer": "Records seized."}).status_code == 302
    assert "No instruction is waiting for an answer." in client.get("/instructions/").content.decode()
    assert "Records seized." in client.get(f"/cases/{s.case.pk}/").content.decode()
    # in Russian too
    russian = client.get(f"/cases/{s.case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Указания" in russian


@time_machine.travel(FRIDAY, tick=False)
def test_an_overdue_instruction_is_flagged_in_the_list(client: Client, supervised: Supervised) -> None:
    s = supervised
    give(s)
    with time_machine.travel(FRIDAY + dt.timedelta(days=7), tick=False):
        client.force_login(s.world.prosecutor)
        page = client.get("/instructions/").content.decode()
    assert s.case.number in page and "overdue" in page


@time_machine.travel(FRIDAY, tick=False)
def test_instructions_through_the_api(supervised: Supervised) -> None:
    s = supervised
    prosecutor, investigator = api_client(s.world.prosecutor), api_client(s.investigator)
    lawyer = api_client(s.world.lawyer)
    url = f"/api/v1/cases/{s.case.pk}/instructions"
    before = database_state()
    assert error_fields(prosecutor.post(url, {"text": ""}, content_type="application/json")) == {"text"}
    assert error_fields(prosecutor.post(url, {"text": "x" * 4001}, content_type="application/json")) == {"text"}
    problem(investigator.post(url, {"text": "Mine"}, content_type="application/json"), 403)
    problem(lawyer.post(url, {"text": "Mine"}, content_type="application/json"), 404)
    assert database_state() == before
    given = prosecutor.post(url, {"text": "Find the witness"}, content_type="application/json")
    assert given.status_code == 201
    body = given.json()
    assert (body["due_on"], body["given_by"]["id"], body["answered_at"]) == ("2026-11-25", s.world.prosecutor.pk, None)
    assert [i["id"] for i in investigator.get("/api/v1/instructions").json()] == [body["id"]]
    answered = investigator.post(f"{url}/{body['id']}/answer", {"answer": "Found"}, content_type="application/json")
    assert answered.json()["answer"] == "Found"
    problem(investigator.post(f"{url}/{body['id']}/answer", {"answer": "Again"}, content_type="application/json"), 409)
    assert investigator.get("/api/v1/instructions").json() == []
    assert [i["answer"] for i in prosecutor.get(url).json()] == ["Found"]


@time_machine.travel(FRIDAY, tick=False)
def test_no_instruction_once_the_case_has_left_the_investigators(supervised: Supervised) -> None:
    s = supervised

    with transaction.atomic():
        case = case_selectors.case_get(user=s.investigator, case_id=s.case.pk, for_update=True)
        suspect = case.participants.get(role="suspect")
        case_services.participant_role_change(
            actor=s.investigator, case=case, participant_id=suspect.pk, action="charge"
        )
        case_services.case_transition(
            actor=s.investigator, case=case, action="send_to_prosecutor", receiver=s.world.prosecutor_office
        )
    with transaction.atomic():
        case = case_selectors.case_get(user=s.world.prosecutor, case_id=s.case.pk, for_update=True)
        custody.handover_receive(actor=s.world.prosecutor, case=case)
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.instruction_give(actor=s.world.prosecutor, case=case, text="Too late")


@time_machine.travel(FRIDAY, tick=False)
def test_an_instruction_is_reached_only_through_its_own_case(client: Client, supervised: Supervised) -> None:
    s = supervised
    instruction = give(s)
    with transaction.atomic():
        other = case_services.case_register(
            actor=s.investigator,
            organization=s.police,
            kind="criminal",
            title="Another theft",
            received_on=dt.date(2026, 11, 20),
            articles=["188(1)"],
        )
    through_other = f"/cases/{other.pk}/instructions/{instruction.pk}/answer/"
    client.force_login(s.investigator)
    assert client.post(through_other, {"answer": "Sneaky"}).status_code == 404
    api = api_client(s.investigator)
    problem(
        api.post(
            f"/api/v1/cases/{other.pk}/instructions/{instruction.pk}/answer",
            {"answer": "Sneaky"},
            content_type="application/json",
        ),
        404,
    )
    # someone who does not see the case finds neither
    client.force_login(s.world.other_clerk)
    assert client.post(f"/cases/{s.case.pk}/instructions/{instruction.pk}/answer/", {"answer": "x"}).status_code == 404
    assert (
        client.get("/instructions/").status_code == 200
        and s.case.number not in client.get("/instructions/").content.decode()
    )
    instruction.refresh_from_db()
    assert instruction.answered_at is None


def test_the_prosecutors_work_lists_the_investigations_supervised_and_their_missed_terms(
    client: Client, supervised: Supervised
) -> None:
    s = supervised
    client.force_login(s.world.prosecutor)
    page = client.get("/work/").content.decode()
    assert s.case.number in page.split('id="mine-heading"')[1]  # among the prosecutor's cases
    assert "No deadline on your cases has been missed." in page
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=70), tick=False):
        client.force_login(s.world.prosecutor)
        late = client.get("/work/").content.decode()
    overdue = late.split('id="overdue-heading"')[1].split("</section>")[0]
    assert s.case.number in overdue  # the term of the investigation, missed
