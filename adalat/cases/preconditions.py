"""Named checks a transition of the pack can require (``requires: [judge_assigned]``).

Modules register the checks they can answer (``indictment_approved``, ``parties_served``...), and
families of checks that take what follows a colon (``participant:accused``); the pack names them,
and a system check refuses a pack that names one nobody registered.
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


@dataclass(frozen=True)
class Family:
    prefix: str
    check: Callable[[Any, str], bool]  # given the case and what follows the colon
    message: Callable[[str], str | Promise]
    owner: str
    valid: Callable[[str], bool]  # whether what follows the colon means anything


_preconditions: dict[str, Precondition] = {}
_families: dict[str, Family] = {}


def precondition(code: str, *, check: Callable[[Any], bool], message: str | Promise, owner: str) -> None:
    known = _preconditions.get(code)
    if known is not None and known.owner != owner:
        raise ImproperlyConfigured(f"{owner} registers the precondition {code!r}, which {known.owner} already has")
    _preconditions[code] = Precondition(code=code, check=check, message=message, owner=owner)


def precondition_family(
    prefix: str,
    *,
    check: Callable[[Any, str], bool],
    message: Callable[[str], str | Promise],
    valid: Callable[[str], bool],
    owner: str,
) -> None:
    known = _families.get(prefix)
    if known is not None and known.owner != owner:
        raise ImproperlyConfigured(f"{owner} registers the preconditions {prefix}:..., which {known.owner} already has")
    _families[prefix] = Family(prefix=prefix, check=check, message=message, owner=owner, valid=valid)


def preconditions() -> dict[str, Precondition]:
    return dict(_preconditions)


def precondition_of(code: str) -> Precondition | None:
    """The check named ``code``: registered as such, or one of a family (``participant:accused``)."""
    found = _preconditions.get(code)
    if found is not None:
        return found
    prefix, colon, argument = code.partition(":")
    family = _families.get(prefix) if colon else None
    if family is None or not family.valid(argument):
        return None
    return Precondition(
        code=code,
        check=lambda case: family.check(case, argument),
        message=family.message(argument),
        owner=family.owner,
    )


def known_codes() -> list[str]:
    """What a pack may name: the checks, and each family as ``prefix:...``."""
    return sorted([*_preconditions, *(f"{prefix}:..." for prefix in _families)])


def first_unmet(case: Any, codes: list[str]) -> Precondition | None:
    """The first of ``codes`` that ``case`` does not meet, or None."""
    for code in codes:
        check = precondition_of(code)
        if check is None:
            raise ImproperlyConfigured(f"the pack requires {code!r}, which no module checks")
        if not check.check(case):
            return check
    return None
