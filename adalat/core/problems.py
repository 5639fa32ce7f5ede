"""Errors as RFC 9457 problem details (``application/problem+json``), the same shape for every
error the API returns: ``type``, ``title``, ``status``, ``detail``, ``instance`` and, for bad
input, ``errors`` listing each field and what is wrong with it. The API's exception handlers
(``adalat.api.problems``) and the edge of the site (``adalat.core.middleware``: an unknown
path, a method not allowed, a CSRF failure under /api/) write them here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import canonical_json
from .api_input import SURROGATE

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
REPLACEMENT = "\ufffd"
TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Content too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid input"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal error"),
}


def _printable(value: Any) -> Any:
    """``value`` with every text in it safe to send: a problem echoes what the caller sent (a name
    of a field, an unknown value), and a lone surrogate in it cannot be encoded as UTF-8. Anything
    but text, whole numbers, booleans and null is sent as its text."""
    if isinstance(value, str):
        return SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {_printable(str(k)): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    if value is None or isinstance(value, bool | int):
        return value
    return _printable(str(value))


def problem(
    request: HttpRequest, status: int, code: str, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"urn:adalat:problem:{code}",
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    # Only text, whole numbers, booleans and null remain: nothing the encoder can fail on.
    content = canonical_json.dumps(_printable(body)).encode()
    response = HttpResponse(content, status=status, content_type=CONTENT_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="adalat"'
    return response


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)
