"""What every API input schema shares: text without NUL or other control characters (a
database refuses NUL, and no name, note or search needs the others), checked in every string
field, however deeply nested, before any service sees it."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import field_validator

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        if CONTROL.search(value):
            raise ValueError(_("Text may not contain control characters."))
    elif isinstance(value, list | tuple):
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
