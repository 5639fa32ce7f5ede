"""Documents through the API: multipart uploads, versions, downloads, and every refusal."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from adalat.audit.models import AuditEntry
from adalat.cases.models import CaseEvent
from adalat.documents.models import Document
from tests.api.clients import api_client, error_fields, problem
from tests.api.people import case_with_lawyer
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import EXE, HTML, PDF, SAMPLES, TEXT, docm, docx, upload

pytestmark = pytest.mark.django_db


def documents_url(case_id: int) -> str:
    return f"/api/v1/cases/{case_id}/documents"


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_clerk_uploads_a_document_and_reads_it_back(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)

    response = client.post(
        documents_url(case.pk), {"title": "Indictment", "file": upload("indictment.pdf", PDF, "text/html")}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["latest_version"], body["created_by"]["id"]) == ("Indictment", 1, world.clerk.pk)
    [version] = body["versions"]
    assert version["number"] == 1 and version["filename"] == "indictment.pdf"
    # the type comes from the content, whatever the client claimed
    assert (version["content_type"], version["size"], version["sha256"]) == (
        "application/pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
    )
    assert version["content_url"] == f"/api/v1/cases/{case.pk}/documents/{body['id']}/versions/1/content"
    assert CaseEvent.objects.filter(case=case, code="document_added", data__document=body["id"]).exists()

    listed = client.get(documents_url(case.pk)).json()
    assert [d["id"] for d in listed["items"]] == [body["id"]] and listed["count"] == 1
    assert client.get(f"{documents_url(case.pk)}/{body['id']}").json() == body

    download = client.get(version["content_url"])
    assert download.status_code == 200 and content(download) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == "attachment; filename=\"indictment.pdf\"; filename*=UTF-8''indictment.pdf"


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_accepted_type_is_recognised(world: World, kind: str) -> None:
    case = register(clerk=world.clerk, court=world.court)
    data, content_type = SAMPLES[kind]
    response = api_client(world.clerk).post(documents_url(case.pk), {"title": kind, "file": upload("upload.bin", data)})
    assert response.status_code == 201, response.content
    assert response.json()["versions"][0]["content_type"] == content_type


def test_versions_are_numbered_and_the_earlier_ones_stay(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    document = client.post(
        documents_url(case.pk), {"title": "Claim", "file": upload("claim.docx", docx("first"))}
    ).json()
    url = f"{documents_url(case.pk)}/{document['id']}/versions"

    second = client.post(url, {"file": upload("claim-corrected.docx", docx("second")), "note": "Typo in the address"})
    assert second.status_code == 201, second.content
    assert (second.json()["number"], second.json()["note"]) == (2, "Typo in the address")
    third = api_client(world.judge).post(url, {"file": upload("Заявление.txt", TEXT)})
    assert third.json()["number"] == 3 and third.json()["filename"] == "Заявление.txt"

    detail = client.get(f"{documents_url(case.pk)}/{document['id']}").json()
    assert detail["latest_version"] == 3 and [v["number"] for v in detail["versions"]] == [1, 2, 3]
    assert content(client.get(f"{url}/1/content")) == docx("first")
    assert content(client.get(f"{url}/2/content")) == docx("second")
    non_ascii = client.get(f"{url}/3/content")
    assert non_ascii["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        "filename*=UTF-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5.txt"
        in non_ascii["Content-Disposition"]
    )
    actions = list(CaseEvent.objects.filter(case=case, code__startswith="document").values_list("code", flat=True))
    assert actions == ["document_added", "document_version_added", "document_version_added"]


def test_missing_and_mistyped_fields_are_named(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    before = database_state()
    assert "title" in error_fields(client.post(documents_url(case.pk), {"file": upload("a.pdf", PDF)}))
    assert error_fields(client.post(documents_url(case.pk), {"title": " ", "file": upload("a.pdf", PDF)})) == {"title"}
    assert error_fields(client.post(documents_url(case.pk), {"title": "x" * 301, "file": upload("a.exe", EXE)})) == {
        "title",
        "file",
    }
    problem(client.post(documents_url(case.pk), {"title": "Claim"}), 422)
    problem(client.post(documents_url(case.pk), {"title": "Claim", "file": "not a file"}), 422)
    problem(
        client.post(documents_url(case.pk), '{"title": "Claim", "file": "%PDF-"}', content_type="application/json"), 422
    )
    assert database_state() == before


def test_a_missing_file_is_named(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    assert error_fields(api_client(world.clerk).post(documents_url(case.pk), {"title": "Claim"})) == {"file"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("indictment.pdf", EXE),
        ("notes.txt", HTML),
        ("claim.docx", docm()),
        ("empty.pdf", b""),
        ("scan.png", b"\x00\x01\x02binary"),
    ],
    ids=["exe-as-pdf", "html-as-txt", "macros", "empty", "unknown"],
)
def test_forbidden_types_are_refused_whatever_their_name(world: World, name: str, data: bytes) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    before = database_state()
    response = client.post(documents_url(case.pk), {"title": "Evidence", "file": upload(name, data, "application/pdf")})
    assert error_fields(response) == {"file"}
    assert database_state() == before


def test_files_over_the_limit_are_413(world: World, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1000
    case = register(clerk=world.clerk, court=world.court)
    document = register_document(world, case)
    client = api_client(world.clerk)
    before = database_state()
    # far over: refused from the announced length, before the body is read
    assert error_fields(
        client.post(documents_url(case.pk), {"title": "Scan", "file": upload("a.txt", b"a" * 200_000)}), 413
    ) == {"file"}
    # just over: the byte too many is noticed while the content is read
    assert error_fields(
        client.post(documents_url(case.pk), {"title": "Scan", "file": upload("a.txt", b"a" * 1001)}), 413
    ) == {"file"}
    versions = f"{documents_url(case.pk)}/{document.pk}/versions"
    assert error_fields(client.post(versions, {"file": upload("a.txt", b"a" * 1001)}), 413) == {"file"}
    assert database_state() == before
    assert (
        client.post(documents_url(case.pk), {"title": "Scan", "file": upload("a.txt", b"a" * 1000)}).status_code == 201
    )


def register_document(world: World, case: Any) -> Document:
    response = api_client(world.clerk).post(
        documents_url(case.pk), {"title": "Minutes", "file": upload("minutes.txt", TEXT)}
    )
    assert response.status_code == 201, response.content
    return Document.objects.get(pk=response.json()["id"])


def test_someone_elses_case_is_not_found_and_nothing_is_written(world: World) -> None:
    case = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer)
    document = register_document(world, case)
    base = f"{documents_url(case.pk)}/{document.pk}"
    outsiders = [api_client(user) for user in (world.other_clerk, world.stranger, world.other_judge)]
    before = database_state()
    for client in outsiders:
        problem(client.get(documents_url(case.pk)), 404)
        problem(client.get(base), 404)
        problem(client.get(f"{base}/versions/1/content"), 404)
        problem(client.post(documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}), 404)
        problem(client.post(f"{base}/versions", {"file": upload("a.pdf", PDF)}), 404)
    assert database_state() == before


def test_a_lawyer_on_the_case_reads_and_files_documents(world: World) -> None:
    case = case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer)
    document = register_document(world, case)
    lawyer = api_client(world.lawyer)
    assert content(lawyer.get(f"{documents_url(case.pk)}/{document.pk}/versions/1/content")) == TEXT
    filed = lawyer.post(documents_url(case.pk), {"title": "Motion", "file": upload("motion.pdf", PDF)})
    assert filed.status_code == 201 and filed.json()["created_by"]["id"] == world.lawyer.pk


def test_the_chair_reads_but_does_not_upload(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    document = register_document(world, case)
    chair = api_client(world.chair)
    assert chair.get(f"{documents_url(case.pk)}/{document.pk}").status_code == 200
    before = database_state()
    problem(chair.post(documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}), 403)
    problem(chair.post(f"{documents_url(case.pk)}/{document.pk}/versions", {"file": upload("a.pdf", PDF)}), 403)
    assert database_state() == before


def test_unknown_documents_and_versions_are_not_found(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    other = register(clerk=world.clerk, court=world.court)
    document = register_document(world, other)
    client = api_client(world.clerk)
    before = database_state()
    # a document of another case is not reachable through this one
    problem(client.get(f"{documents_url(case.pk)}/{document.pk}"), 404)
    problem(client.get(f"{documents_url(case.pk)}/{document.pk}/versions/1/content"), 404)
    problem(client.post(f"{documents_url(case.pk)}/{document.pk}/versions", {"file": upload("a.pdf", PDF)}), 404)
    problem(client.get(f"{documents_url(other.pk)}/{document.pk}/versions/2/content"), 404)
    problem(client.get(f"{documents_url(other.pk)}/987654"), 404)
    problem(client.get(f"{documents_url(987654)}"), 404)
    assert error_fields(client.get(f"{documents_url(other.pk)}/first")) == {"document_id"}
    assert error_fields(client.get(documents_url(other.pk), {"page_size": 500})) == {"page_size"}
    assert error_fields(client.get(f"{documents_url(other.pk)}/{document.pk}/versions/last/content")) == {"number"}
    assert database_state() == before


def test_scopes_and_credentials(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    document = register_document(world, case)
    base = f"{documents_url(case.pk)}/{document.pk}"
    reader = api_client(world.clerk, scopes=["documents:read"])
    cases_only = api_client(world.clerk, scopes=["cases:read", "cases:write"])
    before = database_state()
    assert (
        "documents:write"
        in problem(reader.post(documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}), 403)["detail"]
    )
    problem(reader.post(f"{base}/versions", {"file": upload("a.pdf", PDF)}), 403)
    for url in (documents_url(case.pk), base, f"{base}/versions/1/content"):
        assert "documents:read" in problem(cases_only.get(url), 403)["detail"]
        problem(Client().get(url), 401)
    problem(Client().post(documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}), 401)
    problem(Client().post(f"{base}/versions", {"file": upload("a.pdf", PDF)}), 401)
    assert database_state() == before
    assert reader.get(f"{base}/versions/1/content").status_code == 200


def test_downloads_of_a_restricted_case_are_audited(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, confidentiality="sealed")
    document = register_document(world, case)
    client = api_client(world.clerk)
    assert content(client.get(f"{documents_url(case.pk)}/{document.pk}/versions/1/content")) == TEXT
    entry = AuditEntry.objects.get(action="document.read")
    assert (entry.actor_id, entry.object_type, entry.object_id) == (world.clerk.pk, "document", str(document.pk))
    open_case = register(clerk=world.clerk, court=world.court)
    other = register_document(world, open_case)
    client.get(f"{documents_url(open_case.pk)}/{other.pk}/versions/1/content")
    assert AuditEntry.objects.filter(action="document.read").count() == 1


def test_a_browser_session_uploads_with_its_csrf_token(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.clerk)
    before = database_state()
    problem(browser.post(documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}), 403)
    assert database_state() == before
    token = "a" * 32
    browser.cookies["csrftoken"] = token
    response = browser.post(
        documents_url(case.pk), {"title": "X", "file": upload("a.pdf", PDF)}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.content


def test_the_list_costs_the_same_queries_however_many_documents(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    url = documents_url(case.pk)
    client.post(url, {"title": "First", "file": upload("a.pdf", PDF)})
    client.get(url)  # the token's last use is recorded once
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        created = client.post(url, {"title": f"Doc {n}", "file": upload("a.txt", TEXT + bytes([65 + n]))}).json()
        client.post(f"{url}/{created['id']}/versions", {"file": upload("b.pdf", PDF)})
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["items"]) == 5
    assert len(many) == len(one)
