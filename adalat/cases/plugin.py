"""How the case file plugs into the kernel's seams, like any module: its access rules, its event
types, the preconditions it can check, its panels on the case page and its navigation entries.
Called once, when Django starts (``apps.CasesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from adalat.jurisdictions.current import get_pack

from . import case_panels, checks, event_types, rules
from .labels import role_name
from .preconditions import precondition, precondition_family

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
    precondition_family(
        "participant",
        check=lambda case, role: case.participants.filter(role=role, removed_at__isnull=True).exists(),
        message=lambda role: _("There is no %(role)s on the case yet.") % {"role": role_name(role)},
        valid=lambda role: any(r.code == role for r in get_pack().header.participant_roles),
        owner=OWNER,
    )
    case_panels.register()
    checks.register()
