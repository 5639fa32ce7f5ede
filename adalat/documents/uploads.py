"""Keeping uploads within ``DOCUMENT_MAX_BYTES`` while the request is read.

Django writes uploaded files to memory or to a temporary file before any view runs. The
handler installed here goes first: it refuses a request whose announced length cannot hold
an acceptable document, and passes on at most one byte more than the limit of each file, so
that a huge upload fills neither memory nor the temporary folder. The byte too many is what
``content.inspect`` then refuses with ``FileTooLarge``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from .content import FileTooLarge

# Room for the form's other fields (title, note) and the multipart boundaries and headers.
FORM_ALLOWANCE = 64 * 1024


class CappedUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 -- the name Django passes it by
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > settings.DOCUMENT_MAX_BYTES + FORM_ALLOWANCE:
            raise FileTooLarge()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.passed = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = settings.DOCUMENT_MAX_BYTES + 1 - self.passed
        if room <= 0:
            return None
        self.passed += min(room, len(raw_data))
        return raw_data[:room]

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one hold the file


def uploads_capped(request: HttpRequest) -> None:
    """Install the handler; call before anything reads ``request.POST`` or ``request.FILES``."""
    request.upload_handlers = [CappedUploadHandler(request), *request.upload_handlers]


def capped_uploads(run: Callable[..., Any]) -> Callable[..., Any]:
    """A view decorator (for ninja's ``decorate_view`` too) that installs the handler first."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        uploads_capped(request)
        return run(request, *args, **kwargs)

    return wrapper
