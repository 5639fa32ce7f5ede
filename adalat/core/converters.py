"""The path converter for ids in page URLs: ``<id:case_id>`` matches a whole number from 1 to
2^63 - 1, what the database's 64-bit keys hold. Anything else (0, a number too large, a sign)
matches no URL, so it is the not-found page instead of an error in the database driver."""

from __future__ import annotations

from .numbers import MAX_INT


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_INT:
            raise ValueError(value)  # Django takes it as "this URL does not match"
        return number

    def to_url(self, value: int) -> str:
        number = int(value)
        if not 1 <= number <= MAX_INT:
            raise ValueError(value)
        return str(number)
