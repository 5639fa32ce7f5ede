"""Reading cases through the API: the list with its filters, one case, its events, deadlines
and participants; and never a case the caller may not see."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from adalat.audit.models import AuditEntry
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from tests.api.clients import api_client, error_fields, problem
from tests.api.people import case_with_lawyer
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 12, 11, 6, 0, tzinfo=dt.UTC)


def numbers(response: object) -> list[str]:
    return [item["number"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_the_list_is_filtered_sorted_and_paged(world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        first = register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 12, 1), judge=world.judge)
        second = register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 12, 5))
        third = register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 12, 5))
        register(clerk=world.other_clerk, court=world.other_court)
        client = api_client(world.clerk)

        everything = client.get("/api/v1/cases")
        assert everything.status_code == 200
        body = everything.json()
        # newest received first; ties by id, newest first: a stable order
        assert numbers(everything) == [third.number, second.number, first.number]
        assert (body["count"], body["count_exact"], body["page"], body["next"], body["previous"]) == (
            3,
            True,
            1,
            None,
            None,
        )

        page = client.get("/api/v1/cases", {"page_size": 2, "sort": "number"})
        assert numbers(page) == sorted([first.number, second.number, third.number])[:2]
        assert "page=2" in page.json()["next"] and "sort=number" in page.json()["next"]
        second_page = client.get("/api/v1/cases", {"page_size": 2, "sort": "number", "page": 2})
        assert len(numbers(second_page)) == 1 and second_page.json()["previous"] is not None

        assert numbers(client.get("/api/v1/cases", {"kind": "civil"})) == [second.number]
        assert numbers(client.get("/api/v1/cases", {"judge": world.judge.pk})) == [first.number]
        assert numbers(
            client.get(
                "/api/v1/cases", {"received_from": "2026-12-02", "received_to": "2026-12-05", "sort": "received"}
            )
        ) == [second.number, third.number]
        assert numbers(client.get("/api/v1/cases", {"q": first.number})) == [first.number]
        assert numbers(client.get("/api/v1/cases", {"q": "ivanov"})) == [third.number, second.number, first.number]
        assert numbers(client.get("/api/v1/cases", {"holder": world.other_court.pk})) == []
    with time_machine.travel(FRIDAY + dt.timedelta(days=20), tick=False):
        overdue = client.get("/api/v1/cases", {"overdue": "true", "sort": "number"})
        assert len(numbers(overdue)) == 3 and all(item["overdue"] for item in overdue.json()["items"])


def test_the_list_takes_the_filters_of_the_progress_pages_links(world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        judged = register(clerk=world.clerk, court=world.court, judge=world.judge)
        waiting = register(clerk=world.clerk, court=world.court)
    Case.objects.filter(pk=judged.pk).update(resolved_on=dt.date(2026, 12, 10))
    client = api_client(world.clerk)

    assert numbers(client.get("/api/v1/cases", {"no_judge": "true"})) == [waiting.number]
    assert numbers(client.get("/api/v1/cases", {"pending": "true"})) == [waiting.number]
    resolved = client.get("/api/v1/cases", {"resolved_from": "2026-12-10", "resolved_to": "2026-12-10"})
    assert numbers(resolved) == [judged.number]
    contradictions = {"judge": world.judge.pk, "no_judge": "true", "pending": "true", "resolved_from": "2026-12-01"}
    assert error_fields(client.get("/api/v1/cases", contradictions)) == {"no_judge", "pending"}


def test_bad_filters_are_named(world: World) -> None:
    client = api_client(world.clerk)
    fields = error_fields(
        client.get(
            "/api/v1/cases",
            {
                "kind": "maritime",
                "status": "lost",
                "sort": "colour",
                "received_from": "2026-12-05",
                "received_to": "2026-12-01",
            },
        )
    )
    assert fields == {"kind", "status", "sort", "received_to"}
    assert error_fields(
        client.get("/api/v1/cases", {"received_from": "tomorrow", "holder": "x", "overdue": "perhaps"})
    ) == {"received_from", "holder", "overdue"}
    assert error_fields(client.get("/api/v1/cases", {"page": 0})) == {"page"}
    assert error_fields(client.get("/api/v1/cases", {"page_size": 1000})) == {"page_size"}
    case = register(clerk=world.clerk, court=world.court)
    assert error_fields(client.get(f"/api/v1/cases/{case.pk}/events", {"page": "second"})) == {"page"}
    assert error_fields(client.get(f"/api/v1/cases/{case.pk}/events", {"page_size": 0})) == {"page_size"}
    assert error_fields(client.get(f"/api/v1/cases/{case.pk}/participants", {"include_removed": "maybe"})) == {
        "include_removed"
    }


def test_a_lawyer_lists_only_the_cases_they_are_on(world: World) -> None:
    mine = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer)
    register(clerk=world.clerk, court=world.court)
    assert numbers(api_client(world.lawyer).get("/api/v1/cases")) == [mine.number]
    assert numbers(api_client(world.stranger).get("/api/v1/cases")) == []


def test_one_case_with_its_events_deadlines_and_participants(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.judge)

    detail = client.get(f"/api/v1/cases/{case.pk}")
    assert detail.status_code == 200 and detail.json()["number"] == case.number

    events = client.get(f"/api/v1/cases/{case.pk}/events").json()
    assert [e["code"] for e in events["items"]] == ["registered", "judge_assigned", "participant_added"]
    first = events["items"][0]
    assert first["actor"] == {"id": world.clerk.pk, "name": world.clerk.display_name}
    assert (first["to_stage"], first["automatic"]) == ("received", False)
    assert first["sentence"] == f"{world.clerk.display_name} registered the case; it is at the stage Received."
    added = events["items"][2]
    assert added["sentence"] == f"{world.clerk.display_name} added Ivanov Ivan Ivanovich as Accused."
    assert "Ivanov" not in str(added["payload"])  # identifiers only; the name is looked up when shown
    assert [
        e["code"] for e in client.get(f"/api/v1/cases/{case.pk}/events", {"page_size": 1, "page": 3}).json()["items"]
    ] == ["participant_added"]

    deadlines = client.get(f"/api/v1/cases/{case.pk}/deadlines").json()
    assert [(d["stage"], d["due_on"], d["closed_at"]) for d in deadlines] == [
        ("received", case.due_on.isoformat(), None)
    ]  # type: ignore[union-attr]

    participants = client.get(f"/api/v1/cases/{case.pk}/participants").json()
    assert [(p["role"], p["role_label"], p["party"]["name"]) for p in participants] == [
        ("accused", "Accused", "Ivanov Ivan Ivanovich")
    ]


def test_reading_a_restricted_case_is_audited(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, confidentiality="juvenile")
    client = api_client(world.clerk)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert AuditEntry.objects.filter(action="case.read", object_id=str(case.pk), actor_id=world.clerk.pk).count() == 1


@pytest.mark.parametrize("suffix", ["", "/events", "/deadlines", "/participants", "/transitions"])
def test_someone_elses_case_is_not_found(world: World, suffix: str) -> None:
    case = register(clerk=world.clerk, court=world.court)
    sealed = register(clerk=world.clerk, court=world.court, confidentiality="sealed")
    for user, target in [
        (world.other_clerk, case),
        (world.stranger, case),
        (world.judge, sealed),
        (world.appeal_chair, sealed),
    ]:
        body = problem(api_client(user).get(f"/api/v1/cases/{target.pk}{suffix}"), 404)
        assert target.number not in body["detail"]
    problem(api_client(world.clerk).get(f"/api/v1/cases/987654{suffix}"), 404)
    assert error_fields(api_client(world.clerk).get(f"/api/v1/cases/first{suffix}")) == {"case_id"}


def test_a_chair_of_the_court_above_reads_the_cases_below(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    assert api_client(world.appeal_chair).get(f"/api/v1/cases/{case.pk}").status_code == 200


@pytest.mark.parametrize("suffix", ["", "/events", "/deadlines", "/participants", "/transitions"])
def test_reading_needs_the_read_scope_and_credentials(world: World, suffix: str) -> None:
    case = register(clerk=world.clerk, court=world.court)
    body = problem(
        api_client(world.clerk, scopes=["cases:write", "documents:read"]).get(f"/api/v1/cases/{case.pk}{suffix}"), 403
    )
    assert "cases:read" in body["detail"]
    problem(Client().get(f"/api/v1/cases/{case.pk}{suffix}"), 401)


def test_removed_participants_are_listed_on_request(world: World) -> None:
    case = register(
        clerk=world.clerk,
        court=world.court,
        participants=[
            ParticipantData(role="accused", party=PartyData(kind="person", name="Ivanov Ivan")),
            ParticipantData(role="witness", party=PartyData(kind="person", name="Sidorov Sidor")),
        ],
    )
    client = api_client(world.clerk)
    witness = client.get(f"/api/v1/cases/{case.pk}/participants").json()[1]
    assert client.delete(f"/api/v1/cases/{case.pk}/participants/{witness['id']}").status_code == 200
    before = database_state()
    assert [p["role"] for p in client.get(f"/api/v1/cases/{case.pk}/participants").json()] == ["accused"]
    everyone = client.get(f"/api/v1/cases/{case.pk}/participants", {"include_removed": "true"}).json()
    assert [(p["role"], p["removed_at"] is not None) for p in everyone] == [("accused", False), ("witness", True)]
    assert database_state() == before


def test_lists_cost_the_same_queries_however_many_rows(world: World) -> None:
    register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    case_id = client.get("/api/v1/cases").json()["items"][0]["id"]
    urls = ["/api/v1/cases", f"/api/v1/cases/{case_id}/events", f"/api/v1/cases/{case_id}/participants"]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    for _ in range(4):
        register(clerk=world.clerk, court=world.court, judge=world.judge2)
    client.post(
        f"/api/v1/cases/{case_id}/participants",
        {"role": "witness", "party": {"kind": "person", "name": "A B"}},
        content_type="application/json",
    )
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == counts[url], url
