"""Checks Django runs at start: the pack requires only preconditions that some module checks."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.checks import register as register_check

from adalat.jurisdictions.current import get_pack

from .preconditions import known_codes, precondition_of


def pack_preconditions_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for kind in get_pack().kinds.values():
        for i, transition in enumerate(kind.transitions):
            for j, code in enumerate(transition.requires):
                if precondition_of(code) is None:
                    errors.append(
                        Error(
                            f"kinds/{kind.code}.yaml: transitions[{i}].requires[{j}]: "
                            f"no module checks the precondition {code!r} (known: {', '.join(known_codes())})",
                            id="adalat.E003",
                        )
                    )
    return errors


def register() -> None:
    register_check(pack_preconditions_check)
