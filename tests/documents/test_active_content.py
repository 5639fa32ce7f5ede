"""Active content is refused by default with a message saying what it is: JavaScript, launch
actions, embedded files, multimedia and XFA forms in PDFs (also where the PDF keeps them in
compressed object streams), macros, OLE objects and programs in office documents. A file that is
two formats at once is refused whatever the setting. An operator may allow active content."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from adalat.core.errors import ValidationFailed
from adalat.documents.content import DOCX, PDF, XLSX, inspect
from tests.api.clients import api_client, problem
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World
from tests.documents import samples


def refusal(data: bytes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        inspect(ContentFile(data, name="filing.pdf"))
    assert set(caught.value.fields) == {"file"}
    return caught.value


@pytest.mark.parametrize("name", sorted(samples.ACTIVE_PDFS))
def test_a_pdf_with_active_content_is_refused_saying_what_it_holds(name: str) -> None:
    data, what = samples.ACTIVE_PDFS[name]
    refused = refusal(data)
    assert refused.code == "active_content"
    assert what in refused.fields["file"]
    assert "is not accepted" in refused.fields["file"]


def test_javascript_in_a_compressed_object_stream_is_found_by_reading_the_pdf() -> None:
    data, _what = samples.ACTIVE_PDFS["javascript in an object stream"]
    assert b"JavaScript" not in data and b"/JS" not in data  # no scan of the bytes would see it
    assert "JavaScript" in refusal(data).fields["file"]


@pytest.mark.parametrize("name", sorted(samples.ACTIVE_OFFICE))
def test_an_office_document_with_active_content_is_refused_saying_what_it_holds(name: str) -> None:
    data, what = samples.ACTIVE_OFFICE[name]
    refused = refusal(data)
    assert refused.code == "active_content" and what in refused.fields["file"]


@pytest.mark.parametrize("name", sorted(samples.POLYGLOTS))
def test_a_file_that_is_two_formats_at_once_is_refused(name: str, settings: Any) -> None:
    for allowed in (False, True):
        settings.DOCUMENT_ALLOW_ACTIVE_CONTENT = allowed
        assert "two formats at once" in refusal(samples.POLYGLOTS[name]).fields["file"]


def test_pdfs_and_office_documents_without_active_content_are_accepted() -> None:
    opens_at_page_one = samples.pdf_of(b"/OpenAction [3 0 R /Fit]")
    with_a_link = samples.pdf_of(
        b"",
        b"/Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://court.example) >> >>",
    )
    for data in (samples.PDF, opens_at_page_one, with_a_link, samples.pdf_with_object_stream(b"<< /S /GoTo /D [] >>")):
        assert inspect(ContentFile(data)).file_type is PDF
    assert inspect(ContentFile(samples.PLAIN_OFFICE["a DOCX with a chart"])).file_type is DOCX
    assert inspect(ContentFile(samples.PLAIN_OFFICE["an XLSX with printer settings"])).file_type is XLSX


def test_a_pdf_that_cannot_be_read_to_the_end_is_refused() -> None:
    assert "locked with a password" in refusal(samples.pdf_locked()).fields["file"]
    assert "cannot be read" in refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog").fields["file"]


def test_an_operator_may_allow_active_content(settings: Any) -> None:
    settings.DOCUMENT_ALLOW_ACTIVE_CONTENT = True
    for data, _what in samples.ACTIVE_PDFS.values():
        assert inspect(ContentFile(data)).file_type is PDF
    for name, (data, _what) in samples.ACTIVE_OFFICE.items():
        assert inspect(ContentFile(data)).file_type.code in ("docx", "xlsx", "odt"), name


@pytest.mark.django_db
def test_the_api_refuses_active_content_naming_the_file_and_changing_nothing(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    before = database_state()
    data, _what = samples.ACTIVE_PDFS["javascript on opening"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/documents", {"title": "Claim", "file": samples.upload("claim.pdf", data)}
    )
    body = problem(response, 422)
    assert body["errors"][0]["field"] == "file" and "JavaScript" in body["errors"][0]["message"]
    assert database_state() == before


@pytest.mark.django_db
def test_the_page_shows_the_refusal_beside_the_file_field(world: World, client: Any) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client.force_login(world.clerk)
    data, _what = samples.ACTIVE_OFFICE["a DOCX with macros"]
    response = client.post(
        f"/cases/{case.pk}/documents/", {"title": "Claim", "file": samples.upload("claim.docx", data)}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="document-file-error"' in html and "active content (macros)" in html


@pytest.mark.django_db
def test_the_refusal_speaks_russian(world: World, client: Any) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client.force_login(world.clerk)
    client.cookies["django_language"] = "ru"
    data, _what = samples.ACTIVE_PDFS["a launch action"]
    response = client.post(f"/cases/{case.pk}/documents/", {"title": "Claim", "file": samples.upload("c.pdf", data)})
    assert "активное содержимое (действие, запускающее программу)" in response.content.decode()


def test_a_pdf_with_more_objects_than_are_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("adalat.documents.active.PDF_MAX_OBJECTS", 2)
    assert "cannot be read to the end" in refusal(samples.PDF).fields["file"]
