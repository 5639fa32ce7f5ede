"""Case numbers in the pack's formats, gapless and unique under concurrent registration.

Each kind of organization that numbers cases has its format in the pack (``holders.<kind>.numbering``):
a case gets a number when it is registered, and another each time an organization that numbers
cases receives it (the pre-trial number, then one per court instance).
"""

from __future__ import annotations

import string

from django.db.models import F

from adalat.jurisdictions.schema import CaseKind
from adalat.organizations.models import Organization

from .models import CaseNumberCounter


def _fields(number_format: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(number_format) if field}


def number_scope(number_format: str, *, org: Organization, kind: CaseKind, year: int) -> str:
    """The counter a number is drawn from: only the fields the format shows, besides ``seq``."""
    fields = _fields(number_format)
    parts = []
    if "org" in fields:
        parts.append(f"org={org.code}")
    if "kind" in fields:
        parts.append(f"kind={kind.number_code}")
    if "year" in fields:
        parts.append(f"year={year}")
    return "|".join(parts) or "all"


def number_allocate(number_format: str, *, org: Organization, kind: CaseKind, year: int) -> str:
    """The next number. Call inside the registering transaction: the counter row stays locked
    until it commits, and a rollback gives the number back, so there are no gaps."""
    scope = number_scope(number_format, org=org, kind=kind, year=year)
    CaseNumberCounter.objects.get_or_create(scope=scope)
    CaseNumberCounter.objects.filter(scope=scope).update(last=F("last") + 1)
    seq = CaseNumberCounter.objects.select_for_update().values_list("last", flat=True).get(scope=scope)
    return number_text(number_format, org=org, kind=kind, year=year, seq=seq)


def number_text(number_format: str, *, org: Organization, kind: CaseKind, year: int, seq: int) -> str:
    """The number ``seq`` of its scope written in the pack's format."""
    return number_format.format(org=org.code, kind=kind.number_code, year=year, seq=seq)
