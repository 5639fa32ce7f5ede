"""Adding documents to a case. Documents are immutable: a change is a new version, and
nothing is ever edited or deleted. Each service checks the access policy, stores the
content once by its SHA-256, writes the rows and records the case event and its audit
entry. The caller owns the transaction and holds the case's row lock
(``case_get(..., for_update=True)``)."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db.models import F
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record
from adalat.core import clock
from adalat.core.errors import ValidationFailed

from .blobs import blob_for
from .content import Inspected, filename_clean, inspect
from .models import Document, DocumentVersion
from .rules import DOCUMENT_UPLOAD, DocumentFiled

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
    # The document's row lock numbers concurrent versions one after the other.
    latest = Document.objects.select_for_update().filter(pk=document.pk).values_list("latest_version", flat=True).get()
    at = clock.now()
    version = DocumentVersion.objects.create(
        document=document,
        number=latest + 1,
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
