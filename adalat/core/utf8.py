"""Requests are read as UTF-8, whatever character set they declare.

Adalat's pages and its API speak only UTF-8. Django decodes query strings and form bodies
with the ``charset`` a request's Content-Type names, and Python offers decoders that make text
no page or database can hold (``unicode_escape``, ``utf-7`` spell lone surrogates) or fail
outright (``hex``, ``idna``), the first of them while Django is still building the request,
before any middleware could step in. So the WSGI application is wrapped: the Content-Type it
passes on keeps its media type and, for multipart bodies, the boundary, and nothing else.
Bytes that are not UTF-8 then arrive as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BOUNDARY = re.compile(r';\s*boundary\s*=\s*("[^"]*"|[^;\s]*)', re.IGNORECASE)


def content_type_plain(content_type: str) -> str:
    """``content_type`` with its parameters dropped but the multipart boundary."""
    if ";" not in content_type:
        return content_type
    media_type = content_type.split(";", 1)[0].strip()
    boundary = BOUNDARY.search(content_type)
    return f"{media_type}; boundary={boundary.group(1)}" if boundary else media_type


def utf8_requests(app: WSGIApplication) -> WSGIApplication:
    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if "CONTENT_TYPE" in environ:
            environ["CONTENT_TYPE"] = content_type_plain(str(environ["CONTENT_TYPE"]))
        return app(environ, start_response)

    return wrapped
