"""What every API input schema shares: text without NUL or other control characters (a
database refuses NUL, and no name, note or search needs the others) and without lone UTF-16
surrogates (JSON may spell them, ``"\\ud800"``, but they are no characters: no database, page
or file can hold them), checked in every string field and dictionary key, however deeply
nested, before any service sees it."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import field_validator

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What is wrong with ``value`` as text, or None when nothing is."""
    if SURROGATE.search(value):
        return _("Text may not contain invalid characters (lone UTF-16 surrogates).")
    if CONTROL.search(value):
        return _("Text may not contain control characters.")
    return None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValueError(problem)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _clean(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _clean(key)
            _clean(item)
    return value


class Input(Schema):
    """The base of every schema the API reads from a request."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return _clean(value)
