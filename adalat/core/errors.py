"""Domain errors raised by services and selectors; the API and the UI turn them into 4xx answers."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A request that cannot be carried out; nothing was changed.

    ``code`` is a stable machine-readable identifier, ``message`` is for people and
    ``fields`` maps a field name to what is wrong with it.
    """

    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields: dict[str, str] = dict(fields or {})


class ValidationFailed(ApplicationError):
    """Input that does not pass validation; ``fields`` says which field and why."""

    status = 422

    def __init__(self, fields: Mapping[str, str], message: str = "") -> None:
        super().__init__(message or "; ".join(f"{k}: {v}" for k, v in fields.items()), code="validation", fields=fields)


class NotFound(ApplicationError):
    """The object does not exist, or the user may not know that it exists."""

    status = 404

    def __init__(self, message: str = "", *, code: str = "not_found") -> None:
        super().__init__(message or _("Not found."), code=code)


class PermissionDenied(ApplicationError):
    """The user may see the object but not do this to it."""

    status = 403

    def __init__(self, message: str = "", *, code: str = "forbidden") -> None:
        super().__init__(message or _("You may not do this."), code=code)


class Conflict(ApplicationError):
    """The request collides with the current state (for example, a stale transition)."""

    status = 409

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)
