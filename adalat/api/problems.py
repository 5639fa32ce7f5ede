"""Errors as RFC 9457 problem details (``application/problem+json``), the same shape for every
error the API returns: ``type``, ``title``, ``status``, ``detail`` and, for bad input, ``errors``
listing each field and what is wrong with it."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from adalat.core import canonical_json
from adalat.core.api_input import SURROGATE
from adalat.core.errors import ApplicationError

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/problem+json"
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


LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}
PARAMETERS = {"payload", "data"}  # how endpoints name their one body parameter


def _field(loc: list[Any]) -> str:
    """A ninja error location as the field name services use: ``participants[0].party.name``."""
    parts = list(loc)
    if parts and parts[0] in LOCATIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in PARAMETERS:
        parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "(request)"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        errors = [{"field": k, "message": str(v)} for k, v in exc.fields.items()]
        return problem(request, exc.status, exc.code, str(exc.message), errors)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field(list(e.get("loc", []))), "message": str(e.get("msg", "invalid"))} for e in exc.errors
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(request, 422, "validation", detail, errors)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(request, 401, "unauthenticated", _("Log in, or send a valid bearer token."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, "http", str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(request, 404, "not_found", _("Not found."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return problem(request, 413, "too_large", _("The request body is larger than this server accepts."))

    @api.exception_handler(SuspiciousOperation)
    def malformed(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return problem(
            request, 400, "malformed", _("The request could not be read (too many fields or files, or a broken body).")
        )

    @api.exception_handler(MultiPartParserError)
    def broken_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return problem(request, 400, "malformed", _("The multipart body could not be read."))

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # Schemas bound every number they take; this answers for one that slipped through.
        return problem(request, 422, "out_of_range", _("A number in the request is out of range."))

    @api.exception_handler(DataError)
    def unstorable(request: HttpRequest, exc: DataError) -> HttpResponse:
        # Schemas check what they take; this answers for a value the database still refuses.
        return problem(request, 422, "unstorable", _("A value in the request cannot be stored."))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unexpected error in %s %s", request.method, request.path)
        return problem(request, 500, "internal", _("Something went wrong on our side; it has been logged."))
