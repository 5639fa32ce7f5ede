"""Registering a case through the form: every field checked, every error beside its field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from adalat.cases.models import Case, CaseEvent
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 12, 11, 6, 0, tzinfo=dt.UTC)


def form_data(world: World, rows: list[dict[str, str]] | None = None, **fields: str) -> dict[str, str]:
    data = {
        "organization": str(world.court.pk),
        "kind": "criminal",
        "title": "Theft of a car",
        "received_on": "2026-12-10",
        "confidentiality": "normal",
        "articles": "158(2)(a), 161\n162",
        "category": "",
        "judge": str(world.judge.pk),
    }
    data.update(fields)
    rows = rows if rows is not None else [{"role": "accused", "kind": "person", "name": "Petrov Pavel"}]
    data["participants-TOTAL_FORMS"] = str(max(len(rows), 2))
    data["participants-INITIAL_FORMS"] = "0"
    for i in range(max(len(rows), 2)):
        row = rows[i] if i < len(rows) else {}
        data[f"participants-{i}-kind"] = row.get("kind", "person")
        for name, value in row.items():
            data[f"participants-{i}-{name}"] = value
    return data


def error_of(html: str, field_id: str) -> str:
    """The error shown beside the field with this id."""
    assert re.search(f'aria-invalid="true" aria-describedby="[^"]*{field_id}_error"', html), field_id
    return html.split(f'<ul class="errorlist" id="{field_id}_error"><li>')[1].split("</li>")[0]


@time_machine.travel(FRIDAY, tick=False)
def test_the_form_offers_my_courts_and_today(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    response = client.get("/cases/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{world.court.pk}" selected>First District Court</option>' in html
    assert "Second District Court" not in html
    assert 'name="received_on" value="2026-12-11"' in html
    assert world.judge.display_name in html and world.other_judge.display_name not in html
    assert 'name="participants-TOTAL_FORMS" value="2"' in html


def test_only_clerks_may_register(client: Client, world: World) -> None:
    for user in (world.judge, world.chair, world.lawyer):
        client.force_login(user)
        response = client.get("/cases/new/")
        assert response.status_code == 403
        assert "You may not register cases anywhere." in response.content.decode()
        assert client.post("/cases/new/", form_data(world)).status_code == 403
    assert not Case.objects.exists()


@time_machine.travel(FRIDAY, tick=False)
def test_registering_leads_to_the_case_page_with_its_number(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    rows = [
        {
            "role": "accused",
            "kind": "person",
            "name": "Petrov Pavel",
            "national_id": "AB123456",
            "birth_date": "1990-05-01",
        },
        {},
        {
            "role": "victim",
            "kind": "organization",
            "name": "City Transport",
            "email": "office@transport.example",
            "e_service_consent": "on",
        },
    ]
    response = client.post("/cases/new/", form_data(world, rows), follow=True)

    case = Case.objects.get()
    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    assert f"Case {case.number} is registered." in response.content.decode()
    assert case.number == "DC01-CR-2026-00001"
    assert (case.title, case.judge, case.received_on) == ("Theft of a car", world.judge, dt.date(2026, 12, 10))
    assert case.articles == ["158(2)(a)", "161", "162"]
    parties = {p.role: p.party for p in case.participants.select_related("party")}
    assert parties["accused"].national_id == "AB123456" and parties["accused"].birth_date == dt.date(1990, 5, 1)
    assert parties["victim"].kind == "organization" and parties["victim"].e_service_consent
    assert list(CaseEvent.objects.filter(case=case).values_list("code", flat=True)) == [
        "registered",
        "judge_assigned",
        "participant_added",
        "participant_added",
    ]


@time_machine.travel(FRIDAY, tick=False)
def test_a_civil_case_takes_a_claim_category(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    data = form_data(
        world,
        [{"role": "plaintiff", "kind": "person", "name": "Orlova Vera"}],
        kind="civil",
        articles="",
        category="housing",
        judge="",
    )
    response = client.post("/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.category, case.judge) == ("civil", "housing", None)


@time_machine.travel(FRIDAY, tick=False)
def test_every_error_is_explained_beside_its_field_and_nothing_is_written(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    rows = [
        {"role": "accused", "kind": "person", "name": "Petrov Pavel"},
        {},
        {"role": "plaintiff", "kind": "person", "name": "", "email": "nope", "phone": "call me"},
    ]
    data = form_data(world, rows, title=" ", articles="", received_on="2027-01-01", category="housing")
    response = client.post("/cases/new/", data)

    assert response.status_code == 422
    html = response.content.decode()
    assert "The case is not registered yet" in html
    assert error_of(html, "id_title") == "Say briefly what the case is about."
    assert error_of(html, "id_articles") == "Give at least one legal article."
    assert error_of(html, "id_received_on") == "The date received cannot be in the future."
    assert error_of(html, "id_category") == "This kind of case has legal articles, not a claim category."
    # The errors of the third row land on the third row, the empty second row is skipped.
    assert "Choose one of the roles of this kind of case: Accused," in error_of(html, "id_participants-2-role")
    assert error_of(html, "id_participants-2-name") == "Give the name."
    assert error_of(html, "id_participants-2-email") == "This is not an e-mail address."
    assert error_of(html, "id_participants-2-phone").startswith("Write it as digits")
    assert 'aria-describedby="id_participants-0-name_error"' not in html
    assert 'value="Petrov Pavel"' in html  # what was typed is kept
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


@time_machine.travel(FRIDAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"received_on": "tomorrow"}, "id_received_on", "Enter a valid date."),
        ({"received_on": ""}, "id_received_on", "This field is required."),
        ({"kind": "piracy"}, "id_kind", "Select a valid choice."),
        ({"organization": "OTHER"}, "id_organization", "Select a valid choice."),
        ({"judge": "OTHER"}, "id_judge", "Select a valid choice."),
        ({"confidentiality": "secret"}, "id_confidentiality", "Select a valid choice."),
        ({"title": "x" * 301}, "id_title", "The subject is longer than 300 characters."),
        ({"received_on": "2025-01-01"}, "id_received_on", "The date received is more than 366 days ago."),
    ],
)
def test_bad_values_of_the_case_fields(
    client: Client, world: World, fields: dict[str, str], field_id: str, message: str
) -> None:
    if fields.get("organization") == "OTHER":
        fields = {"organization": str(world.other_court.pk)}
    if fields.get("judge") == "OTHER":
        fields = {"judge": str(world.other_judge.pk)}
    client.force_login(world.clerk)
    response = client.post("/cases/new/", form_data(world, **fields))
    assert response.status_code == 422
    assert message in error_of(response.content.decode(), field_id)
    assert not Case.objects.exists()


@time_machine.travel(FRIDAY, tick=False)
def test_at_least_one_participant(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    response = client.post("/cases/new/", form_data(world, rows=[]))
    assert response.status_code == 422
    assert "Add at least one participant." in response.content.decode()
    assert not Case.objects.exists()


@time_machine.travel(FRIDAY, tick=False)
@pytest.mark.parametrize("data", [{}, {"participants-TOTAL_FORMS": "x"}, {"kind": "criminal"}])
def test_a_mangled_form_is_answered_not_crashed_on(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.clerk)
    response = client.post("/cases/new/", data)
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_changing_the_kind_shows_its_fields_and_keeps_what_was_typed(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    data = form_data(world, kind="civil", title="Flooded flat", _refresh="1")

    response = client.post("/cases/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="articles"' not in html
    assert '<option value="housing">Housing</option>' in html and "Taxes and fees" not in html
    assert '<option value="plaintiff">Plaintiff</option>' in html and '<option value="accused"' not in html
    assert 'value="Flooded flat"' in html and 'value="Petrov Pavel"' in html
    assert "errorlist" not in html
    assert not Case.objects.exists()

    partial = client.post("/cases/new/", data, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<form id="register-form"') and "<html" not in partial


def test_before_a_kind_is_chosen_both_subject_fields_say_which_kinds_they_serve(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    html = client.get("/cases/new/").content.decode()
    assert 'name="articles"' in html and 'name="category"' in html
    assert "For these kinds of case: Criminal, Misdemeanour." in html
    assert '<optgroup label="Civil">' in html
    assert 'hx-post="/cases/new/"' in html and "<noscript>" in html


def test_another_participant_row_on_request(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    response = client.post("/cases/new/", form_data(world, _add_row="1"))
    html = response.content.decode()
    assert 'name="participants-TOTAL_FORMS" value="3"' in html
    assert 'name="participants-2-name"' in html
    assert not Case.objects.exists()


@time_machine.travel(FRIDAY, tick=False)
def test_an_investigator_registers_a_report_of_an_offence_under_the_bodys_number(client: Client, world: World) -> None:
    body = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(body, Role.INVESTIGATOR, username="investigator")
    client.force_login(investigator)
    html = client.get("/cases/new/").content.decode()
    # the police register criminal cases only, and choose no judge
    assert '<option value="criminal">Criminal</option>' in html and 'value="civil"' not in html
    assert 'name="judge"' not in html
    rows = [
        {"role": "suspect", "kind": "person", "name": "Petrov Pavel"},
        {"role": "prosecutor", "kind": "organization", "name": "District Prosecutor"},
    ]
    data = form_data(world, rows, organization=str(body.pk), judge="")
    data["participants-1-known"] = f"organization:{world.prosecutor_office.pk}"
    response = client.post("/cases/new/", data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (case.number, case.stage, case.holder) == ("PD01-2026-000001", "investigation", body)
    # the prosecutor's office is on it as itself, so the prosecutor sees it at once
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    client.force_login(world.prosecutor)
    assert case.number in client.get("/cases/").content.decode()
