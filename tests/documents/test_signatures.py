"""Signing document versions and verifying them: PAdES B-LTA for PDFs (a new version), detached
CMS for other files, the three outcomes, who may sign, and refusals that change nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from asn1crypto import crl as asn1_crl
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.db import transaction
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases import selectors
from adalat.cases.models import Case, CaseEvent, Party
from adalat.cases.services import ParticipantData, PartyData, participant_add
from adalat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from adalat.documents import services
from adalat.documents.blobs import blob_open
from adalat.documents.models import Document, DocumentVersion, Signature
from adalat.documents.selectors import document_version_for_signing
from adalat.documents.services import SigningUnavailable
from adalat.documents.verification import problem_text, signatures_of_file, verdicts_for, version_signatures
from adalat.integrations.signing import pki
from adalat.integrations.signing.inprocess import future_check
from adalat.signing.models import Authority
from adalat.signing.services import certificate_revoke
from adalat.signing.store import DatabaseKeyStore, NoCertificate
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF, TEXT
from tests.documents.test_document_upload import upload
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db


def sign(actor: User, version: DocumentVersion) -> DocumentVersion:
    with transaction.atomic():
        case = selectors.case_get(user=actor, case_id=version.document.case_id, for_update=True)
        found = document_version_for_signing(
            user=actor, case=case, document_id=version.document_id, number=version.number
        )
        signed = services.document_version_sign(actor=actor, version=found)
    return DocumentVersion.objects.select_related("document", "blob").get(pk=signed.pk)


def content(version: DocumentVersion) -> bytes:
    with blob_open(version.blob) as handle:
        return bytes(handle.read())


@pytest.fixture
def case(world: World, authority: Authority, document_storage: Path) -> Case:
    issue(world.judge)
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def first_version(document: Document) -> DocumentVersion:
    return DocumentVersion.objects.select_related("document", "blob").get(document=document, number=1)


def test_signing_a_pdf_adds_the_signed_pdf_as_a_new_version(world: World, case: Case) -> None:
    document = upload(world.clerk, case, PDF)
    signed = sign(world.judge, first_version(document))

    assert signed.number == 2 and content(first_version(document)) == PDF  # the signed version is untouched
    document.refresh_from_db()
    assert document.latest_version == 2
    assert Signature.objects.get().version == signed
    event = CaseEvent.objects.filter(code="document_signed").get()
    assert event.actor == world.judge
    assert event.data["version"] == 1 and event.data["signed_version"] == 2
    assert event.data["kind"] == "pades"
    assert AuditEntry.objects.filter(action="case.document_signed").count() == 1
    [view] = version_signatures(signed)
    assert (view.signer, view.status, view.timestamped, view.problem) == (
        world.judge.display_name,
        "passed",
        True,
        None,
    )
    assert view.signed_at is not None


def test_pyhanko_validates_the_signed_pdf_now_and_thirty_years_ahead(world: World, case: Case) -> None:
    document = upload(world.clerk, case, PDF)
    data = content(sign(world.judge, first_version(document)))
    trust = DatabaseKeyStore().trust()

    # pyHanko's own long-term validation, with our root and revocation list and nothing fetched.
    reader = PdfFileReader(io.BytesIO(data))
    [embedded] = reader.embedded_regular_signatures
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(r) for r in trust.roots],
        crls=[asn1_crl.CertificateList.load(c) for c in trust.crls],
        allow_fetching=False,
    )
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    [document_stamp] = reader.embedded_timestamp_signatures  # B-LTA: a document time stamp closes it
    assert validate_pdf_timestamp(document_stamp, validation_context=context).valid
    assert reader.root["/DSS"] is not None
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=365 * 30 + 8)
    assert future_check(data, trust, future) == (AdESStatus.PASSED, "OK")


def test_an_altered_pdf_fails(world: World, case: Case) -> None:
    document = upload(world.clerk, case, PDF)
    data = bytearray(content(sign(world.judge, first_version(document))))
    at = data.find(b"/MediaBox")
    data[at + 11 : at + 12] = b"7" if data[at + 11 : at + 12] != b"7" else b"8"
    [verdict] = verdicts_for(data=bytes(data), signature=None)
    assert verdict.outcome == "failed" and verdict.indication == "HASH_FAILURE"


def forged(signed: bytes) -> bytes:
    """``signed`` with a revision appended that puts other words on its page, as an editor would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT 10 10 Td (Acquitted) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_changed_in_a_later_revision_fails(world: World, case: Case) -> None:
    data = content(sign(world.judge, first_version(upload(world.clerk, case, PDF))))
    [verdict] = verdicts_for(data=forged(data), signature=None)
    assert (verdict.outcome, verdict.indication) == ("failed", "CHANGED_AFTER_SIGNING")


def test_a_revoked_certificate_fails_what_it_signed(world: World, case: Case) -> None:
    text = sign(world.judge, first_version(upload(world.clerk, case, TEXT, filename="note.txt")))
    pdf = sign(world.judge, first_version(upload(world.clerk, case, PDF)))
    assert [v.status for v in version_signatures(text) + version_signatures(pdf)] == ["passed", "passed"]
    # Revoked an hour after signing: the time stamps prove the signatures older than the
    # revocation, and they fail all the same (decision 0050).
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)):
        with transaction.atomic():
            certificate_revoke(actor=None, user=world.judge)
        views = version_signatures(text) + version_signatures(pdf)
    assert [(v.status, v.problem) for v in views] == [("failed", "The signer's certificate was revoked.")] * 2


def test_a_certificate_of_an_unknown_authority_is_indeterminate(world: World, case: Case) -> None:
    document = upload(world.clerk, case, TEXT, filename="note.txt")
    version = sign(world.judge, first_version(document))
    # Adalat trusts another authority only (as a file signed elsewhere would be met): it cannot tell.
    stranger = pki.root_make(name="Elsewhere CA", organization="Elsewhere", now=dt.datetime.now(dt.UTC))
    Authority.objects.update(certificate=stranger.certificate)

    [view] = version_signatures(version)
    assert view.status == "indeterminate"
    assert view.problem == "The certificate was issued by an authority that Adalat does not trust."


def test_a_detached_signature_is_kept_beside_a_file_that_does_not_change(world: World, case: Case) -> None:
    document = upload(world.clerk, case, TEXT, filename="note.txt")
    version = sign(world.judge, first_version(document))

    assert version.number == 1 and content(version) == TEXT
    document.refresh_from_db()
    assert document.latest_version == 1
    signature = Signature.objects.get()
    assert signature.kind == "cms" and len(bytes(signature.signature)) > 100
    assert [v.status for v in version_signatures(version)] == ["passed"]


def test_an_expired_certificate_with_a_time_stamp_still_passes(world: World, case: Case) -> None:
    document = upload(world.clerk, case, TEXT, filename="note.txt")
    version = sign(world.judge, first_version(document))
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=365 * pki.SIGNER_YEARS + 30)):
        [view] = version_signatures(version)
    assert view.status == "passed", view.problem


def test_people_who_may_not_sign_are_refused_and_nothing_changes(world: World, case: Case) -> None:
    document = upload(world.clerk, case, PDF)
    version = first_version(document)
    citizen = User.objects.create(username="citizen")
    with transaction.atomic():
        participant_add(
            actor=world.clerk,
            case=case,
            data=ParticipantData(role="accused", party=PartyData(kind="person", name="A person")),
        )
    Party.objects.filter(name="A person").update(user=citizen)
    issue(citizen)
    issue(world.other_judge)
    before = database_state()

    with pytest.raises(PermissionDenied):
        sign(citizen, version)  # a party sees the case but does not sign in Adalat
    with pytest.raises(NotFound):
        sign(world.other_judge, version)  # another court's judge does not see it
    with pytest.raises(NoCertificate):
        sign(world.clerk, version)  # may sign, but holds no certificate
    assert database_state() == before
    assert Signature.objects.count() == 0


def test_a_version_is_signed_once_by_each_and_a_pdf_only_at_its_latest(world: World, case: Case) -> None:
    document = upload(world.clerk, case, PDF)
    signed = sign(world.judge, first_version(document))
    before = database_state()
    with pytest.raises(Conflict, match="latest"):
        sign(world.judge, first_version(document))
    with pytest.raises(Conflict, match="already"):
        sign(world.judge, signed)
    with pytest.raises(NotFound), transaction.atomic():
        document_version_for_signing(user=world.judge, case=case, document_id=document.pk, number=9)
    assert database_state() == before


def test_a_second_signer_adds_a_second_signature(world: World, case: Case) -> None:
    issue(world.clerk)
    document = upload(world.clerk, case, PDF)
    once = sign(world.clerk, first_version(document))
    twice = sign(world.judge, once)
    assert twice.number == 3
    views = version_signatures(twice)
    assert [(v.signer, v.status) for v in views] == [
        (world.clerk.display_name, "passed"),
        (world.judge.display_name, "passed"),
    ]


def test_signing_needs_an_authority(world: World, document_storage: Path) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    document = upload(world.clerk, case, PDF)
    before = database_state()
    with pytest.raises(NoCertificate):
        sign(world.judge, first_version(document))
    assert database_state() == before


def test_a_certificate_that_copies_a_signers_serial_number_does_not_borrow_their_name(world: World, case: Case) -> None:
    judges = issue(world.judge)
    now = dt.datetime.now(dt.UTC)
    elsewhere = pki.root_make(name="Elsewhere CA", organization="Elsewhere", now=now)
    root = x509.load_der_x509_certificate(elsewhere.certificate)
    key = ec.generate_private_key(ec.SECP256R1())
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Someone Else")]))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(int(judges.serial, 16))
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(serialization.load_der_private_key(elsewhere.private_key, password=None), hashes.SHA256())
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(forged.public_bytes(serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore(),
    )
    signature = asyncio.run(signer.async_sign_general_data(TEXT, "sha256", detached=True)).dump()

    [view] = signatures_of_file(data=TEXT, signature=signature)
    assert view.status == "indeterminate"
    assert view.signer != world.judge.display_name and "Someone Else" in view.signer


def test_a_pdf_pyhanko_cannot_follow_is_refused_with_a_reason_and_nothing_changes(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = upload(world.judge, case, PDF)

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("'NullObject' object is not subscriptable")  # as a PDF with a broken reference makes it

    monkeypatch.setattr("adalat.integrations.signing.inprocess.IncrementalPdfFileWriter", broken)
    before = database_state()
    with pytest.raises(ValidationFailed) as refused:
        sign(world.judge, first_version(document))
    assert set(refused.value.fields) == {"version"}
    assert database_state() == before


def test_a_signing_system_that_fails_is_not_blamed_on_the_file_and_nothing_changes(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = upload(world.judge, case, PDF)
    text = upload(world.judge, case, TEXT, filename="statement.txt")

    async def no_answer(*args: object, **kwargs: object) -> None:
        raise TimestampRequestError("the time-stamping authority did not answer")

    for method in ("async_timestamp", "async_dummy_response"):
        monkeypatch.setattr(f"adalat.integrations.signing.inprocess._TimeStamper.{method}", no_answer)
    before = database_state()
    for version in (first_version(document), first_version(text)):
        with pytest.raises(SigningUnavailable) as failed:
            sign(world.judge, version)
        assert failed.value.status == 503 and failed.value.code == "signing_unavailable"
    assert database_state() == before


def test_a_validator_that_fails_makes_the_signature_indeterminate_for_now_not_failed(world: World, case: Case) -> None:
    signed = sign(world.judge, first_version(upload(world.clerk, case, PDF)))

    class Broken:
        def verify_pdf(self, *, data: bytes) -> None:
            raise RuntimeError("the trust store could not be read")

    data = content(signed)
    [verdict] = verdicts_for(data=data, signature=None, port=Broken())  # type: ignore[arg-type]
    assert verdict.outcome == "indeterminate"
    assert problem_text(verdict) == "The signature could not be verified just now; reload the page in a moment."
    [verdict] = verdicts_for(data=data, signature=None)  # not remembered: asked again, and it passes
    assert verdict.outcome == "passed"


def test_a_remembered_verdict_does_not_read_the_file_again(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = sign(world.judge, first_version(upload(world.clerk, case, PDF)))
    assert [v.status for v in version_signatures(signed)] == ["passed"]

    def unreadable(*args: object) -> None:
        raise AssertionError("the file was read again")

    monkeypatch.setattr("adalat.documents.verification.blob_open", unreadable)
    assert [v.status for v in version_signatures(signed)] == ["passed"]
