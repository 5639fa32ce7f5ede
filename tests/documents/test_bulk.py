"""Documents loaded in bulk with the cases: the rows, the stored content and the event the upload
service would have written, in the cases' batches."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from adalat.cases import selectors
from adalat.cases.bulk import CaseBulkWriter, CasePlan, ParticipantPlan
from adalat.cases.models import Case, CaseEvent
from adalat.documents import services
from adalat.documents.bulk import DocumentBulkWriter
from adalat.documents.models import Blob, Document, DocumentVersion
from adalat.documents.rules import DocumentFiled
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC)


def _document(document: Document) -> tuple[Any, ...]:
    version = document.versions.get()
    return (
        document.title,
        document.stage,
        document.created_at,
        document.created_by_id,
        document.latest_version,
        version.number,
        version.blob_id,
        version.filename,
        version.note,
        version.uploaded_at,
        version.uploaded_by_id,
    )


def _event(case: Case) -> tuple[Any, ...]:
    event = CaseEvent.objects.get(case=case, code="document_added")
    data = DocumentFiled.model_validate(event.data)  # the payload its type's schema reads
    return (event.audience, event.at, event.actor_id, data.version, data.sha256, data.size, data.content_type)


@pytest.mark.parametrize("batch_size", [1, 20_000])
def test_a_loaded_document_is_what_an_upload_would_have_written(
    world: World, document_storage: Path, batch_size: int
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        uploaded_case = register(clerk=world.clerk, court=world.court)
        with transaction.atomic():
            locked = selectors.case_get(user=world.clerk, case_id=uploaded_case.pk, for_update=True)
            uploaded = services.document_upload(
                actor=world.clerk, case=locked, title="Indictment", file=ContentFile(PDF), filename="indictment.pdf"
            )

    cases = CaseBulkWriter(now=MONDAY + dt.timedelta(days=1), batch_size=batch_size)
    documents = DocumentBulkWriter(cases=cases)
    with transaction.atomic(), cases:
        content = documents.content_add(data=PDF)
        plans = []
        for minutes in (1, 2):
            party = cases.party_add(kind="person", name="Ivanov Ivan", created_at=MONDAY)
            plan = CasePlan(
                court=world.court,
                kind="criminal",
                title="Theft",
                received_on=dt.date(2026, 3, 1),
                registered_at=MONDAY + dt.timedelta(minutes=minutes),
                clerk_id=world.clerk.pk,
                articles=["158(1)"],
                participants=[ParticipantPlan(party, "Ivanov Ivan", "accused")],
            )
            cases.case_add(plan)
            assert plan.case_id is not None
            documents.document_add(
                case_id=plan.case_id,
                stage="received",
                title="Indictment",
                filename=content.filename("indictment.pdf"),
                content=content,
                at=MONDAY,
                actor_id=world.clerk.pk,
            )
            plans.append(plan)

    assert cases.counts["documents"] == 2
    assert Blob.objects.count() == 1  # the content is stored once
    digest = hashlib.sha256(PDF).hexdigest()
    assert (document_storage / digest[:2] / digest[2:4] / digest).read_bytes() == PDF
    for plan in plans:
        loaded = Document.objects.get(case_id=plan.case_id)
        assert _document(loaded) == _document(uploaded)
        loaded_case = Case.objects.get(pk=plan.case_id)
        assert _event(loaded_case) == _event(uploaded_case)
        event = CaseEvent.objects.get(case=loaded_case, code="document_added")
        assert event.data["document"] == loaded.pk
        assert list(event.data) == list(CaseEvent.objects.get(case=uploaded_case, code="document_added").data)
    # The ids go on from the loaded rows: a document uploaded afterwards gets the next ones.
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=uploaded_case.pk, for_update=True)
        later = services.document_upload(
            actor=world.clerk, case=locked, title="Minutes", file=ContentFile(PDF), filename="m.pdf"
        )
    assert later.pk > max(Document.objects.exclude(pk=later.pk).values_list("pk", flat=True))
    assert DocumentVersion.objects.count() == 4


def test_a_content_of_a_refused_type_is_not_stored(world: World, document_storage: Path) -> None:
    cases = CaseBulkWriter(now=MONDAY)
    documents = DocumentBulkWriter(cases=cases)
    with transaction.atomic(), cases, pytest.raises(Exception, match="Programs and scripts"):
        documents.content_add(data=b"MZ" + b"\x00" * 100)
    assert not Blob.objects.exists()


def test_the_tables_are_added_before_the_load_starts(world: World) -> None:
    cases = CaseBulkWriter(now=MONDAY)
    with transaction.atomic(), cases, pytest.raises(RuntimeError, match="before the load starts"):
        DocumentBulkWriter(cases=cases)


def _document_keys() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid::regclass::text LIKE 'documents_%%' ORDER BY 1, 2"
        )
        return [(str(table), str(definition)) for table, definition in cursor.fetchall()]


@pytest.mark.postgres
def test_a_large_load_checks_the_documents_references_at_the_end(world: World, document_storage: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("foreign keys are taken off and put back on PostgreSQL only")
    keys = _document_keys()
    cases = CaseBulkWriter(now=MONDAY, check_references_at_end=True)
    documents = DocumentBulkWriter(cases=cases)
    with pytest.raises(IntegrityError), transaction.atomic(), cases:
        content = documents.content_add(data=PDF)
        documents.document_add(  # a case that does not exist
            case_id=10**9,
            stage="received",
            title="T",
            filename="t.pdf",
            content=content,
            at=MONDAY,
            actor_id=world.clerk.pk,
        )
    assert _document_keys() == keys and not Document.objects.exists()
