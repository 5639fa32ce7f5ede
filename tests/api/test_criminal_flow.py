"""A criminal case of the demo pack through the API, from the report of the offence to the court:
the investigator registers and investigates it, the supervising prosecutor extends the term, sends
it back once and then to court, and the court's clerk receives it under the court's number."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from adalat.cases.models import Case
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.api.clients import api_client, error_fields, problem
from tests.api.people import party_of
from tests.api.state import database_state
from tests.conftest import World
from tests.documents.samples import PDF
from tests.organizations.factories import OrganizationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)  # a Monday


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _report(client: Client, world: World, police: Any) -> dict[str, Any]:
    response = _post(
        client,
        "/api/v1/cases",
        {
            "organization": police.memberships.get().organization_id,
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
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def police(world: World) -> Any:
    body = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    return member(body, Role.INVESTIGATOR, username="investigator")


@time_machine.travel(NOW, tick=False)
def test_from_the_report_to_the_court_in_one_record(world: World, police: Any) -> None:
    investigator, prosecutor, clerk = api_client(police), api_client(world.prosecutor), api_client(world.clerk)
    case = _report(investigator, world, police)
    url = f"/api/v1/cases/{case['id']}"
    # registered by the police: its pre-trial number, the investigation's term of 60 days running
    assert (case["number"], case["stage"], case["holder"]["code"]) == ("PD01-2026-000001", "investigation", "PD01")
    assert case["due_on"] == "2027-01-15"
    # the supervising prosecutor sees it as it happens and extends the term by 30 days
    assert prosecutor.get(url).status_code == 200
    extended = _post(prosecutor, f"{url}/transitions", {"action": "extend_investigation"}).json()
    assert extended["due_on"] == "2027-02-15"  # 14 February is a Sunday
    # nobody is charged yet: it cannot go to the prosecutor
    to_prosecutor = {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk}
    refused = problem(_post(investigator, f"{url}/transitions", to_prosecutor), 403)
    assert refused["detail"] == "There is no Accused on the case yet."
    # the suspect is charged and becomes the accused
    acts = investigator.get(f"{url}/acts").json()
    assert [(a["action"], a["label"], a["role"]) for a in acts] == [("charge", "Charge", "accused")]
    charged = _post(investigator, f"{url}/acts", {"participant": acts[0]["participant"], "action": "charge"}).json()
    assert (charged["role"], charged["party"]["name"]) == ("accused", "Abenov Serik")
    assert investigator.get(f"{url}/acts").json() == []
    # the investigator sends it to the prosecutor, and may not act on it on the way
    sent = _post(
        investigator, f"{url}/transitions", {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk}
    )
    assert sent.json()["receiving"]["code"] == "PO01"
    problem(_post(investigator, f"{url}/transitions", {"action": "suspend_investigation"}), 409)
    assert _post(prosecutor, f"{url}/receive", {}).json()["stage"] == "prosecution_review"
    # sent back for further investigation with reasons, received again by the police
    back = {
        "action": "return_for_investigation",
        "receiver": police.memberships.get().organization_id,
        "note": "Question the witness",
    }
    assert _post(prosecutor, f"{url}/transitions", back).status_code == 200
    again = _post(investigator, f"{url}/receive", {}).json()
    assert (again["stage"], again["number"]) == ("investigation", "PD01-2026-000001")  # its number there kept
    _post(investigator, f"{url}/transitions", {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk})
    _post(prosecutor, f"{url}/receive", {})
    # approved and sent to court: the court's clerk finds it in the incoming list
    court = {"action": "send_to_court", "receiver": world.court.pk}
    assert _post(prosecutor, f"{url}/transitions", court).json()["receiving"]["code"] == "DC01"
    assert [h["case"] for h in clerk.get("/api/v1/cases/incoming").json()] == [case["id"]]
    received = _post(clerk, f"{url}/receive", {}).json()
    assert (received["stage"], received["holder"]["code"]) == ("received", "DC01")
    assert received["numbers"] == ["PD01-2026-000001", "DC01-CR-2026-00001"]
    assert received["number"] == "DC01-CR-2026-00001"
    # the court sees the whole history, the investigation included
    codes = [e["code"] for e in clerk.get(f"{url}/events").json()["items"]]
    assert codes[0] == "registered" and codes.count("handover_received") == 4
    assert "participant_role_changed" in codes
    # the police no longer hold it, and are not on it: it is out of their sight
    problem(investigator.get(url), 404)


@time_machine.travel(NOW, tick=False)
def test_steps_out_of_order_or_by_the_wrong_people_are_refused_and_change_nothing(world: World, police: Any) -> None:
    investigator, prosecutor, clerk = api_client(police), api_client(world.prosecutor), api_client(world.clerk)
    case = _report(investigator, world, police)
    suspect = investigator.get(f"/api/v1/cases/{case['id']}/acts").json()[0]["participant"]
    _post(investigator, f"/api/v1/cases/{case['id']}/acts", {"participant": suspect, "action": "charge"})
    url = f"/api/v1/cases/{case['id']}/transitions"
    before = database_state()
    # the prosecutor sends nothing to court before the case reaches them
    problem(_post(prosecutor, url, {"action": "send_to_court", "receiver": world.court.pk}), 409)
    # only the prosecutor extends the term; the investigator may not
    problem(_post(investigator, url, {"action": "extend_investigation"}), 403)
    # a case goes to a prosecutor's office, not to a court
    assert error_fields(_post(investigator, url, {"action": "send_to_prosecutor", "receiver": world.court.pk})) == {
        "receiver"
    }
    # a court clerk does not register a report of an offence for the police
    assert _post(clerk, "/api/v1/cases", {"organization": police.memberships.get().organization_id}).status_code == 422
    assert database_state() == before


@time_machine.travel(NOW, tick=False)
def test_a_criminal_case_that_reaches_the_court_on_paper_is_registered_there(world: World) -> None:
    clerk = api_client(world.clerk)
    response = _post(
        clerk,
        "/api/v1/cases",
        {
            "organization": world.court.pk,
            "kind": "criminal",
            "title": "Fraud",
            "received_on": "2026-11-16",
            "articles": ["190(1)"],
            "participants": [{"role": "accused", "party": {"kind": "person", "name": "Petrova Anna"}}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["number"]) == ("received", "DC01-CR-2026-00001")
    assert Case.objects.get(pk=body["id"]).holder == world.court


@time_machine.travel(NOW, tick=False)
def test_only_a_suspect_is_charged_by_the_investigator_during_the_investigation(world: World, police: Any) -> None:
    investigator, prosecutor = api_client(police), api_client(world.prosecutor)
    case = _report(investigator, world, police)
    url = f"/api/v1/cases/{case['id']}/acts"
    participants = {p["role"]: p["id"] for p in investigator.get(f"/api/v1/cases/{case['id']}/participants").json()}
    before = database_state()
    # the prosecutor's office is on the case, not a suspect
    wrong = problem(_post(investigator, url, {"participant": participants["prosecutor"], "action": "charge"}), 409)
    assert wrong["detail"] == "District Prosecutor is on the case as Prosecutor; this act is for a Suspect."
    # the prosecutor does not charge; an act the kind does not have; someone not on the case
    problem(_post(prosecutor, url, {"participant": participants["suspect"], "action": "charge"}), 403)
    assert error_fields(_post(investigator, url, {"participant": participants["suspect"], "action": "pardon"})) == {
        "action"
    }
    assert error_fields(_post(investigator, url, {"participant": 987654, "action": "charge"})) == {"participant"}
    assert database_state() == before


@time_machine.travel(NOW, tick=False)
def test_a_case_goes_only_to_the_organizations_of_its_territory(world: World, police: Any) -> None:
    north = TerritoryFactory(code="NORTH", name="Northern Region")
    south = TerritoryFactory(code="SOUTH", name="Southern Region")
    district = TerritoryFactory(code="NORTH-1", name="First District", parent=north)
    Organization.objects.filter(pk__in=[world.prosecutor_office.pk, police.memberships.get().organization_id]).update(
        territory=north
    )
    Organization.objects.filter(pk=world.court.pk).update(territory=district)
    Organization.objects.filter(pk=world.other_court.pk).update(territory=south)
    southern = OrganizationFactory(code="PO02", kind=Organization.Kind.PROSECUTOR_OFFICE, territory=south)
    investigator, prosecutor = api_client(police), api_client(world.prosecutor)
    case = _report(investigator, world, police)
    url = f"/api/v1/cases/{case['id']}"
    suspect = investigator.get(f"{url}/acts").json()[0]["participant"]
    _post(investigator, f"{url}/acts", {"participant": suspect, "action": "charge"})

    def receivers(client: Client, action: str) -> list[str]:
        steps = {s["action"]: s for s in client.get(f"{url}/transitions").json()}
        return [r["code"] for r in steps[action]["receivers"]]

    # the police of the northern region send to its prosecutor, not to the southern one
    assert receivers(investigator, "send_to_prosecutor") == ["PO01"]
    refused = _post(investigator, f"{url}/transitions", {"action": "send_to_prosecutor", "receiver": southern.pk})
    assert error_fields(refused) == {"receiver"}
    _post(investigator, f"{url}/transitions", {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk})
    _post(prosecutor, f"{url}/receive", {})
    # the prosecutor sends to the district courts of the region: not to the court of another region,
    # nor to the court of appeal
    assert receivers(prosecutor, "send_to_court") == ["DC01"]
    assert receivers(prosecutor, "return_for_investigation") == ["PD01"]


@time_machine.travel(NOW, tick=False)
def test_the_defence_reads_what_the_investigation_gathered_once_it_is_completed(world: World, police: Any) -> None:
    investigator, prosecutor = api_client(police), api_client(world.prosecutor)
    lawyer = api_client(world.lawyer)
    case = _report(investigator, world, police)
    url = f"/api/v1/cases/{case['id']}"
    defence = {"role": "lawyer", "party_id": party_of(world.lawyer).pk}
    assert investigator.post(f"{url}/participants", defence, content_type="application/json").status_code == 201
    upload = io.BytesIO(PDF)
    upload.name = "interview.pdf"
    filed = investigator.post(f"{url}/documents", {"title": "Record of the interview", "file": upload})
    assert filed.status_code == 201
    document = filed.json()["id"]
    # during the investigation the lawyer sees the case, not its materials
    assert lawyer.get(url).status_code == 200
    assert lawyer.get(f"{url}/documents").json()["items"] == []
    problem(lawyer.get(f"{url}/documents/{document}/versions/1/content"), 404)
    # the investigation is completed: the whole file is open to the defence
    suspect = investigator.get(f"{url}/acts").json()[0]["participant"]
    _post(investigator, f"{url}/acts", {"participant": suspect, "action": "charge"})
    _post(investigator, f"{url}/transitions", {"action": "send_to_prosecutor", "receiver": world.prosecutor_office.pk})
    _post(prosecutor, f"{url}/receive", {})
    assert [d["title"] for d in lawyer.get(f"{url}/documents").json()["items"]] == ["Record of the interview"]
    assert lawyer.get(f"{url}/documents/{document}/versions/1/content").status_code == 200
