"""The demo cases' documents: a pleading for every case, the papers of its steps at the stages
it went through, a handful of PDFs stored once, and readable by the people on the case."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.files import File
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from adalat.accounts.models import User
from adalat.cases.models import Case, CaseEvent
from adalat.demo import cases as cases_module
from adalat.demo.papers import ON_REGISTRATION, PAPERS
from adalat.demo.pretrial import REPORT
from adalat.documents.blobs import blob_open
from adalat.documents.content import PDF, inspect
from adalat.documents.models import Blob, Document, DocumentVersion
from adalat.filing.models import Filing
from adalat.jurisdictions.current import get_pack

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, document_storage: Path) -> Iterator[None]:
    monkeypatch.setenv("ADALAT_DEMO_PASSWORD", "demo-password-for-tests")
    with time_machine.travel(NOW, tick=False):
        call_command("demo", cases=300, seed=7, stdout=io.StringIO())
        yield


def test_every_demo_case_has_its_pleading_and_the_papers_of_its_steps(demo: None) -> None:
    pack = get_pack()
    # every case has documents; a motion on a measure is filed from its main case, whose papers it cites
    registered = Case.objects.exclude(kind=pack.header.measures.motion_kind)
    assert not registered.exclude(documents__isnull=False).exists()
    for case in registered.prefetch_related("documents", "events"):
        kind = pack.kind(case.kind)
        documents = sorted(case.documents.all(), key=lambda d: (d.created_at, d.pk))
        first = documents[0]
        start = next(e.to_stage for e in case.events.all() if e.code == "registered")
        assert first.stage == start
        # a criminal case registered by an investigative body starts with the report of the offence
        paper = REPORT if case.kind == "criminal" and start == kind.initial_stage else ON_REGISTRATION[case.kind]
        online = Filing.objects.filter(case=case).first()  # a claim filed online starts with the claim as filed
        assert first.title == (f"Claim filed online, {online.reference}" if online else first.title) and (
            online or first.title in PAPERS[paper].title.values()
        )
        reached = {start} | {e.to_stage for e in case.events.all() if e.code in ("transition", "handover_received")}
        assert {d.stage for d in documents} <= reached, case.number
        filed = [e for e in case.events.all() if e.code == "document_added"]
        assert sorted(e.data["document"] for e in filed) == sorted(d.pk for d in documents)
        assert all(
            e.at == d.created_at
            for e, d in zip(
                sorted(filed, key=lambda e: e.data["document"]), sorted(documents, key=lambda d: d.pk), strict=True
            )
        )
    decided = Case.objects.filter(stage__in=["decided", "judgment"]).first()
    assert decided is not None
    titles = set(decided.documents.values_list("title", flat=True))
    assert titles & {"Minutes of the hearing", "Протокол судебного заседания"}


def test_a_handful_of_pdfs_serve_every_case(demo: None, document_storage: Path) -> None:
    # the signed acts of the cases before trial, the motions and decisions Adalat writes and the
    # claims filed online are each their own PDF; the rest share a handful
    signed = set(DocumentVersion.objects.filter(signatures__isnull=False).values_list("blob_id", flat=True))
    assert signed
    written = Document.objects.filter(Q(case__kind="custody_motion") | Q(case__filing__isnull=False))
    own = set(DocumentVersion.objects.filter(document__in=written).values_list("blob_id", flat=True))
    blobs = list(Blob.objects.exclude(sha256__in=signed | own))
    assert 10 <= len(blobs) <= 2 * len(PAPERS)
    assert Document.objects.count() > 3 * len(blobs)
    for blob in blobs:
        with blob_open(blob) as handle:
            data = handle.read()
        assert inspect(File(io.BytesIO(data))).file_type == PDF and data.endswith(b"%%EOF\n")
    signed_size = sum(Blob.objects.filter(sha256__in=signed).values_list("size", flat=True))
    assert signed_size < 100_000 * len(signed)  # a signed act stays small
    stored = sum(path.stat().st_size for path in document_storage.rglob("*") if path.is_file())
    assert stored - signed_size < 2_000_000


def test_the_citizen_has_open_cases_and_downloads_their_documents(demo: None) -> None:
    citizen = User.objects.get(username="party")
    theirs = Case.objects.filter(participants__party__user=citizen).distinct()
    assert theirs.filter(status="open").exists() and theirs.filter(status="closed").exists()
    document = Document.objects.filter(case__in=theirs).select_related("case").first()
    assert document is not None
    client = Client()
    client.force_login(citizen)
    page = client.get(f"/cases/{document.case_id}/").content.decode()
    assert document.title in page
    response = client.get(f"/cases/{document.case_id}/documents/{document.pk}/versions/1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert CaseEvent.objects.filter(case=document.case, code="document_added").exists()


def test_a_large_load_files_the_documents_of_its_latest_cases_and_of_the_demo_accounts(
    monkeypatch: pytest.MonkeyPatch, document_storage: Path
) -> None:
    monkeypatch.setattr(cases_module, "DOCUMENTED_CASES", 100)
    monkeypatch.setenv("ADALAT_DEMO_PASSWORD", "demo-password-for-tests")
    with time_machine.travel(NOW, tick=False):
        call_command("demo", cases=300, seed=7, stdout=io.StringIO())

    documented = Case.objects.filter(documents__isnull=False).distinct()
    registered = Case.objects.exclude(kind=get_pack().header.measures.motion_kind)  # motions: tests/restraint
    latest = registered.order_by("-registered_at", "-id")[:100]
    assert set(latest.values_list("pk", flat=True)) <= set(documented.values_list("pk", flat=True))
    accounts = Case.objects.filter(participants__party__user__username__in=["party", "lawyer"]).distinct()
    assert accounts.exists() and not accounts.exclude(pk__in=documented.values("pk")).exists()
    assert documented.count() < Case.objects.count()  # the others have none: the load stays fast
