"""The entries of the main navigation, which modules register with the page they lead to and who
sees them; the pages' header shows those the person may use, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    code: str
    label: str | Promise  # translated lazily, in the reader's language
    url_name: str
    order: int
    shown: Callable[[Any], bool]  # given the logged-in user


_entries: dict[str, NavEntry] = {}


def nav_entry(code: str, *, label: str | Promise, url_name: str, order: int, shown: Callable[[Any], bool]) -> None:
    _entries[code] = NavEntry(code=code, label=label, url_name=url_name, order=order, shown=shown)


def nav_for(user: Any) -> list[dict[str, str]]:
    """The entries ``user`` sees: code, label and address."""
    entries = sorted(_entries.values(), key=lambda e: (e.order, e.code))
    return [{"code": e.code, "label": str(e.label), "url": reverse(e.url_name)} for e in entries if e.shown(user)]
