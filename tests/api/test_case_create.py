"""POST /api/v1/cases: registering a case through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent, Party
from adalat.core import clock
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.conftest import World

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases"


def payload(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organization": world.court.pk,
        "kind": "criminal",
        "title": "Theft of a tractor",
        "received_on": (clock.today_in(world.court.time_zone) - dt.timedelta(days=2)).isoformat(),
        "articles": ["158(2)(a)"],
        "judge": world.judge.pk,
        "participants": [
            {
                "role": "accused",
                "party": {
                    "kind": "person",
                    "name": "Petrov Petr",
                    "national_id": "880101300123",
                    "email": "petrov@example.org",
                    "messaging": {"telegram": "@petrov"},
                    "e_service_consent": True,
                },
            },
            {"role": "victim", "party": {"kind": "organization", "name": "Agro LLC"}},
        ],
    }
    body.update(changes)
    return body


def test_a_clerk_registers_a_case_and_gets_it_back(world: World) -> None:
    response = api_client(world.clerk).post(URL, payload(world), content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["number"] == case.number and case.number.startswith("DC01-CR-")
    assert body["holder"] == {"id": world.court.pk, "code": "DC01", "name": "First District Court", "kind": "court"}
    assert body["receiving"] is None and body["numbers"] == [body["number"]]
    assert (body["kind"], body["kind_label"], body["stage"], body["stage_label"]) == (
        "criminal",
        "Criminal",
        "received",
        "Received",
    )
    assert body["judge"] == {"id": world.judge.pk, "name": world.judge.display_name}
    assert (body["status"], body["confidentiality"], body["overdue"], body["version"]) == ("open", "normal", False, 1)
    assert body["articles"] == ["158(2)(a)"] and body["due_on"] is not None and body["resolved_on"] is None
    assert case.clerk == world.clerk
    assert Party.objects.get(national_id="880101300123").messaging == {"telegram": "@petrov"}
    actions = list(CaseEvent.objects.filter(case=case).order_by("id").values_list("code", flat=True))
    assert actions == ["registered", "judge_assigned", "participant_added", "participant_added"]
    assert AuditEntry.objects.filter(action="case.registered", object_id=str(case.pk), actor_id=world.clerk.pk).exists()


def test_labels_follow_the_language_of_the_request(world: World) -> None:
    response = api_client(world.clerk).post(
        URL, payload(world), content_type="application/json", headers={"Accept-Language": "ru"}
    )
    assert response.status_code == 201
    assert (response.json()["kind_label"], response.json()["stage_label"]) == ("Уголовное", "Поступило")


def test_missing_fields_are_named_and_nothing_is_written(world: World) -> None:
    client = api_client(world.clerk)
    before = database_state()
    response = client.post(URL, {}, content_type="application/json")
    assert error_fields(response) == {"organization", "kind", "title", "received_on"}
    assert database_state() == before


def test_wrong_types_are_named(world: World) -> None:
    client = api_client(world.clerk)
    before = database_state()
    bad = payload(
        world, organization="first", received_on="yesterday", articles="158", judge=[1], participants={"role": "x"}
    )
    assert error_fields(client.post(URL, bad, content_type="application/json")) == {
        "organization",
        "received_on",
        "articles",
        "judge",
        "participants",
    }
    assert database_state() == before


def test_a_body_that_is_not_json_is_a_bad_request(world: World) -> None:
    client = api_client(world.clerk)
    before = database_state()
    problem(client.post(URL, "{court: 1", content_type="application/json"), 400)
    assert database_state() == before


def test_unknown_organization_and_judge_ids_are_named(world: World) -> None:
    client = api_client(world.clerk)
    before = database_state()
    assert error_fields(client.post(URL, payload(world, organization=987654), content_type="application/json")) == {
        "organization"
    }
    assert error_fields(client.post(URL, payload(world, judge=987654), content_type="application/json")) == {"judge"}
    # a judge, but of another court; and someone who is no judge at all
    assert error_fields(
        client.post(URL, payload(world, judge=world.other_judge.pk), content_type="application/json")
    ) == {"judge"}
    assert error_fields(client.post(URL, payload(world, judge=world.clerk.pk), content_type="application/json")) == {
        "judge"
    }
    # a prosecutor's office, where the clerk registers nothing
    office = payload(world, organization=world.prosecutor_office.pk)
    problem(client.post(URL, office, content_type="application/json"), 403)
    assert database_state() == before


def test_the_services_checks_name_each_bad_field(world: World) -> None:
    client = api_client(world.clerk)
    before = database_state()
    bad = payload(
        world,
        title="  ",
        articles=[],
        received_on="2999-01-01",
        confidentiality="secret",
        participants=[
            {"role": "plaintiff", "party": {"kind": "person", "name": "", "email": "nope"}},
            {"role": "accused"},
        ],
    )
    assert error_fields(client.post(URL, bad, content_type="application/json")) == {
        "title",
        "articles",
        "received_on",
        "confidentiality",
        "participants[0].role",
        "participants[0].party.name",
        "participants[0].party.email",
        "participants[1].party",
    }
    unknown_kind = client.post(URL, payload(world, kind="maritime"), content_type="application/json")
    assert error_fields(unknown_kind) == {"kind"}
    assert database_state() == before


@pytest.mark.parametrize("who", ["other_clerk", "lawyer", "judge", "chair", "prosecutor"])
def test_only_the_courts_clerks_register_there(world: World, who: str) -> None:
    client = api_client(getattr(world, who))
    before = database_state()
    problem(client.post(URL, payload(world, judge=None), content_type="application/json"), 403)
    assert database_state() == before


def test_a_token_without_the_write_scope_is_refused(world: World) -> None:
    client = api_client(world.clerk, scopes=["cases:read", "documents:write"])
    before = database_state()
    body = problem(client.post(URL, payload(world), content_type="application/json"), 403)
    assert "cases:write" in body["detail"]
    assert database_state() == before


def test_without_credentials_the_answer_is_401(world: World) -> None:
    before = database_state()
    response = Client().post(URL, payload(world), content_type="application/json")
    problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    bad_token = Client(headers={"Authorization": "Bearer adl_000000000000_nonsense"})
    problem(bad_token.post(URL, payload(world), content_type="application/json"), 401)
    assert database_state() == before


def test_a_body_over_the_size_limit_is_413(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api_client(world.clerk)
    before = database_state()
    problem(client.post(URL, payload(world, title="x" * 2000), content_type="application/json"), 413)
    assert database_state() == before


def test_a_case_is_registered_in_a_language_of_the_pack_the_callers_by_default(world: World) -> None:
    clerk = api_client(world.clerk)
    russian = clerk.post(URL, payload(world, language="ru"), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert russian.status_code == 201 and russian.json()["language"] == "ru"
    default = clerk.post(URL, payload(world), content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert default.status_code == 201 and Case.objects.get(pk=default.json()["id"]).language == "ru"
    before = database_state()
    assert error_fields(clerk.post(URL, payload(world, language="kk"), content_type="application/json")) == {"language"}
    assert database_state() == before
