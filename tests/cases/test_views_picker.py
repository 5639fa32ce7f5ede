"""Choosing who takes part, on the case page and in the registration form: typing a name offers what
the directory has; without JavaScript, a form sent without choosing comes back with the offers and
says so; nothing typed is silently replaced by a known record."""

from __future__ import annotations

import html as html_lib
import re

import pytest
import time_machine
from django.test import Client

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.models import Case, Participant, Party
from adalat.cases.services import ParticipantData, PartyData
from tests.cases.factories import register
from tests.cases.test_views_register import FRIDAY, form_data
from tests.conftest import World

pytestmark = pytest.mark.django_db
ASKED = "This may already be in the directory"


@pytest.fixture
def case(world: World) -> Case:
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def page(response: object) -> str:
    return html_lib.unescape(response.content.decode())  # type: ignore[attr-defined]


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)"', html)


def test_the_name_searches_the_directory_as_one_types(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    html = page(client.get(f"/cases/{case.pk}/"))
    name_input = re.search(r'<input type="text" name="add-name"[^>]*>', html)
    assert name_input is not None
    assert 'hx-get="/directory/"' in name_input[0] and 'hx-target="#add-directory"' in name_input[0]
    assert '<div id="add-directory" aria-live="polite">' in html


def test_the_prosecutors_office_typed_by_name_is_offered_then_chosen(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    office = world.prosecutor_office
    typed = {"add-role": "prosecutor", "add-kind": "organization", "add-name": "district prosecutor"}

    response = client.post(f"/cases/{case.pk}/participants/", typed)

    assert response.status_code == 422
    html = page(response)
    assert ASKED in html
    assert radios(html, "add-known") == [f"organization:{office.pk}", "new"]
    assert not Participant.objects.filter(case=case, role="prosecutor").exists()

    response = client.post(f"/cases/{case.pk}/participants/", {**typed, "add-known": f"organization:{office.pk}"})

    assert response.status_code == 302
    party = Participant.objects.get(case=case, role="prosecutor").party
    assert (party.name, party.organization) == ("District Prosecutor", office)
    assert access.can_view_case(User.objects.get(pk=world.prosecutor.pk), case)


def test_a_new_party_is_kept_when_none_of_the_offers_is_it(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    typed = {"add-role": "witness", "add-kind": "organization", "add-name": "District Prosecutor", "add-known": "new"}
    response = client.post(f"/cases/{case.pk}/participants/", typed)
    assert response.status_code == 302
    party = Participant.objects.get(case=case, role="witness").party
    assert (party.name, party.organization) == ("District Prosecutor", None)


def test_a_known_party_is_chosen_not_typed_again(client: Client, world: World, case: Case) -> None:
    known = Participant.objects.get(case=case).party  # Ivanov Ivan Ivanovich
    other = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client.force_login(world.clerk)
    typed = {"add-role": "witness", "add-kind": "person", "add-name": "ivanov ivan"}

    html = page(client.post(f"/cases/{other.pk}/participants/", typed))
    assert ASKED in html and f"party:{known.pk}" in radios(html, "add-known")

    # a chosen entry keeps its own details: those typed beside it are refused, not dropped
    response = client.post(
        f"/cases/{other.pk}/participants/", {**typed, "add-known": f"party:{known.pk}", "add-phone": "+7 700"}
    )
    assert response.status_code == 422 and "clear the details typed" in page(response)

    response = client.post(f"/cases/{other.pk}/participants/", {**typed, "add-known": f"party:{known.pk}"})
    assert response.status_code == 302
    assert Participant.objects.get(case=other, role="witness").party_id == known.pk


def test_a_party_the_user_may_not_attach_is_neither_offered_nor_taken(client: Client, world: World, case: Case) -> None:
    hidden = Participant.objects.get(case=register(clerk=world.other_clerk, court=world.other_court)).party
    client.force_login(world.clerk)
    typed = {"add-role": "witness", "add-kind": "person", "add-name": "Ivanov"}
    html = page(client.post(f"/cases/{case.pk}/participants/", typed))
    assert f"party:{hidden.pk}" not in radios(html, "add-known")
    response = client.post(f"/cases/{case.pk}/participants/", {**typed, "add-known": f"party:{hidden.pk}"})
    assert response.status_code == 422 and "No party with this id." in page(response)
    assert not Participant.objects.filter(case=case, role="witness").exists()


def test_a_national_id_known_under_another_name_is_said_and_chosen(client: Client, world: World, case: Case) -> None:
    first = register(
        clerk=world.clerk,
        court=world.court,
        participants=[
            ParticipantData("accused", PartyData(kind="person", name="Petrov Petr", national_id="880101300123"))
        ],
    )
    known = Participant.objects.get(case=first).party
    client.force_login(world.clerk)
    typed = {
        "add-role": "witness",
        "add-kind": "person",
        "add-name": "Sidorov Sidor",
        "add-national_id": "880101300123",
    }

    response = client.post(f"/cases/{case.pk}/participants/", typed)

    html = page(response)
    assert response.status_code == 422
    assert "This number is known as Petrov Petr" in html
    assert radios(html, "add-known") == [f"party:{known.pk}", "new"]
    assert 'value="Sidorov Sidor"' in html  # what was typed stays as it was
    response = client.post(f"/cases/{case.pk}/participants/", {**typed, "add-known": "new"})
    assert response.status_code == 302
    kept = Participant.objects.get(case=case, role="witness").party
    assert (kept.name, kept.national_id) == ("Sidorov Sidor", "880101300123") and kept.pk != known.pk
    assert Party.objects.get(pk=known.pk).name == "Petrov Petr"


@time_machine.travel(FRIDAY, tick=False)
def test_the_registration_form_offers_the_directory_for_each_participant(client: Client, world: World) -> None:
    office = world.prosecutor_office
    client.force_login(world.clerk)
    rows = [
        {"role": "accused", "kind": "person", "name": "Petrov Pavel"},
        {"role": "prosecutor", "kind": "organization", "name": "District Prosecutor"},
    ]

    response = client.post(
        "/cases/new/", form_data(world, rows, received_on="")
    )  # asked at once, with the other errors

    html = page(response)
    assert response.status_code == 422
    assert ASKED in html and "The case is not registered yet" in html and "This field is required." in html
    assert radios(html, "participants-0-known") == []
    assert radios(html, "participants-1-known") == [f"organization:{office.pk}", "new"]
    assert not Case.objects.exists()

    rows[1]["known"] = f"organization:{office.pk}"
    html = page(client.post("/cases/new/", form_data(world, rows, received_on="")))
    assert ASKED not in html and radios(html, "participants-1-known") == [f"organization:{office.pk}", "new"]
    assert f'value="organization:{office.pk}" checked' in html  # the choice stays while the rest is corrected
    response = client.post("/cases/new/", form_data(world, rows))

    assert response.status_code == 302, re.findall(r"errorlist[^>]*><li>([^<]*)", page(response))
    case = Case.objects.get()
    assert Participant.objects.get(case=case, role="prosecutor").party.organization == office


def test_the_offers_are_in_russian_too(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    client.cookies["django_language"] = "ru"
    response = client.post(
        f"/cases/{case.pk}/participants/",
        {"add-role": "prosecutor", "add-kind": "organization", "add-name": "district prosecutor"},
    )
    html = page(response)
    assert "Возможно, это уже есть в справочнике" in html
