"""The documents section of a case page: as an htmx fragment and as a page, uploads with
errors beside the fields, new versions, downloads, and who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent
from adalat.documents.models import Document
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import EXE, PDF, TEXT, upload

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def browser(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def section_url(case: Case) -> str:
    return reverse("documents:case-documents", args=[case.pk])


def add(
    client: Client, case: Case, title: str = "Indictment", data: bytes = PDF, name: str = "indictment.pdf", **kw: Any
) -> Any:
    return client.post(section_url(case), {"title": title, "file": upload(name, data)}, **kw)


def test_the_section_is_a_fragment_for_htmx_and_a_page_otherwise(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = browser(world.clerk)
    add(client, case)

    fragment = client.get(section_url(case), headers=HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html and "Indictment" in html and "indictment.pdf" in html
    assert reverse("documents:download", args=[case.pk, Document.objects.get().pk, 1]) in html
    assert 'name="title"' in html and 'enctype="multipart/form-data"' in html
    # the content security policy allows no inline script or style
    assert "<script" not in html and "style=" not in html

    page = client.get(section_url(case))
    assert page.status_code == 200
    assert "<html" in page.content.decode() and f"Documents of case {case.number}" in page.content.decode()
    assert reverse("cases:detail", args=[case.pk]) in page.content.decode()


def test_upload_forms_are_shown_only_to_those_who_may_upload(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    add(browser(world.clerk), case)
    html = browser(world.chair).get(section_url(case), headers=HTMX).content.decode()
    assert "Indictment" in html and "multipart/form-data" not in html


def test_an_htmx_upload_answers_with_the_refreshed_section(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    response = add(browser(world.clerk), case, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "The document was added." in response.content.decode()
    assert Document.objects.get(case=case).title == "Indictment"
    assert CaseEvent.objects.filter(case=case, code="document_added").exists()


def test_a_plain_form_upload_redirects_back_to_the_page(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    response = add(browser(world.clerk), case)
    assert response.status_code == 302 and response["Location"] == section_url(case)


def test_errors_are_shown_beside_the_fields_and_nothing_is_written(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = browser(world.clerk)
    before = database_state()

    missing = client.post(section_url(case), {"title": ""})
    assert missing.status_code == 422
    html = missing.content.decode()
    assert 'id="document-title-error"' in html and 'id="document-file-error"' in html

    program = add(client, case, title="Evidence", data=EXE, name="evidence.pdf", headers=HTMX)
    html = program.content.decode()
    assert program.status_code == 200  # htmx replaces the section only on success codes
    assert "Programs and scripts are not accepted." in html
    assert 'value="Evidence"' in html  # what was typed is kept
    assert database_state() == before


def test_a_file_over_the_limit_is_refused_while_it_arrives(world: World, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1000
    case = register(clerk=world.clerk, court=world.court)
    client = browser(world.clerk)
    before = database_state()
    far_over = add(client, case, data=b"a" * 200_000, name="big.txt")
    assert far_over.status_code == 413 and "larger than the limit" in far_over.content.decode()
    just_over = add(client, case, data=b"a" * 1001, name="big.txt")
    assert just_over.status_code == 413 and "larger than the limit" in just_over.content.decode()
    assert database_state() == before


def test_uploads_need_the_csrf_token(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = browser(world.clerk, enforce_csrf_checks=True)
    before = database_state()
    assert add(client, case).status_code == 403
    assert database_state() == before


def test_a_new_version_is_added_and_its_errors_shown_by_its_document(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client = browser(world.clerk)
    add(client, case)
    document = Document.objects.get()
    url = reverse("documents:version-add", args=[case.pk, document.pk])

    bad = client.post(url, {"file": upload("v2.exe", EXE), "note": "Signed copy"}, headers=HTMX)
    html = bad.content.decode()
    assert "Programs and scripts are not accepted." in html and f'id="version-{document.pk}-file-error"' in html
    assert 'value="Signed copy"' in html
    assert Document.objects.get().latest_version == 1

    good = client.post(url, {"file": upload("v2.txt", TEXT), "note": "Signed copy"}, headers=HTMX)
    assert good.status_code == 200 and "The new version was added." in good.content.decode()
    assert Document.objects.get().latest_version == 2
    assert client.post(url, {"file": upload("v3.txt", TEXT)}).status_code == 302
    assert client.get(url).status_code == 405


def test_outsiders_get_not_found_and_the_chair_may_not_upload(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    add(browser(world.clerk), case)
    document = Document.objects.get()
    version_url = reverse("documents:version-add", args=[case.pk, document.pk])
    download_url = reverse("documents:download", args=[case.pk, document.pk, 1])
    before = database_state()
    for user in (world.other_clerk, world.stranger):
        client = browser(user)
        assert client.get(section_url(case), headers=HTMX).status_code == 404
        assert add(client, case).status_code == 404
        assert client.post(version_url, {"file": upload("v.pdf", PDF)}).status_code == 404
        assert client.get(download_url).status_code == 404
    chair = browser(world.chair)
    assert add(chair, case).status_code == 403
    assert chair.post(version_url, {"file": upload("v.pdf", PDF)}).status_code == 403
    assert database_state() == before
    other = register(clerk=world.clerk, court=world.court)
    assert browser(world.clerk).get(reverse("documents:download", args=[other.pk, document.pk, 1])).status_code == 404
    assert browser(world.clerk).get(reverse("documents:download", args=[case.pk, document.pk, 2])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    before = database_state()
    for response in (Client().get(section_url(case)), add(Client(), case)):
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert database_state() == before


def test_a_download_is_an_attachment_of_the_recognised_type(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, confidentiality="juvenile")
    client = browser(world.clerk)
    add(client, case, title="Report", data=TEXT, name="отчёт «итог».txt")
    document = Document.objects.get()
    response = client.get(reverse("documents:download", args=[case.pk, document.pk, 1]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == TEXT
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''%D0%BE%D1%82%D1%87" in disposition
    assert AuditEntry.objects.filter(action="document.read", object_id=str(document.pk)).count() == 1
