"""Hand-overs and links through the API: what a system of the police or the prosecutor's office
calls, with the case's numbers, its way between organizations and its links."""

from __future__ import annotations

import pytest

from adalat.cases.models import Case, Handover
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.cases.pretrial import Pretrial, report, step

pytestmark = pytest.mark.django_db


def _sent(p: Pretrial) -> Case:
    case = step(p.investigator, report(p), "open_investigation")
    return step(p.investigator, case, "send_to_prosecutor", receiver=p.office)


def test_a_step_that_sends_the_case_names_where_it_may_go(pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    client = api_client(p.investigator)
    steps = {s["action"]: s for s in client.get(f"/api/v1/cases/{case.pk}/transitions").json()}
    receivers = {r["code"] for r in steps["send_to_prosecutor"]["receivers"]}
    assert receivers == {"PO01", "PO02"} and steps["suspend"]["receivers"] == []

    url = f"/api/v1/cases/{case.pk}/transitions"
    before = database_state()
    assert error_fields(client.post(url, {"action": "send_to_prosecutor"}, content_type="application/json")) == {
        "receiver"
    }
    bad = {"action": "send_to_prosecutor", "receiver": p.world.court.pk}
    assert error_fields(client.post(url, bad, content_type="application/json")) == {"receiver"}
    missing = {"action": "send_to_prosecutor", "receiver": 987654}
    assert error_fields(client.post(url, missing, content_type="application/json")) == {"receiver"}
    assert database_state() == before

    body = client.post(
        url, {"action": "send_to_prosecutor", "receiver": p.office.pk, "note": "Ready"}, content_type="application/json"
    ).json()
    assert body["receiving"]["code"] == "PO01" and body["holder"]["code"] == "IB01"
    assert client.get(f"/api/v1/cases/{case.pk}/transitions").json() == []


def test_the_receiver_finds_the_case_in_its_incoming_and_receives_it(pretrial: Pretrial) -> None:
    p = pretrial
    case = _sent(p)
    prosecutor = api_client(p.prosecutor)
    incoming = prosecutor.get("/api/v1/cases/incoming").json()
    assert [(h["case"], h["number"], h["sender"]["code"], h["state"]) for h in incoming] == [
        (case.pk, case.number, "IB01", "sent")
    ]
    assert api_client(p.other_prosecutor).get("/api/v1/cases/incoming").json() == []
    assert api_client(p.investigator).get("/api/v1/cases/incoming").json() == []
    # the sender may not receive it; someone elsewhere does not even see it
    problem(
        api_client(p.investigator).post(f"/api/v1/cases/{case.pk}/receive", {}, content_type="application/json"), 403
    )
    problem(
        api_client(p.other_prosecutor).post(f"/api/v1/cases/{case.pk}/receive", {}, content_type="application/json"),
        404,
    )
    problem(
        prosecutor.post(f"/api/v1/cases/{case.pk}/receive", {"expected_version": 1}, content_type="application/json"),
        409,
    )
    body = prosecutor.post(f"/api/v1/cases/{case.pk}/receive", {}, content_type="application/json").json()
    assert (body["holder"]["code"], body["receiving"], body["stage"]) == ("PO01", None, "prosecution_review")
    assert body["numbers"] == [case.number]
    handovers = prosecutor.get(f"/api/v1/cases/{case.pk}/handovers").json()
    assert [(h["state"], h["receiver"]["code"]) for h in handovers] == [("received", "PO01")]
    assert (handovers[0]["sent_by"]["id"], handovers[0]["decided_by"]["id"]) == (p.investigator.pk, p.prosecutor.pk)
    # received once: again is a conflict
    problem(prosecutor.post(f"/api/v1/cases/{case.pk}/receive", {}, content_type="application/json"), 409)


def test_a_returned_case_needs_its_reasons(pretrial: Pretrial) -> None:
    p = pretrial
    case = _sent(p)
    prosecutor = api_client(p.prosecutor)
    url = f"/api/v1/cases/{case.pk}/return"
    assert error_fields(prosecutor.post(url, {"reason": " "}, content_type="application/json")) == {"reason"}
    assert error_fields(prosecutor.post(url, {"reason": "x" * 501}, content_type="application/json")) == {"reason"}
    body = prosecutor.post(url, {"reason": "Expert opinion missing"}, content_type="application/json").json()
    assert (body["state"], body["sender"]["code"]) == ("returned", "IB01")
    assert Handover.objects.get().state == "returned"
    # it is back with the police, who see why; the prosecutor no longer sees it
    events = api_client(p.investigator).get(f"/api/v1/cases/{case.pk}/events").json()["items"]
    returned = [e for e in events if e["code"] == "handover_returned"]
    assert returned[0]["texts"] == {"reason": "Expert opinion missing"}
    assert "Expert opinion missing" in returned[0]["sentence"]
    problem(prosecutor.get(f"/api/v1/cases/{case.pk}"), 404)


def test_numbers_and_links_through_the_api(pretrial: Pretrial) -> None:
    p = pretrial
    main, part = report(p), report(p)
    client = api_client(p.investigator)
    assert [n["number"] for n in client.get(f"/api/v1/cases/{main.pk}/numbers").json()] == [main.number]

    url = f"/api/v1/cases/{part.pk}/links"
    assert error_fields(client.post(url, {"kind": "appeal", "other": main.pk}, content_type="application/json")) == {
        "kind"
    }
    assert error_fields(client.post(url, {"kind": "severed", "other": 987654}, content_type="application/json")) == {
        "other"
    }
    made = client.post(url, {"kind": "severed", "other": main.pk}, content_type="application/json")
    assert made.status_code == 201
    (link,) = made.json()
    assert (link["label"], link["other"], link["other_number"]) == ("Severed from", main.pk, main.number)
    back = client.get(f"/api/v1/cases/{main.pk}/links").json()
    assert [(item["label"], item["other"]) for item in back] == [("Severed into", part.pk)]
    assert client.delete(f"/api/v1/cases/{main.pk}/links/{link['id']}").json() == []
    problem(client.delete(f"/api/v1/cases/{main.pk}/links/{link['id']}"), 409)
    assert client.get(url).json() == []
