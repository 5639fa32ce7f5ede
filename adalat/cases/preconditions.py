"""Named checks a transition of the pack can require (``requires: [judge_assigned]``).

Modules register the checks they can answer (``indictment_approved``, ``parties_served``...); the
pack names them, and a system check refuses a pack that names one nobody registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise


@dataclass(frozen=True)
class Precondition:
    code: str
    check: Callable[[Any], bool]  # given the case (or, in a bulk load, what stands for it)
    message: str | Promise  # why the step cannot be taken yet, translated lazily
    owner: str


_preconditions: dict[str, Precondition] = {}


def precondition(code: str, *, check: Callable[[Any], bool], message: str | Promise, owner: str) -> None:
    known = _preconditions.get(code)
    if known is not None and known.owner != owner:
        raise ImproperlyConfigured(f"{owner} registers the precondition {code!r}, which {known.owner} already has")
    _preconditions[code] = Precondition(code=code, check=check, message=message, owner=owner)


def preconditions() -> dict[str, Precondition]:
    return dict(_preconditions)


def first_unmet(case: Any, codes: list[str]) -> Precondition | None:
    """The first of ``codes`` that ``case`` does not meet, or None."""
    for code in codes:
        check = _preconditions.get(code)
        if check is None:
            raise ImproperlyConfigured(f"the pack requires {code!r}, which no module checks")
        if not check.check(case):
            return check
    return None
