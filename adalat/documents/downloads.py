"""The HTTP answer carrying a document version, for the pages and the API alike: always an
attachment, with the type recognised at upload, never to be sniffed or run by the browser."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.http import FileResponse

from .blobs import blob_open
from .models import Blob, DocumentVersion


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the exact name as RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(ch if ch.isalnum() or ch in " .-_()" else "_" for ch in ascii_name).strip() or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def version_response(version: DocumentVersion) -> FileResponse:
    return blob_response(version.blob, version.filename)


def blob_response(blob: Blob, filename: str) -> FileResponse:
    """A stored file as an attachment named ``filename`` (a version's, a claim's attachment)."""
    response = FileResponse(blob_open(blob), content_type=blob.content_type)
    response.headers["Content-Length"] = str(blob.size)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = f'"{blob.sha256}"'
    return response
