"""The directory through the API (``GET /api/v1/directory``), participants added by the id of an
organization, the case list searched by parts of numbers, words of names and identity numbers, and a
typed party never silently replaced by a known one."""

from __future__ import annotations

import pytest
from django.test import Client

from adalat.cases.models import Participant, Party
from adalat.cases.services import ParticipantData, PartyData
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_directory_lists_organizations_and_parties_the_caller_may_attach(world: World) -> None:
    register(clerk=world.clerk, court=world.court)  # Ivanov Ivan Ivanovich, at the first court
    client = api_client(world.clerk, ["cases:read"])

    response = client.get("/api/v1/directory", {"q": "prosecutor district"})
    assert response.status_code == 200, response.content
    office = world.prosecutor_office
    assert response.json() == [
        {
            "source": "organization",
            "id": office.pk,
            "name": "District Prosecutor",
            "kind": "prosecutor_office",
            "kind_label": "Prosecutor's office",
        }
    ]
    (ivanov,) = client.get("/api/v1/directory", {"q": "IVANOVICH"}).json()
    assert (ivanov["source"], ivanov["name"], ivanov["kind"]) == ("party", "Ivanov Ivan Ivanovich", "person")
    assert api_client(world.other_clerk).get("/api/v1/directory", {"q": "ivanovich"}).json() == []

    assert error_fields(client.get("/api/v1/directory", {"q": "a"})) == {"q"}
    assert error_fields(client.get("/api/v1/directory")) == {"q"}
    assert problem(api_client(world.clerk, ["documents:read"]).get("/api/v1/directory", {"q": "ivanov"}), 403)
    assert problem(api_client(world.clerk).get("/api/v1/directory", {"q": "x" * 101}), 422)


def test_the_directory_needs_a_token(client: Client, world: World) -> None:
    response = client.get("/api/v1/directory", {"q": "prosecutor"})
    assert problem(response, 401)


def test_a_participant_is_added_by_the_id_of_an_organization(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    office = world.prosecutor_office
    client = api_client(world.clerk)
    url = f"/api/v1/cases/{case.pk}/participants"

    added = client.post(url, {"role": "prosecutor", "organization_id": office.pk}, content_type="application/json")

    assert added.status_code == 201, added.content
    assert added.json()["party"]["name"] == "District Prosecutor"
    assert Party.objects.get(pk=added.json()["party"]["id"]).organization == office
    assert api_client(world.prosecutor).get(f"/api/v1/cases/{case.pk}").status_code == 200

    before = database_state()
    for payload, fields in (
        ({"role": "prosecutor", "organization_id": 10**9}, {"organization_id"}),
        ({"role": "prosecutor", "organization_id": office.pk, "party_id": 1}, {"party"}),
        ({"role": "prosecutor", "party": {"kind": "organization", "name": "district  prosecutor"}}, {"party.name"}),
    ):
        assert error_fields(client.post(url, payload, content_type="application/json")) == fields
    assert database_state() == before
    kept = {"role": "witness", "party": {"kind": "organization", "name": "District Prosecutor"}, "keep_new": True}
    assert client.post(url, kept, content_type="application/json").status_code == 201


def test_a_known_identity_number_with_another_name_is_named_not_swapped(world: World) -> None:
    first = register(
        clerk=world.clerk,
        court=world.court,
        participants=[ParticipantData("accused", PartyData(kind="person", name="Petrov Petr", national_id="AB-1234"))],
    )
    known = Participant.objects.get(case=first).party
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    url = f"/api/v1/cases/{case.pk}/participants"
    typed = {"role": "witness", "party": {"kind": "person", "name": "Sidorov Sidor", "national_id": "ab-1234"}}

    body = problem(client.post(url, typed, content_type="application/json"), 422)

    (error,) = body["errors"]
    assert error["field"] == "party.national_id"
    assert "Petrov Petr" in error["message"] and f"party {known.pk}" in error["message"]
    added = client.post(url, {**typed, "keep_new": True}, content_type="application/json")
    assert added.status_code == 201 and added.json()["party"]["name"] == "Sidorov Sidor"
    chosen = client.post(url, {"role": "victim", "party_id": known.pk}, content_type="application/json")
    assert chosen.json()["party"]["name"] == "Petrov Petr"


def test_the_case_list_searches_parts_of_numbers_words_of_names_and_identity_numbers(world: World) -> None:
    case = register(
        clerk=world.clerk,
        court=world.court,
        participants=[
            ParticipantData("accused", PartyData(kind="organization", name="ТОО «Астана Аренда»", national_id="BIN-77"))  # noqa: RUF001 (a Cyrillic name)
        ],
    )
    year = case.number.split("-")[2]

    def numbers(user: object, q: str) -> list[str]:
        response = api_client(user).get("/api/v1/cases", {"q": q})  # type: ignore[arg-type]
        assert response.status_code == 200, response.content
        return [item["number"] for item in response.json()["items"]]

    for q in ("астана аренда", "Аренда", f"CR-{year}-1", "00001", "bin-77"):
        assert numbers(world.clerk, q) == [case.number], q
    assert numbers(world.other_clerk, "bin-77") == numbers(world.other_clerk, "астана") == []
