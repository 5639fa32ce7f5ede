"""The workflow of a case through the API: the stages and steps of its kind, the stages it reached
and the one it is at, for a criminal case that goes from the police through the prosecutor to court;
nothing for those who may not see the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.api.clients import api_client, problem
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    response = client.post(url, body, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def criminal_case_at_court(world: World) -> tuple[int, Any]:
    """A report registered by the police on the 16th, with the prosecutor from the 17th, received by
    the court on the 18th; the police's investigator."""
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(police, Role.INVESTIGATOR, username="investigator")
    clients = api_client(investigator), api_client(world.prosecutor), api_client(world.clerk)
    with time_machine.travel(NOW, tick=False):
        case = _post(
            clients[0],
            "/api/v1/cases",
            {
                "organization": police.pk,
                "kind": "criminal",
                "title": "Theft of a car",
                "received_on": "2026-11-15",
                "articles": ["188(2)"],
                "participants": [
                    {"role": "suspect", "party": {"kind": "person", "name": "Abenov Serik"}},
                    {"role": "prosecutor", "organization_id": world.prosecutor_office.pk},
                ],
            },
        )
        url = f"/api/v1/cases/{case['id']}"
        _post(clients[1], f"{url}/transitions", {"action": "extend_investigation"})
        suspect = clients[0].get(f"{url}/acts").json()[0]["participant"]
        _post(clients[0], f"{url}/acts", {"participant": suspect, "action": "charge"})
        step = {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk}
        _post(clients[0], f"{url}/transitions", step)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        _post(clients[1], f"{url}/receive", {})
        _post(clients[1], f"{url}/transitions", {"action": "send_to_court", "receiver": world.court.pk})
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        _post(clients[2], f"{url}/receive", {})
    return case["id"], investigator


def test_the_workflow_of_a_case_sent_from_the_police_to_court(world: World) -> None:
    case_id, _investigator = criminal_case_at_court(world)

    body = api_client(world.clerk).get(f"/api/v1/cases/{case_id}/workflow").json()

    kind = get_pack().kind("criminal")
    assert (body["kind"], body["stage"], body["initial_stage"], body["also_starts_at"]) == (
        "criminal",
        "received",
        "investigation",
        ["received"],
    )
    assert [s["code"] for s in body["stages"]] == [s.code for s in kind.stages]
    stages = {s["code"]: s for s in body["stages"]}
    assert stages["investigation"] == {
        "code": "investigation",
        "name": "Pre-trial investigation",
        "holder": "investigative_body",
        "instances": [],
        "reached_at": "2026-11-16T09:00:00Z",
        "current": False,
    }
    assert stages["prosecution_review"]["reached_at"] == "2026-11-17T09:00:00Z"
    assert stages["prosecution_review"]["holder"] == "prosecutor_office"
    assert (stages["received"]["reached_at"], stages["received"]["current"]) == ("2026-11-18T09:00:00Z", True)
    assert [s["code"] for s in body["stages"] if s["current"]] == ["received"]
    assert [s["code"] for s in body["stages"] if s["reached_at"]] == ["investigation", "prosecution_review", "received"]
    assert stages["appeal"]["instances"] == [2]
    steps = {t["action"]: t for t in body["transitions"]}
    assert len(steps) == len(kind.transitions)
    assert steps["terminate_investigation"] == {
        "action": "terminate_investigation",
        "from": ["investigation", "investigation_suspended"],
        "to": "investigation_terminated",
        "name": "Terminate the investigation",
        "handover": False,
    }
    assert steps["send_to_court"]["handover"] is True


def test_the_workflow_in_russian(world: World) -> None:
    case_id, _investigator = criminal_case_at_court(world)

    body = api_client(world.clerk).get(f"/api/v1/cases/{case_id}/workflow", HTTP_ACCEPT_LANGUAGE="ru").json()

    stages = {s["code"]: s["name"] for s in body["stages"]}
    assert stages["investigation"] == "Досудебное расследование"
    assert {t["action"]: t["name"] for t in body["transitions"]}["accept"] == "Принять к производству"


def test_the_case_is_listed_among_its_parts_and_hidden_from_those_who_may_not_see_it(world: World) -> None:
    case_id, investigator = criminal_case_at_court(world)

    parts = api_client(world.clerk).get(f"/api/v1/cases/{case_id}").json()["parts"]
    assert {"code": "workflow", "title": "Workflow", "href": f"/api/v1/cases/{case_id}/workflow"} in parts
    for outsider in (world.other_clerk, world.stranger, investigator):  # the police no longer hold it
        problem(api_client(outsider).get(f"/api/v1/cases/{case_id}/workflow"), 404)
    problem(api_client(world.clerk).get("/api/v1/cases/999999/workflow"), 404)
