"""How the case file plugs into the kernel's seams, like any module: its access rules, its event
types, the preconditions it can check, its panels on the case page and its navigation entries.
Called once, when Django starts (``apps.CasesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import case_panels, checks, event_types, rules
from .preconditions import precondition

OWNER = "cases"


def register() -> None:
    rules.register()
    event_types.register()
    precondition(
        "judge_assigned",
        check=lambda case: case.judge_id is not None,
        message=_("A judge must be assigned first."),
        owner=OWNER,
    )
    case_panels.register()
    checks.register()
