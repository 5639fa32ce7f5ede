"""Changing cases through the API: participants, workflow steps, the judge."""

from __future__ import annotations

import pytest
from django.test import Client

from adalat.cases.models import Case, CaseEvent, Participant
from tests.api.clients import api_client, error_fields, problem
from tests.api.people import case_with_lawyer
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
WITNESS = {"role": "witness", "party": {"kind": "person", "name": "Sidorov Sidor", "phone": "+7 701 000 00 00"}}


# --- participants ---------------------------------------------------------------------


def test_a_clerk_adds_and_removes_a_participant(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)

    added = client.post(f"/api/v1/cases/{case.pk}/participants", WITNESS, content_type="application/json")
    assert added.status_code == 201, added.content
    body = added.json()
    assert (body["role"], body["role_label"], body["party"]["name"], body["removed_at"]) == (
        "witness",
        "Witness",
        "Sidorov Sidor",
        None,
    )

    again = client.post(
        f"/api/v1/cases/{case.pk}/participants",
        {"role": "expert", "party_id": body["party"]["id"]},
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["party"]["id"] == body["party"]["id"]

    # DELETE carries its reason in the query string
    removed = client.delete(f"/api/v1/cases/{case.pk}/participants/{again.json()['id']}?reason=Not+needed")
    assert removed.status_code == 200 and removed.json()["removed_at"] is not None
    event = CaseEvent.objects.filter(case=case, code="participant_removed").latest("id")
    assert event.texts.get(name="reason").text == "Not needed" and event.actor == world.clerk


def test_bad_participants_are_named_and_change_nothing(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    url = f"/api/v1/cases/{case.pk}/participants"
    before = database_state()
    assert error_fields(client.post(url, {}, content_type="application/json")) == {"role"}
    assert error_fields(
        client.post(
            url,
            {"role": "plaintiff", "party": {"kind": "person", "name": "X", "birth_date": "2999-01-01"}},
            content_type="application/json",
        )
    ) == {"role", "party.birth_date"}
    assert error_fields(
        client.post(url, {"role": "witness", "party": {"kind": "robot", "name": 5}}, content_type="application/json")
    ) == {"party.name"}
    assert error_fields(client.post(url, {"role": "witness", "party_id": 987654}, content_type="application/json")) == {
        "party_id"
    }
    assert error_fields(client.post(url, {"role": "witness"}, content_type="application/json")) == {"party"}
    assert database_state() == before


def test_removing_an_unknown_or_foreign_participant_is_not_found(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    other = register(clerk=world.clerk, court=world.court)
    foreign = Participant.objects.get(case=other)
    client = api_client(world.clerk)
    before = database_state()
    problem(client.delete(f"/api/v1/cases/{case.pk}/participants/{foreign.pk}"), 404)
    problem(client.delete(f"/api/v1/cases/{case.pk}/participants/987654"), 404)
    assert error_fields(client.delete(f"/api/v1/cases/{case.pk}/participants/one")) == {"participant_id"}
    assert error_fields(client.delete(f"/api/v1/cases/{case.pk}/participants/{foreign.pk}?reason=" + "x" * 501)) == {
        "reason"
    }
    assert database_state() == before


def test_removing_twice_is_refused(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    participant = Participant.objects.get(case=case)
    client = api_client(world.clerk)
    assert client.delete(f"/api/v1/cases/{case.pk}/participants/{participant.pk}").status_code == 200
    before = database_state()
    assert problem(client.delete(f"/api/v1/cases/{case.pk}/participants/{participant.pk}"), 400)["type"].endswith(
        "already_removed"
    )
    assert database_state() == before


def test_who_may_change_participants(world: World) -> None:
    case = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer, judge=world.judge)
    participant = Participant.objects.filter(case=case).first()
    assert participant is not None
    url = f"/api/v1/cases/{case.pk}/participants"
    # seen but not allowed: the lawyer on the case, the judge of the court not assigned, the chair
    allowed_to_see = [api_client(user) for user in (world.lawyer, world.judge2, world.chair)]
    # not seen at all
    not_seeing = [api_client(user) for user in (world.other_clerk, world.stranger)]
    read_only = api_client(world.clerk, scopes=["cases:read"])
    before = database_state()
    for client in allowed_to_see:
        problem(client.post(url, WITNESS, content_type="application/json"), 403)
        problem(client.delete(f"{url}/{participant.pk}"), 403)
    for client in not_seeing:
        problem(client.post(url, WITNESS, content_type="application/json"), 404)
        problem(client.delete(f"{url}/{participant.pk}"), 404)
    problem(read_only.post(url, WITNESS, content_type="application/json"), 403)
    problem(Client().post(url, WITNESS, content_type="application/json"), 401)
    problem(Client().delete(f"{url}/{participant.pk}"), 401)
    assert database_state() == before
    # the assigned judge may
    assert api_client(world.judge).post(url, WITNESS, content_type="application/json").status_code == 201


# --- workflow --------------------------------------------------------------------------


def test_the_steps_offered_are_those_the_caller_may_take(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    assert api_client(world.clerk).get(f"/api/v1/cases/{case.pk}/transitions").json() == [
        {
            "action": "accept",
            "label": "Accept for proceedings",
            "to": "preparation",
            "to_label": "Preparation for trial",
            "receivers": [],
        }
    ]
    assert api_client(world.chair).get(f"/api/v1/cases/{case.pk}/transitions").json() == []
    unassigned = register(clerk=world.clerk, court=world.court)
    assert api_client(world.clerk).get(f"/api/v1/cases/{unassigned.pk}/transitions").json() == []


def test_a_step_moves_the_case_and_answers_with_it(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    response = api_client(world.clerk).post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"action": "accept", "note": "Complete file", "expected_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["stage"], body["stage_label"], body["version"]) == ("preparation", "Preparation for trial", 2)
    event = CaseEvent.objects.get(case=case, code="transition", data__action="accept")
    assert (event.from_stage, event.to_stage, event.data, event.actor) == (
        "received",
        "preparation",
        {"action": "accept"},
        world.clerk,
    )
    assert event.texts.get(name="note").text == "Complete file"
    trial = api_client(world.judge).post(
        f"/api/v1/cases/{case.pk}/transitions", {"action": "schedule_trial"}, content_type="application/json"
    )
    assert trial.json()["stage"] == "trial"


def test_refused_steps_say_why_and_change_nothing(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    url = f"/api/v1/cases/{case.pk}/transitions"
    clerk, chair, judge2, other_clerk = (
        api_client(u) for u in (world.clerk, world.chair, world.judge2, world.other_clerk)
    )
    read_only = api_client(world.clerk, scopes=["cases:read"])
    before = database_state()
    # the stage does not allow it
    assert problem(clerk.post(url, {"action": "deliver_judgment"}, content_type="application/json"), 409)[
        "type"
    ].endswith("wrong_stage")
    # the case changed since the caller read it
    assert problem(clerk.post(url, {"action": "accept", "expected_version": 7}, content_type="application/json"), 409)
    # no such step for this kind
    assert error_fields(clerk.post(url, {"action": "fly"}, content_type="application/json")) == {"action"}
    assert error_fields(clerk.post(url, {}, content_type="application/json")) == {"action"}
    assert error_fields(
        clerk.post(url, {"action": "accept", "expected_version": "new"}, content_type="application/json")
    ) == {"expected_version"}
    assert error_fields(clerk.post(url, {"action": "accept", "note": "x" * 2001}, content_type="application/json")) == {
        "note"
    }
    # seen but not allowed: the chair may not take workflow steps, an unassigned judge neither
    assert problem(chair.post(url, {"action": "accept"}, content_type="application/json"), 403)
    assert problem(judge2.post(url, {"action": "accept"}, content_type="application/json"), 403)
    # not seen
    problem(other_clerk.post(url, {"action": "accept"}, content_type="application/json"), 404)
    problem(clerk.post("/api/v1/cases/987654/transitions", {"action": "accept"}, content_type="application/json"), 404)
    problem(read_only.post(url, {"action": "accept"}, content_type="application/json"), 403)
    problem(Client().post(url, {"action": "accept"}, content_type="application/json"), 401)
    assert database_state() == before


def test_the_judge_is_assigned_and_reassigned(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    url = f"/api/v1/cases/{case.pk}/judge"
    client = api_client(world.clerk)
    first = client.put(url, {"judge": world.judge.pk}, content_type="application/json")
    assert first.status_code == 200, first.content
    assert first.json()["judge"] == {"id": world.judge.pk, "name": world.judge.display_name}
    second = api_client(world.chair).put(
        url, {"judge": world.judge2.pk, "reason": "Recusal", "expected_version": 2}, content_type="application/json"
    )
    assert second.json()["judge"]["id"] == world.judge2.pk and second.json()["version"] == 3
    event = CaseEvent.objects.filter(case=case, code="judge_assigned").latest("id")
    assert event.texts.get(name="reason").text == "Recusal" and event.data["previous"] == world.judge.pk


def test_bad_judge_assignments_are_refused(world: World) -> None:
    case = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer, judge=world.judge)
    url = f"/api/v1/cases/{case.pk}/judge"
    client = api_client(world.clerk)
    refused = [api_client(user) for user in (world.lawyer, world.judge, world.judge2)]
    stranger, read_only = api_client(world.stranger), api_client(world.clerk, scopes=["cases:read"])
    before = database_state()
    assert error_fields(client.put(url, {}, content_type="application/json")) == {"judge"}
    assert error_fields(client.put(url, {"judge": "judge2"}, content_type="application/json")) == {"judge"}
    assert error_fields(client.put(url, {"judge": 987654}, content_type="application/json")) == {"judge"}
    assert error_fields(client.put(url, {"judge": world.other_judge.pk}, content_type="application/json")) == {"judge"}
    assert error_fields(client.put(url, {"judge": world.judge.pk}, content_type="application/json")) == {
        "judge"
    }  # already assigned
    assert problem(
        client.put(url, {"judge": world.judge2.pk, "expected_version": 5}, content_type="application/json"), 409
    )
    for other in refused:
        problem(other.put(url, {"judge": world.judge2.pk}, content_type="application/json"), 403)
    problem(stranger.put(url, {"judge": world.judge2.pk}, content_type="application/json"), 404)
    problem(read_only.put(url, {"judge": world.judge2.pk}, content_type="application/json"), 403)
    problem(Client().put(url, {"judge": world.judge2.pk}, content_type="application/json"), 401)
    assert database_state() == before
    assert Case.objects.get(pk=case.pk).judge == world.judge
