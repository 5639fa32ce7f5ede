"""The document services: content stored once by its digest, versions, events and audit
entries, immutability, and refusals that leave nothing behind."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases import selectors
from adalat.cases.models import Case, CaseEvent
from adalat.core.errors import PermissionDenied, ValidationFailed
from adalat.documents import services
from adalat.documents.blobs import blob_path
from adalat.documents.models import Blob, Document, DocumentVersion
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import EXE, PDF, TEXT, docx

pytestmark = pytest.mark.django_db


def upload(
    actor: User, case: Case, data: bytes, *, title: str = "Indictment", filename: str = "indictment.pdf"
) -> Document:
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return services.document_upload(
            actor=actor, case=locked, title=title, file=ContentFile(data), filename=filename
        )


def add_version(actor: User, document: Document, data: bytes, **kwargs: Any) -> DocumentVersion:
    with transaction.atomic():
        selectors.case_get(user=actor, case_id=document.case_id, for_update=True)
        return services.document_version_add(
            actor=actor, document=document, file=ContentFile(data), filename=kwargs.pop("filename", "v.docx"), **kwargs
        )


def test_an_upload_stores_the_content_by_its_digest_and_leaves_a_trace(world: World, document_storage: Path) -> None:
    case = register(clerk=world.clerk, court=world.court)
    document = upload(world.clerk, case, PDF, title="  The   indictment ")

    digest = hashlib.sha256(PDF).hexdigest()
    stored = document_storage / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == PDF
    assert blob_path(digest) == f"{digest[:2]}/{digest[2:4]}/{digest}"
    blob = Blob.objects.get()
    assert (blob.sha256, blob.size, blob.content_type) == (digest, len(PDF), "application/pdf")
    assert (document.title, document.latest_version, document.created_by) == ("The indictment", 1, world.clerk)
    version = DocumentVersion.objects.get()
    assert (version.number, version.blob, version.filename, version.uploaded_by) == (
        1,
        blob,
        "indictment.pdf",
        world.clerk,
    )
    event = CaseEvent.objects.get(case=case, code="document_added")
    assert event.actor == world.clerk
    assert event.data == {
        "document": document.pk,
        "version": 1,
        "sha256": digest,
        "size": len(PDF),
        "content_type": "application/pdf",
    }
    assert AuditEntry.objects.filter(
        action="case.document_added", object_id=str(case.pk), actor_id=world.clerk.pk
    ).exists()


def test_identical_content_is_stored_once(world: World, document_storage: Path) -> None:
    first_case = register(clerk=world.clerk, court=world.court)
    second_case = register(clerk=world.clerk, court=world.court)
    a = upload(world.clerk, first_case, PDF, title="Copy one")
    b = upload(world.clerk, second_case, PDF, title="Copy two")
    c = add_version(world.clerk, a, PDF, filename="again.pdf")

    assert Blob.objects.count() == 1
    assert [p for p in document_storage.rglob("*") if p.is_file()] == [
        document_storage / blob_path(hashlib.sha256(PDF).hexdigest())
    ]
    assert {v.blob_id for v in DocumentVersion.objects.all()} == {hashlib.sha256(PDF).hexdigest()}
    assert (a.pk != b.pk) and c.number == 2


def test_a_stored_file_is_never_overwritten_and_a_damaged_one_is_replaced(world: World, document_storage: Path) -> None:
    case = register(clerk=world.clerk, court=world.court)
    digest = hashlib.sha256(TEXT).hexdigest()
    # a partial file left by an interrupted write, with no Blob row: not trusted
    partial = document_storage / blob_path(digest)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(TEXT[:5])
    upload(world.clerk, case, TEXT, filename="minutes.txt")
    assert partial.read_bytes() == TEXT
    written_at = partial.stat().st_mtime_ns
    upload(world.clerk, case, TEXT, filename="minutes.txt")
    assert partial.stat().st_mtime_ns == written_at


def test_versions_are_numbered_and_the_earlier_ones_stay(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    document = upload(world.clerk, case, docx("one"), filename="claim.docx")
    second = add_version(world.judge, document, docx("two"), note="  Corrected   amount ")
    third = add_version(world.clerk, document, TEXT, filename="claim.txt")

    assert (second.number, second.note, second.uploaded_by) == (2, "Corrected amount", world.judge)
    assert third.number == 3 and third.blob.content_type == "text/plain; charset=utf-8"
    document.refresh_from_db()
    assert document.latest_version == 3
    assert [v.blob_id for v in document.versions.order_by("number")] == [
        hashlib.sha256(d).hexdigest() for d in (docx("one"), docx("two"), TEXT)
    ]
    events = CaseEvent.objects.filter(case=case, code="document_version_added").order_by("id")
    assert [(e.data["version"], e.actor) for e in events] == [(2, world.judge), (3, world.clerk)]
    assert events[0].texts.get(name="note").text == "Corrected amount"


def test_documents_are_immutable_in_the_database(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    document = upload(world.clerk, case, PDF)
    for change in (
        lambda: DocumentVersion.objects.update(filename="other.pdf"),
        lambda: Blob.objects.update(size=1),
        lambda: Document.objects.update(title="Another title"),
        lambda: Document.objects.update(latest_version=0),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    document.refresh_from_db()
    assert document.title == "Indictment" and DocumentVersion.objects.get().filename == "indictment.pdf"
    assert not hasattr(services, "document_update") and not hasattr(services, "document_delete")


def test_who_may_upload(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    before = database_state()
    for user in (world.chair, world.judge2, world.lawyer):
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.document_upload(actor=user, case=case, title="X", file=ContentFile(PDF), filename="x.pdf")
    assert database_state() == before
    upload(world.judge, case, PDF)


def test_bad_title_and_bad_file_are_named_together_and_nothing_is_written(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    document = upload(world.clerk, case, TEXT)
    before = database_state()
    with pytest.raises(ValidationFailed) as caught:
        upload(world.clerk, case, EXE, title=" ")
    assert set(caught.value.fields) == {"title", "file"}
    with pytest.raises(ValidationFailed) as caught:
        upload(world.clerk, case, PDF, title="x" * 301)
    assert set(caught.value.fields) == {"title"}
    with pytest.raises(ValidationFailed) as caught:
        add_version(world.clerk, document, PDF, note="n" * 301)
    assert set(caught.value.fields) == {"note"}
    assert database_state() == before
