"""Signing and verifying documents through Adalat against the raw pyHanko / ``cryptography``
operations on the same files, in the same run.

    python bench/signatures.py [--db sqlite|postgres|both] [--count N]

Makes the benchmark's own database (SQLite ``var/bench/signatures.sqlite3``, PostgreSQL
``adalat_bench_signatures``, made afresh) with a signing authority, a court, a clerk and a judge
holding a certificate, and one case with N distinct one-page PDFs and N distinct text files
(default N: 10,000). Then, document by document, in turns:

- sign: Adalat's ``document_version_sign`` in its own transaction, as the API calls it (the case's
  row lock, the access policy, the key unsealed, a PAdES B-LTA signature with two RFC 3161 time
  stamps and the revocation list, the signed PDF stored as a new version, the event and the audit
  entry); against pyHanko signing the same file's bytes with the same key, time stamper, chain and
  revocation list, in memory;
- verify: Adalat's ``version_signatures`` (the version read from storage, the trust state, the
  validation, the signer's name), with its cache of verdicts emptied first, against pyHanko's AdES
  validation of the same signed bytes with the same trust;
- the same two for the text files with detached CMS signatures (``cryptography`` keys, pyHanko's
  CMS signer and validation).

Prints the total of each side, the milliseconds per document and the ratio. Goal: every ratio
<= 1.5; exits 1 when one is missed or any call fails.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "signatures.sqlite3"
POSTGRES_DB = "adalat_bench_signatures"
GOAL = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--count", type=int, default=10_000, help="documents of each kind")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        return harness.run_per_database(__file__, ["--count", str(args.count)], databases)
    harness.use_database(args.db, SQLITE_FILE, POSTGRES_DB, empty=True)
    return measure(args.count)


def pdf_of(number: int) -> bytes:
    from pypdf import PdfWriter  # noqa: PLC0415 (after Django is set up, like the rest)

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Procedural act {number}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def prepare(count: int) -> dict[str, Any]:
    """The authority, the people, the case and its 2 x ``count`` documents."""
    from django.core.files.base import ContentFile  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from adalat.accounts.models import Membership, User  # noqa: PLC0415
    from adalat.cases.selectors import case_get  # noqa: PLC0415
    from adalat.cases.services import ParticipantData, PartyData, case_register  # noqa: PLC0415
    from adalat.core import clock  # noqa: PLC0415
    from adalat.core.roles import Role  # noqa: PLC0415
    from adalat.documents.services import document_upload  # noqa: PLC0415
    from adalat.organizations.models import Organization  # noqa: PLC0415
    from adalat.signing.services import authority_create, certificate_issue  # noqa: PLC0415

    court = Organization.objects.create(
        code="BENCH", name="Bench District Court", kind=Organization.Kind.COURT, instance=1, time_zone="Asia/Almaty"
    )
    clerk = User.objects.create(username="clerk", first_name="Clara", last_name="Clerk")
    judge = User.objects.create(username="judge", first_name="Jamal", last_name="Judge")
    Membership.objects.create(user=clerk, organization=court, role=Role.CLERK)
    Membership.objects.create(user=judge, organization=court, role=Role.JUDGE)
    with transaction.atomic():
        authority_create(actor=None, name="Bench Root CA")
        certificate_issue(actor=None, user=judge)
        case = case_register(
            actor=clerk,
            organization=court,
            kind="criminal",
            judge=judge,
            participants=[ParticipantData(role="accused", party=PartyData(kind="person", name="Accused Person"))],
            title="Benchmark",
            received_on=clock.today_in(court.time_zone),
            articles=["158(1)"],
        )
    pdfs, texts = [], []
    started = time.perf_counter()
    for number in range(count):
        pdf = pdf_of(number)
        text = f"Minutes of the hearing, page {number}.\nThe parties were heard.\n".encode()
        with transaction.atomic():
            locked = case_get(user=clerk, case_id=case.pk, for_update=True)
            pdfs.append(
                document_upload(
                    actor=clerk, case=locked, title=f"Act {number}", file=ContentFile(pdf), filename="a.pdf"
                )
            )
            texts.append(
                document_upload(
                    actor=clerk, case=locked, title=f"Minutes {number}", file=ContentFile(text), filename="m.txt"
                )
            )
    print(f"{2 * count} documents filed in {time.perf_counter() - started:.1f} s", flush=True)
    return {"case": case, "judge": judge, "pdfs": pdfs, "texts": texts}


def raw_tools() -> dict[str, Any]:
    """pyHanko and ``cryptography`` set up once with the same key, chain, time stamper and trust."""
    from pyhanko.sign import signers  # noqa: PLC0415
    from pyhanko.sign.fields import SigSeedSubFilter  # noqa: PLC0415
    from pyhanko.sign.validation.policy_decl import PdfSignatureValidationSpec  # noqa: PLC0415
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    from adalat.accounts.models import User  # noqa: PLC0415
    from adalat.core import clock  # noqa: PLC0415
    from adalat.integrations.signing import inprocess  # noqa: PLC0415
    from adalat.signing.store import DatabaseKeyStore  # noqa: PLC0415

    store = DatabaseKeyStore()
    judge = User.objects.get(username="judge")
    credentials, trust = store.credentials(judge.pk), store.trust()
    tsa = store.timestamping()
    signer = inprocess._signer(credentials)
    spec = inprocess._spec(trust)
    roots, crls = inprocess._roots(trust), inprocess._crls(trust)
    return {
        "signer": signer,
        "timestamper": inprocess._TimeStamper(tsa, clock.now),
        "spec": spec,
        "pdf_spec": PdfSignatureValidationSpec(spec),
        # A validation context holds what it validated at its moment: each signature gets its own,
        # at its own time, as Adalat's adapter does (the roots and lists are parsed once).
        "meta": lambda: signers.PdfSignatureMetadata(
            field_name="Signature1",
            reason="Signed in Adalat by Jamal Judge",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=True,
            use_pades_lta=True,
            validation_context=ValidationContext(
                trust_roots=roots, crls=crls, allow_fetching=False, moment=clock.now()
            ),
        ),
    }


def raw_sign_pdf(tools: dict[str, Any], data: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415
    from pyhanko.sign import signers  # noqa: PLC0415

    out = io.BytesIO()
    signers.PdfSigner(tools["meta"](), signer=tools["signer"], timestamper=tools["timestamper"]).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data), strict=False), output=out
    )
    return out.getvalue()


def raw_verify_pdf(tools: dict[str, Any], data: bytes) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415
    from pyhanko.sign.ades.report import AdESStatus  # noqa: PLC0415
    from pyhanko.sign.validation import ades  # noqa: PLC0415

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    results = [
        asyncio.run(ades.ades_lta_validation(signature, tools["pdf_spec"]))
        for signature in reader.embedded_regular_signatures
    ]
    return bool(results) and all(r.ades_subindic.status is AdESStatus.PASSED for r in results)


def raw_sign_detached(tools: dict[str, Any], data: bytes) -> bytes:
    signed = asyncio.run(
        tools["signer"].async_sign_general_data(data, "sha256", detached=True, timestamper=tools["timestamper"])
    )
    return bytes(signed.dump())


def raw_verify_detached(tools: dict[str, Any], data: bytes, signature: bytes) -> bool:
    from asn1crypto import cms  # noqa: PLC0415
    from pyhanko.sign.ades.report import AdESStatus  # noqa: PLC0415
    from pyhanko.sign.validation import ades  # noqa: PLC0415

    signed_data = cms.ContentInfo.load(signature)["content"]
    result = asyncio.run(
        ades.ades_with_time_validation(signed_data, tools["spec"], raw_digest=hashlib.sha256(data).digest())
    )
    return bool(result.ades_subindic.status is AdESStatus.PASSED)


class Tally:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.failures: list[str] = []

    def time(self, name: str, run: Callable[[], object]) -> object:
        started = time.perf_counter()
        try:
            result = run()
        except Exception as error:  # a failed call is reported and fails the run
            self.failures.append(f"{name}: {error!r}")
            result = None
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return result


def measure(count: int) -> int:
    from django.db import transaction  # noqa: PLC0415

    from adalat.cases.selectors import case_get  # noqa: PLC0415
    from adalat.documents import verification  # noqa: PLC0415
    from adalat.documents.blobs import blob_open  # noqa: PLC0415
    from adalat.documents.models import DocumentVersion  # noqa: PLC0415
    from adalat.documents.selectors import document_version_for_signing  # noqa: PLC0415
    from adalat.documents.services import document_version_sign  # noqa: PLC0415

    world = prepare(count)
    tools = raw_tools()
    case, judge = world["case"], world["judge"]
    tally = Tally()

    def read(version: DocumentVersion) -> bytes:
        with blob_open(version.blob) as handle:
            return bytes(handle.read())

    def adalat_sign(document_id: int) -> DocumentVersion:
        with transaction.atomic():
            locked = case_get(user=judge, case_id=case.pk, for_update=True)
            version = document_version_for_signing(user=judge, case=locked, document_id=document_id, number=1)
            return document_version_sign(actor=judge, version=version)

    def fresh(version: DocumentVersion) -> DocumentVersion:
        return (
            DocumentVersion.objects.select_related("blob", "document").prefetch_related("signatures").get(pk=version.pk)
        )

    def adalat_verify(version: DocumentVersion) -> bool:
        views = verification.version_signatures(version)  # as the document list has it: fetched, not read
        return bool(views) and all(v.status == "passed" for v in views)

    signed: dict[str, list[DocumentVersion]] = {"pdf": [], "text": []}
    originals = {"pdf": [read(fresh(d.versions.get())) for d in world["pdfs"]]}
    originals["text"] = [read(fresh(d.versions.get())) for d in world["texts"]]
    for kind, documents in (("pdf", world["pdfs"]), ("text", world["texts"])):
        raw_sign = raw_sign_pdf if kind == "pdf" else raw_sign_detached
        for i, document in enumerate(documents):
            data = originals[kind][i]
            turns: list[tuple[str, Callable[[], object]]] = [
                (f"{kind} sign adalat", lambda document=document: adalat_sign(document.pk)),
                (f"{kind} sign raw", lambda data=data, raw_sign=raw_sign: raw_sign(tools, data)),
            ]
            for name, run in turns if i % 2 == 0 else turns[::-1]:
                result = tally.time(name, run)
                if name.endswith("adalat") and isinstance(result, DocumentVersion):
                    signed[kind].append(result)
    verification._cache.clear()
    for kind in ("pdf", "text"):
        for i, version in enumerate(signed[kind]):
            version = fresh(version)
            data = read(version)
            if kind == "pdf":
                raw_run: Callable[[], object] = lambda data=data: raw_verify_pdf(tools, data)  # noqa: E731
            else:
                detached = bytes(version.signatures.all()[0].signature)
                raw_run = lambda data=data, detached=detached: raw_verify_detached(tools, data, detached)  # noqa: E731
            turns = [
                (f"{kind} verify adalat", lambda version=version: adalat_verify(version)),
                (f"{kind} verify raw", raw_run),
            ]
            for name, run in turns if i % 2 == 0 else turns[::-1]:
                if tally.time(name, run) is not True:
                    tally.failures.append(f"{name}: document {version.document_id} did not pass")
    rows, missed = [], []
    for kind in ("pdf", "text"):
        for operation in ("sign", "verify"):
            ours, raw = tally.seconds[f"{kind} {operation} adalat"], tally.seconds[f"{kind} {operation} raw"]
            ratio = ours / raw
            label = f"{'PDF (PAdES B-LTA)' if kind == 'pdf' else 'text (detached CMS)'} {operation}"
            rows.append([label, f"{ours:.1f}", f"{raw:.1f}", f"{1000 * ours / count:.1f}", f"{1000 * raw / count:.1f}",
                         f"{ratio:.2f}", "ok" if ratio <= GOAL else "MISSED"])  # fmt: skip
            if ratio > GOAL:
                missed.append(label)
    print(f"\n{count} documents of each kind; goal: Adalat / raw <= {GOAL}")
    print(harness.table(["operation", "adalat s", "raw s", "adalat ms/doc", "raw ms/doc", "ratio", ""], rows))
    for failure in tally.failures[:20]:
        print("FAILED", failure)
    if tally.failures:
        print(f"{len(tally.failures)} calls failed.")
    if missed:
        print("Goal missed: " + ", ".join(missed))
    return 1 if tally.failures or missed else 0


if __name__ == "__main__":
    sys.exit(main())
