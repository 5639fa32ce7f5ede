"""REST endpoints of the documents module, mounted by adalat.api at /api/v1/cases.

Uploads are multipart (``title`` and ``file``; ``file`` and ``note`` for a new version). The
type is recognised from the content; a file over ``DOCUMENT_MAX_BYTES`` is refused with 413
before it is read to the end. Downloads carry the recognised type as an attachment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view

from adalat.accounts.api_auth import require_scope
from adalat.cases.api import UserRef
from adalat.cases.selectors import case_get
from adalat.core.api_input import Input
from adalat.core.pagination import Page, PageQuery, paginate

from .content import FILE_TYPES
from .downloads import version_response
from .models import CustodyEntry, Document, DocumentVersion
from .selectors import document_get, document_list, document_version_download, document_version_for_signing
from .services import custody_record, document_upload, document_version_add, document_version_sign
from .uploads import capped_uploads
from .verification import SignatureView, version_signatures

router = Router(tags=["documents"])

DOCUMENTS_READ = "documents:read"
DOCUMENTS_WRITE = "documents:write"


class SignatureOut(Schema):
    """A signature of the version, verified now (ETSI EN 319 102-1). ``signed_at`` is the time
    stamp's time, not the signer's clock; ``problem`` says in words why it did not pass."""

    signer: str
    certificate_subject: str
    signed_at: dt.datetime | None
    timestamped: bool
    status: Literal["passed", "failed", "indeterminate"]
    problem: str | None


class VersionOut(Schema):
    number: int
    filename: str
    size: int
    content_type: str
    sha256: str
    note: str
    uploaded_at: dt.datetime
    uploaded_by: UserRef
    content_url: str
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(obj: DocumentVersion) -> list[SignatureView]:
        return version_signatures(obj)

    @staticmethod
    def resolve_size(obj: DocumentVersion) -> int:
        return obj.blob.size

    @staticmethod
    def resolve_content_type(obj: DocumentVersion) -> str:
        return obj.blob.content_type

    @staticmethod
    def resolve_sha256(obj: DocumentVersion) -> str:
        return obj.blob_id

    @staticmethod
    def resolve_content_url(obj: DocumentVersion) -> str:
        return reverse(
            "api-v1:document_version_content",
            kwargs={"case_id": obj.document.case_id, "document_id": obj.document_id, "number": obj.number},
        )


class CustodyOut(Schema):
    id: int
    action: str
    counterpart: str
    medium: str
    happened_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: UserRef
    note: str


class CustodyIn(Input):
    action: Literal["received", "copied", "handed_over", "returned", "examined"]
    counterpart: str = Field(max_length=300, description="from or to whom")
    medium: str = Field("", max_length=100)
    happened_at: dt.datetime | None = Field(None, description="when; now by default")
    note: str = Field("", max_length=2000)


class DocumentOut(Schema):
    id: int
    title: str
    created_at: dt.datetime
    created_by: UserRef
    latest_version: int
    versions: list[VersionOut]
    custody: list[CustodyOut] = Field(description="the chain of custody: who received, copied or handed it on")

    @staticmethod
    def resolve_versions(obj: Document) -> list[DocumentVersion]:
        return list(obj.versions.all())

    @staticmethod
    def resolve_custody(obj: Document) -> list[CustodyEntry]:
        return list(obj.custody.all())


@router.get("/{case_id}/documents", response=Page[DocumentOut], url_name="document_list")
def documents(request: HttpRequest, case_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    """The documents of the case, oldest first, each with its versions."""
    user = require_scope(request, DOCUMENTS_READ)
    case = case_get(user=user, case_id=case_id)
    return paginate(request, document_list(user=user, case=case), query.page, query.page_size)


class DocumentForm(Input):
    title: str


class VersionForm(Input):
    note: str = ""


@router.post("/{case_id}/documents", response={201: DocumentOut}, url_name="document_create")
@decorate_view(capped_uploads)
def document_create(request: HttpRequest, case_id: int, form: Form[DocumentForm], file: File[UploadedFile]) -> Document:
    """Add a document to the case; its type is recognised from the content."""
    user = require_scope(request, DOCUMENTS_WRITE)
    with transaction.atomic():
        case = case_get(user=user, case_id=case_id, for_update=True)
        document = document_upload(actor=user, case=case, title=form.title, file=file, filename=file.name or "")
        return document_get(user=user, case=case, document_id=document.pk)


@router.get("/{case_id}/documents/{document_id}", response=DocumentOut, url_name="document_detail")
def document_detail(request: HttpRequest, case_id: int, document_id: int) -> Document:
    user = require_scope(request, DOCUMENTS_READ)
    return document_get(user=user, case=case_get(user=user, case_id=case_id), document_id=document_id)


@router.post("/{case_id}/documents/{document_id}/versions", response={201: VersionOut}, url_name="document_version_add")
@decorate_view(capped_uploads)
def version_create(
    request: HttpRequest, case_id: int, document_id: int, file: File[UploadedFile], form: Form[VersionForm]
) -> DocumentVersion:
    """Add a new version of the document; the earlier versions stay unchanged."""
    user = require_scope(request, DOCUMENTS_WRITE)
    with transaction.atomic():
        case = case_get(user=user, case_id=case_id, for_update=True)
        document = document_get(user=user, case=case, document_id=document_id)
        return document_version_add(actor=user, document=document, file=file, filename=file.name or "", note=form.note)


@router.post(
    "/{case_id}/documents/{document_id}/versions/{number}/sign",
    response={201: VersionOut},
    url_name="document_version_sign",
)
def version_sign(request: HttpRequest, case_id: int, document_id: int, number: int) -> DocumentVersion:
    """Sign the version with your certificate, time-stamped. A PDF gets a PAdES signature in a new
    version, which is answered (only the latest version of a PDF can be signed); any other file a
    detached signature beside the version, which is answered with it."""
    user = require_scope(request, DOCUMENTS_WRITE)
    with transaction.atomic():
        case = case_get(user=user, case_id=case_id, for_update=True)
        version = document_version_for_signing(user=user, case=case, document_id=document_id, number=number)
        signed = document_version_sign(actor=user, version=version)
        return document_version_for_signing(user=user, case=case, document_id=document_id, number=signed.number)


@router.get(
    "/{case_id}/documents/{document_id}/versions/{number}/content",
    response={200: None},
    url_name="document_version_content",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment, with the type recognised at upload",
                "content": {
                    file_type.content_type: {"schema": {"type": "string", "format": "binary"}}
                    for file_type in FILE_TYPES
                },
            }
        }
    },
)
def version_content(request: HttpRequest, case_id: int, document_id: int, number: int) -> FileResponse:
    """Download a version's file."""
    user = require_scope(request, DOCUMENTS_READ)
    case = case_get(user=user, case_id=case_id)
    version = document_version_download(user=user, case=case, document_id=document_id, number=number)
    return version_response(version)


@router.post("/{case_id}/documents/{document_id}/custody", response={201: CustodyOut}, url_name="document_custody")
def document_custody(request: HttpRequest, case_id: int, document_id: int, payload: CustodyIn) -> Status[CustodyEntry]:
    """Record a link of the document's chain of custody (those who file documents on the case)."""
    user = require_scope(request, DOCUMENTS_WRITE)
    with transaction.atomic():
        case = case_get(user=user, case_id=case_id, for_update=True)
        document = document_get(user=user, case=case, document_id=document_id)
        entry = custody_record(
            actor=user,
            document=document,
            action=payload.action,
            counterpart=payload.counterpart,
            medium=payload.medium,
            happened_at=payload.happened_at,
            note=payload.note,
        )
    return Status(201, entry)
