"""Signing through the API, and the signatures every version of the document list carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalat.cases.models import Case
from adalat.documents.models import Document
from adalat.signing.models import Authority
from tests.api.clients import api_client, problem
from tests.api.people import case_with_lawyer
from tests.api.state import database_state
from tests.conftest import World
from tests.documents.samples import PDF, TEXT, upload
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world: World, authority: Authority, document_storage: Path) -> Case:
    issue(world.judge)
    return case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer, judge=world.judge)


def filed(world: World, case: Case, name: str, data: bytes) -> Document:
    response = api_client(world.clerk).post(
        f"/api/v1/cases/{case.pk}/documents", {"title": "Order", "file": upload(name, data)}
    )
    assert response.status_code == 201, response.content
    return Document.objects.get(pk=response.json()["id"])


def sign_url(case: Case, document: Document, number: int = 1) -> str:
    return f"/api/v1/cases/{case.pk}/documents/{document.pk}/versions/{number}/sign"


def test_a_judge_signs_a_pdf_and_the_list_shows_the_signature(world: World, case: Case) -> None:
    document = filed(world, case, "order.pdf", PDF)
    judge = api_client(world.judge)

    response = judge.post(sign_url(case, document))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 2
    [signature] = body["signatures"]
    assert signature["signer"] == world.judge.display_name
    assert world.judge.display_name in signature["certificate_subject"]
    assert (signature["status"], signature["timestamped"], signature["problem"]) == ("passed", True, None)
    assert signature["signed_at"]
    listed = api_client(world.lawyer).get(f"/api/v1/cases/{case.pk}/documents").json()
    [one, two] = listed["items"][0]["versions"]
    assert one["signatures"] == [] and two["signatures"] == [signature]


def test_a_detached_signature_stays_on_the_same_version(world: World, case: Case) -> None:
    document = filed(world, case, "minutes.txt", TEXT)
    response = api_client(world.judge).post(sign_url(case, document))
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["signatures"][0]["status"] == "passed"


def test_refusals_name_the_problem_and_change_nothing(world: World, case: Case) -> None:
    document = filed(world, case, "order.pdf", PDF)
    lawyer, clerk, other_judge, stranger = (
        api_client(u) for u in (world.lawyer, world.clerk, world.other_judge, world.stranger)
    )
    judge, reader = api_client(world.judge), api_client(world.judge, scopes=["documents:read"])
    before = database_state()

    # The lawyer reads the case but does not sign in Adalat; the clerk may, but holds no certificate.
    problem(lawyer.post(sign_url(case, document)), 403)
    body = problem(clerk.post(sign_url(case, document)), 409)
    assert "certificate" in body["detail"]
    # Outsiders do not learn that the case exists; a version that does not exist is not found.
    problem(other_judge.post(sign_url(case, document)), 404)
    problem(stranger.post(sign_url(case, document)), 404)
    problem(judge.post(sign_url(case, document, 7)), 404)
    problem(judge.post(f"/api/v1/cases/{case.pk}/documents/99999999/versions/1/sign"), 404)
    # Reading is not signing.
    problem(reader.post(sign_url(case, document)), 403)
    assert database_state() == before


def test_outsiders_cannot_read_signatures(world: World, case: Case) -> None:
    document = filed(world, case, "order.pdf", PDF)
    assert api_client(world.judge).post(sign_url(case, document)).status_code == 201
    problem(api_client(world.other_clerk).get(f"/api/v1/cases/{case.pk}/documents"), 404)
    problem(api_client(world.stranger).get(f"/api/v1/cases/{case.pk}/documents/{document.pk}"), 404)
