"""Filing online through the API and on the pages: the citizen writes, attaches and pays, the
registry accepts; each claim reached only by its filer and its court's registry."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adalat.cases.models import Case
from adalat.filing.models import Filing
from tests.accounts.factories import UserFactory
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.documents.samples import PDF
from tests.filing.conftest import Filer

pytestmark = pytest.mark.django_db


def body(who: Filer, /, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "court": who.world.court.pk,
        "kind": "administrative",
        "category": "tax",
        "language": "ru",
        "title": "Отмена решения налогового органа",
        "claim": "Налоговый орган доначислил налог без оснований.",
        "filer": {"kind": "person", "name": "Садыкова Айгерим", "email": "aigerim@example.org"},
        "parties": [{"role": "respondent", "party": {"kind": "organization", "name": "Налоговое управление"}}],
    }
    values.update(changes)
    return values


def test_the_api_files_a_claim_that_the_registry_accepts(filer: Filer) -> None:
    citizen = api_client(filer.citizen)
    assert citizen.get("/api/v1/filings/fee?kind=administrative&category=tax").json() == {"fee": 500, "currency": "KZT"}
    courts = [c["name"] for c in Client().get("/api/v1/filings/courts").json()]
    assert courts == ["First District Court", "Second District Court"]
    created = citizen.post("/api/v1/filings", body(filer), content_type="application/json")
    assert created.status_code == 201, created.content
    filing = created.json()
    assert (filing["state"], filing["fee"], filing["reference"]) == ("draft", 500, f"E-{filing['id']:06d}")
    attached = citizen.post(
        f"/api/v1/filings/{filing['id']}/attachments", {"title": "Решение налогового органа", "file": _pdf()}
    )
    assert attached.status_code == 201, attached.content
    assert attached.json()["content_type"] == "application/pdf"
    paid = citizen.post(f"/api/v1/filings/{filing['id']}/pay")
    assert paid.status_code == 200 and paid.json()["state"] == "submitted"
    clerk = api_client(filer.world.clerk)
    assert [f["id"] for f in clerk.get("/api/v1/filings").json()] == [filing["id"]]
    accepted = clerk.post(f"/api/v1/filings/{filing['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    case = Case.objects.get(pk=accepted.json()["case"])
    assert (case.language, case.kind) == ("ru", "administrative")
    assert citizen.get(f"/api/v1/cases/{case.pk}").status_code == 200


def _pdf():  # type: ignore[no-untyped-def]

    return SimpleUploadedFile("decision.pdf", PDF, content_type="application/pdf")


def test_the_api_refuses_bad_input_naming_the_field(filer: Filer) -> None:
    citizen = api_client(filer.citizen)
    before = database_state()
    for changes, field in (
        ({"court": filer.world.appeal.pk}, "court"),
        ({"court": 2**63}, "court"),
        ({"category": "contract"}, "category"),
        ({"title": "a\ud800"}, "title"),
        ({"parties": []}, "parties"),
        ({"filer": {"kind": "organization", "name": "Firm"}}, "filer.kind"),
    ):
        assert field in error_fields(
            citizen.post("/api/v1/filings", body(filer, **changes), content_type="application/json")
        ), changes
    assert database_state() == before


def test_a_claim_is_reached_by_its_filer_and_its_courts_registry_only(filer: Filer) -> None:
    w = filer.world
    filing = filer.draft()
    stranger = UserFactory(username="stranger2")
    outsiders = [stranger, w.other_clerk, w.judge, w.lawyer, w.prosecutor]
    calls = [
        ("get", f"/api/v1/filings/{filing.pk}"),
        ("post", f"/api/v1/filings/{filing.pk}/pay"),
        ("post", f"/api/v1/filings/{filing.pk}/accept"),
        ("delete", f"/api/v1/filings/{filing.pk}/attachments/1"),
    ]
    clients = {user.username: api_client(user) for user in [*outsiders, w.clerk]}
    before = database_state()
    for user in [*outsiders, w.clerk]:  # the registry does not see a draft
        for method, path in calls:
            problem(getattr(clients[user.username], method)(path), 404)
    filer.pay(filing)
    for user in outsiders:
        for method, path in calls:
            problem(getattr(clients[user.username], method)(path), 404)
        page = Client()
        page.force_login(user)
        assert page.get(f"/claims/{filing.pk}/").status_code == 404
        assert page.post(f"/claims/{filing.pk}/accept/").status_code == 404
    assert Filing.objects.get().state == "submitted" and database_state()["cases"] == before["cases"]


def test_the_citizen_files_on_the_pages_and_the_clerk_registers_it(client: Client, filer: Filer) -> None:
    client.force_login(filer.citizen)
    form = client.get("/claims/new/").content.decode()
    assert "File a claim" in form and "First District Court" in form
    posted = client.post(
        "/claims/new/",
        {
            "court": filer.world.court.pk,
            "kind": "civil",
            "category": "family",
            "language": "en",
            "title": "Alimony for two children",
            "claim": "I ask for alimony.",
            "name": "Sadykova Aigerim",
            "p0-role": "defendant",
            "p0-kind": "person",
            "p0-name": "Sadykov Marat",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:3000]
    filing = Filing.objects.get()
    page = client.get(posted["Location"]).content.decode()
    assert "1000 KZT" in page and "Pay and submit the claim" in page
    refused = client.post("/claims/new/", {"court": filer.world.court.pk, "kind": "civil", "category": "family"})
    assert refused.status_code == 422 and Filing.objects.count() == 1
    attached = client.post(f"/claims/{filing.pk}/attachments/", {"title": "Birth certificates", "file": _pdf()})
    assert attached.status_code == 302
    assert client.post(f"/claims/{filing.pk}/pay/").status_code == 302
    assert "submitted, waiting for the court" in client.get("/claims/").content.decode()
    client.force_login(filer.world.clerk)
    listed = client.get("/claims/").content.decode()
    assert filing.reference in listed
    registered = client.post(f"/claims/{filing.pk}/accept/")
    assert registered.status_code == 302 and re.search(r"/cases/\d+/$", registered["Location"])
    client.force_login(filer.citizen)
    mine = client.get("/claims/").content.decode()
    assert "registered as a case" in mine and Case.objects.get().number in mine
