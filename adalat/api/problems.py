"""The API's exception handlers: every error becomes RFC 9457 problem details
(``adalat.core.problems``), bad input with each field named."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from adalat.core.errors import ApplicationError
from adalat.core.problems import CONTENT_TYPE, TITLES, problem

logger = logging.getLogger(__name__)

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


# The errors every operation may answer, and those only requests that send something may.
EVERY_ERROR = (400, 401, 403, 404, 422, 429)
WRITE_ERRORS = (409, 413, 415)
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` names each field that is wrong, for bad input.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "urn:adalat:problem:<code>, a stable code"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "the path of the request"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}


def _with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (the OpenAPI document) with the problem answers of each operation described."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    answer = {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            statuses = EVERY_ERROR + (WRITE_ERRORS if method in ("post", "put", "patch", "delete") else ())
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(str(status), {"description": str(TITLES[status]), "content": answer})
    return schema


def install(api: NinjaAPI) -> None:
    build = api.get_openapi_schema

    def get_openapi_schema(*, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return _with_problems(build(path_prefix=path_prefix, path_params=path_params))

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]

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
