"""File content in the ``documents`` storage, named by its SHA-256: ``ab/cd/<sha256>``.

Content is written once and never overwritten. The name is made only of the digest's hex
digits, so nothing a client sends can steer where a file goes. A ``Blob`` row says the
content is stored whole; a file without its row (an upload whose transaction rolled back)
is checked against its name before it is trusted.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages

from adalat.core import clock

from .content import Inspected
from .models import Blob

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
STORAGE_ALIAS = "documents"


def document_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def blob_path(sha256: str) -> str:
    if not SHA256_RE.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _stored_digest(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def _store(file: File[Any], sha256: str) -> None:
    storage = document_storage()
    name = blob_path(sha256)
    if storage.exists(name):
        if _stored_digest(storage, name) == sha256:
            return
        storage.delete(name)  # the remains of an interrupted write: not this content
    file.seek(0)
    saved = storage.save(name, file)
    if saved != name:  # the same content was stored meanwhile by another upload
        storage.delete(saved)


def blob_for(*, file: File[Any], inspected: Inspected) -> Blob:
    """The ``Blob`` of this content, storing the file first if the content is new."""
    blob = Blob.objects.filter(sha256=inspected.sha256).first()
    if blob is not None:
        return blob
    _store(file, inspected.sha256)
    blob, _created = Blob.objects.get_or_create(
        sha256=inspected.sha256,
        defaults={"size": inspected.size, "content_type": inspected.file_type.content_type, "created_at": clock.now()},
    )
    return blob


def blob_open(blob: Blob) -> File[Any]:
    """The stored content, opened for reading."""
    return document_storage().open(blob_path(blob.sha256), "rb")
