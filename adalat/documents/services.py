"""Adding documents to a case, and signing them. Documents are immutable: a change is a new
version, and nothing is ever edited or deleted; signing a PDF adds the signed PDF as a new
version, signing another file keeps a detached signature beside it. Each service checks the
access policy, stores the content once by its SHA-256, writes the rows and records the case event
and its audit entry. The caller owns the transaction and holds the case's row lock
(``case_get(..., for_update=True)``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record
from adalat.core import clock
from adalat.core.errors import ApplicationError, Conflict, ValidationFailed
from adalat.integrations.signing.port import Signing, SigningFailed, Unreadable
from adalat.signing.selectors import certificate_current
from adalat.signing.store import NoCertificate, signing_port

from .blobs import blob_for, blob_open
from .content import PDF, Inspected, filename_clean, inspect
from .models import CustodyEntry, Document, DocumentVersion, Signature
from .rules import DOCUMENT_SIGN, DOCUMENT_UPLOAD, CustodyRecorded, DocumentFiled, DocumentSigned

MAX_TITLE = 300
MAX_NOTE = 300


def _inspect(file: File[Any], errors: dict[str, str]) -> Inspected:
    """The content's facts; field errors found so far are reported together with a bad file."""
    try:
        inspected = inspect(file)
    except ValidationFailed as error:
        error.fields = {**errors, **error.fields}
        raise
    if errors:
        raise ValidationFailed(errors)
    return inspected


def _filed(version: DocumentVersion) -> DocumentFiled:
    return DocumentFiled(
        document=version.document_id,
        version=version.number,
        sha256=version.blob_id,
        size=version.blob.size,
        content_type=version.blob.content_type,
    )


def document_upload(*, actor: User, case: Case, title: str, file: File[Any], filename: str) -> Document:
    """A new document of ``case`` with ``file`` as its first version."""
    access.require(actor, DOCUMENT_UPLOAD, case)
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Give the document a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("The title is longer than %(max)s characters.") % {"max": MAX_TITLE}
    inspected = _inspect(file, errors)
    blob = blob_for(file=file, inspected=inspected)
    at = clock.now()
    document = Document.objects.create(
        case=case, title=title, stage=case.stage, created_at=at, created_by=actor, latest_version=1
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        blob=blob,
        filename=filename_clean(filename, inspected.file_type),
        uploaded_at=at,
        uploaded_by=actor,
    )
    case_event_record(case=case, actor=actor, code="document_added", at=at, payload=_filed(version))
    return document


def document_version_add(
    *, actor: User, document: Document, file: File[Any], filename: str, note: str = ""
) -> DocumentVersion:
    """The next version of ``document``; the earlier versions stay as they are."""
    case = document.case
    access.require(actor, DOCUMENT_UPLOAD, case)
    errors: dict[str, str] = {}
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        errors["note"] = _("The note is longer than %(max)s characters.") % {"max": MAX_NOTE}
    inspected = _inspect(file, errors)
    blob = blob_for(file=file, inspected=inspected)
    number = _next_number(document)
    at = clock.now()
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        blob=blob,
        filename=filename_clean(filename, inspected.file_type),
        note=note,
        uploaded_at=at,
        uploaded_by=actor,
    )
    Document.objects.filter(pk=document.pk).update(latest_version=F("latest_version") + 1)
    document.latest_version = version.number
    case_event_record(
        case=case, actor=actor, code="document_version_added", at=at, payload=_filed(version), texts={"note": note}
    )
    return version


def _next_number(document: Document) -> int:
    """The number the next version of ``document`` gets; the document's row lock numbers
    concurrent versions one after the other."""
    latest: int = (
        Document.objects.select_for_update().filter(pk=document.pk).values_list("latest_version", flat=True).get()
    )
    return latest + 1


class SigningUnavailable(ApplicationError):
    """The signing system could not sign now (the file is not at fault); nothing was changed."""

    status = 503

    def __init__(self) -> None:
        super().__init__(
            _("The signature could not be made now. Try again in a moment; if it goes on, tell an administrator."),
            code="signing_unavailable",
        )


def document_version_sign(*, actor: User, version: DocumentVersion, port: Signing | None = None) -> DocumentVersion:
    """Sign ``version`` with ``actor``'s certificate, time-stamped; the version that holds the
    signature is returned. A PDF gets a PAdES signature in a new version (only the latest version
    is signed so: the signed PDF follows it); any other file a detached CMS signature kept beside
    the version, which does not change."""
    document = version.document
    case = document.case
    access.require(actor, DOCUMENT_SIGN, case)
    certificate = certificate_current(user=actor)
    if certificate is None:
        raise NoCertificate()
    if Signature.objects.filter(version=version, signer=actor).exists():
        raise Conflict(_("You have signed this version already."), code="signed_already")
    port = port or signing_port()
    with blob_open(version.blob) as handle:
        data = handle.read()
    at = clock.now()
    kind = Signature.Kind.PADES if version.blob.content_type == PDF.content_type else Signature.Kind.CMS
    if kind == Signature.Kind.PADES:
        number = _next_number(document)
        if version.number != number - 1:
            raise Conflict(
                _("Only the latest version of a PDF can be signed: the signed PDF becomes the next version."),
                code="not_latest",
            )
        reason = _("Signed in Adalat by %(name)s") % {"name": actor.display_name}
        try:
            signed_data = port.sign_pdf(signer=actor.pk, data=data, reason=reason)
        except Unreadable:
            raise ValidationFailed(
                {"version": _("The PDF cannot be signed: it cannot be read, or it forbids changes.")}
            ) from None
        except SigningFailed:
            raise SigningUnavailable() from None
        # The PDF was inspected when it was filed; signing adds signatures, time stamps and
        # revocation data only, so it is not read through again.
        signed = ContentFile(signed_data)
        inspected = Inspected(sha256=hashlib.sha256(signed_data).hexdigest(), size=len(signed_data), file_type=PDF)
        holder = DocumentVersion.objects.create(
            document=document,
            number=number,
            blob=blob_for(file=signed, inspected=inspected),
            filename=version.filename,
            uploaded_at=at,
            uploaded_by=actor,
        )
        Document.objects.filter(pk=document.pk).update(latest_version=F("latest_version") + 1)
        document.latest_version = number
        detached = b""
    else:
        holder = version
        try:
            detached = port.sign_detached(signer=actor.pk, data=data)
        except SigningFailed:
            raise SigningUnavailable() from None
    Signature.objects.create(
        version=holder,
        kind=kind,
        signer=actor,
        certificate_serial=certificate.serial,
        signature=detached,
        made_at=at,
    )
    payload = DocumentSigned(
        document=document.pk,
        version=version.number,
        signed_version=holder.number,
        sha256=holder.blob_id,
        kind=kind,
        certificate=certificate.serial,
    )
    case_event_record(case=case, actor=actor, code="document_signed", at=at, payload=payload)
    return holder


MAX_COUNTERPART = 300
MAX_MEDIUM = 100
MAX_CUSTODY_NOTE = 2000
BACKDATE = dt.timedelta(days=366)


def custody_record(
    *,
    actor: User,
    document: Document,
    action: str,
    counterpart: str,
    medium: str = "",
    happened_at: dt.datetime | None = None,
    note: str = "",
) -> CustodyEntry:
    """Add a link to a document's chain of custody: what was done with it (received, copied, handed
    over...), from or to whom, on what medium and when (by default now). Those who file documents
    on the case record it. The document's case must be locked."""
    case = document.case
    access.require(actor, DOCUMENT_UPLOAD, case)
    errors: dict[str, str] = {}
    if action not in CustodyEntry.Action.values:
        errors["action"] = _("Choose what was done with it.")
    counterpart = " ".join(counterpart.split())
    if not counterpart:
        errors["counterpart"] = _("Say from or to whom.")
    elif len(counterpart) > MAX_COUNTERPART:
        errors["counterpart"] = _("At most %(max)s characters.") % {"max": MAX_COUNTERPART}
    medium = " ".join(medium.split())
    if len(medium) > MAX_MEDIUM:
        errors["medium"] = _("At most %(max)s characters.") % {"max": MAX_MEDIUM}
    note = note.strip()
    if len(note) > MAX_CUSTODY_NOTE:
        errors["note"] = _("At most %(max)s characters.") % {"max": MAX_CUSTODY_NOTE}
    at = clock.now()
    happened_at = happened_at or at
    if happened_at.tzinfo is None:
        errors["happened_at"] = _("Give the time with its time zone.")
    elif happened_at > at:
        errors["happened_at"] = _("It cannot have happened in the future.")
    elif happened_at < at - BACKDATE:
        errors["happened_at"] = _("It happened more than a year ago: record it on paper.")
    if errors:
        raise ValidationFailed(errors)
    entry = CustodyEntry.objects.create(
        document=document,
        action=action,
        counterpart=counterpart,
        medium=medium,
        happened_at=happened_at,
        recorded_at=at,
        recorded_by=actor,
        note=note,
    )
    case_event_record(
        case=case,
        actor=actor,
        code="document_custody",
        at=at,
        payload=CustodyRecorded(document=document.pk, entry=entry.pk, action=action),
    )
    return entry
