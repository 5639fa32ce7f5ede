"""Loading documents in bulk with the cases of a ``CaseBulkWriter`` (the demo data, a migration).

Like the cases' loader this is a data load, not someone's activity: it writes what
``services.document_upload`` would have written — the content once under its SHA-256, a
``Document`` filed at the case's stage, its first ``DocumentVersion``, and the ``document_added``
event with the payload the service records — in the cases' batches, without an audit entry per
row. The contents are few and stored at once; the rows follow the cases' batches.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

from django.core.files import File

from adalat.cases.bulk import CaseBulkWriter

from .blobs import blob_for
from .content import FileType, filename_clean, inspect
from .models import Document, DocumentVersion

DOCUMENT_COLUMNS = ("id", "case_id", "title", "stage", "created_at", "created_by_id", "latest_version")
VERSION_COLUMNS = ("id", "document_id", "number", "blob_id", "filename", "note", "uploaded_at", "uploaded_by_id")


@dataclass(frozen=True, slots=True)
class Content:
    """A stored content, ready to be filed as many times as wanted."""

    sha256: str
    size: int
    file_type: FileType
    # The ``document_added`` payload after the document's id, as the service's JSON has it.
    payload_tail: str

    def filename(self, name: str) -> str:
        """``name`` as an upload of this content would keep it (``filename_clean``)."""
        return filename_clean(name, self.file_type)


class DocumentBulkWriter:
    """Files documents on the cases a ``CaseBulkWriter`` loads; create it before the load starts::

    cases = CaseBulkWriter(now=...)
    documents = DocumentBulkWriter(cases=cases)
    with transaction.atomic(), cases:
        content = documents.content_add(data=pdf_bytes, filename="order.pdf")
        cases.case_add(plan)
        documents.document_add(case_id=plan.case_id, stage="hearing", title="Order", ...)
    """

    def __init__(self, *, cases: CaseBulkWriter) -> None:
        self.cases = cases
        cases.table_add(Document, DOCUMENT_COLUMNS)
        cases.table_add(DocumentVersion, VERSION_COLUMNS)
        cases.counts["documents"] = 0

    def content_add(self, *, data: bytes) -> Content:
        """Store ``data`` (checked as an upload is: only the accepted types) once; the ``Blob`` row
        is written now, so that documents may refer to it."""
        file = File(io.BytesIO(data))
        inspected = inspect(file)
        blob = blob_for(file=file, inspected=inspected)
        tail = json.dumps({"sha256": blob.sha256, "size": blob.size, "content_type": blob.content_type})
        return Content(blob.sha256, blob.size, inspected.file_type, ', "version": 1, ' + tail[1:])

    def document_add(
        self,
        *,
        case_id: int,
        stage: str,
        title: str,
        filename: str,
        content: Content,
        at: dt.datetime,
        actor_id: int,
    ) -> int:
        """A document of the case with ``content`` as its first version, filed at ``stage`` at
        ``at`` by ``actor_id``; ``filename`` as ``content.filename`` gives it. Returns its id."""
        cases = self.cases
        document_id = cases.new_id(Document)
        moment = cases.moment(at)
        cases.row_add(Document, (document_id, case_id, title, stage, moment, actor_id, 1))
        cases.row_add(
            DocumentVersion,
            (cases.new_id(DocumentVersion), document_id, 1, content.sha256, filename, "", moment, actor_id),
        )
        data = f'{{"document": {document_id}{content.payload_tail}'
        cases.event_add(case_id=case_id, at=at, actor_id=actor_id, code="document_added", data=data)
        cases.counts["documents"] += 1
        return document_id
