"""Versions added from many connections at once are numbered one after the other, and the
same new content arriving at once is stored once. PostgreSQL only (SQLite has one writer)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction

from adalat.documents import services
from adalat.documents.models import Blob, Document, DocumentVersion
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF, pdf_of

THREADS = 6
NEW_CONTENT = pdf_of(b"/Lang (en-GB)")  # the signed judgment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_versions_are_numbered_in_a_row(world: World, document_storage: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with transaction.atomic():
        document = services.document_upload(
            actor=world.clerk, case=case, title="Judgment", file=ContentFile(PDF), filename="j.pdf"
        )
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def add(worker: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                fresh = Document.objects.select_related("case__holder").get(pk=document.pk)
                services.document_version_add(
                    actor=world.clerk, document=fresh, file=ContentFile(NEW_CONTENT), filename=f"{worker}.pdf"
                )
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = list(
        DocumentVersion.objects.filter(document=document).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, THREADS + 2))
    assert Document.objects.get(pk=document.pk).latest_version == THREADS + 1
    assert Blob.objects.count() == 2
    assert len([p for p in document_storage.rglob("*") if p.is_file()]) == 2
