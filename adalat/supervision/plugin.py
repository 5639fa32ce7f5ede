"""How supervision plugs into the kernel: who gives and answers instructions (the pack decides),
the events it records on a case, its panel on the case page and its entry in the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adalat.accounts import access
from adalat.cases.events import Audience, Reading, event_type
from adalat.cases.models import Case
from adalat.cases.panels import Panel, panel
from adalat.core.errors import NotFound
from adalat.core.navigation import nav_entry
from adalat.jurisdictions.current import get_pack

from .forms import AnswerForm, InstructionForm
from .rules import INSTRUCTION_ANSWER, INSTRUCTION_GIVE, OWNER, InstructionPayload, answer_rule, give_rule
from .selectors import case_instructions


def _given(reading: Reading) -> str:
    return _("%(actor)s gave an instruction, to be answered by %(due)s.") % {
        "actor": reading.actor,
        "due": reading.payload.due_on,
    }


def _answered(reading: Reading) -> str:
    return _("%(actor)s answered an instruction.") % {"actor": reading.actor}


def _shown(user: Any, case: Case) -> bool:
    """The court and the prosecution, as the instructions' events."""
    return "official" in access.case_audiences(user, case)


def _panel_shown(user: Any, case: Case) -> bool:
    """To them, on a case that has instructions or may be given one by this user."""
    return _shown(user, case) and (case.instructions.exists() or access.can(user, INSTRUCTION_GIVE, case))


def shown_to(user: Any, case: Case) -> None:
    """Refuse, as not found, someone on the case who does not see its instructions (a party)."""
    if not _shown(user, case):
        raise NotFound(_("No such case."))


def panel_context(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    may_answer = access.can(user, INSTRUCTION_ANSWER, case)
    answer_id, answer_form = bound.get("answer") or (None, None)
    return {
        "instructions": [
            (i, answer_form if answer_id == i.pk else AnswerForm(auto_id=f"id_answer_{i.pk}_%s"))
            for i in case_instructions(case=case)
        ],
        "may_answer": may_answer,
        "instruction_form": (bound.get("instruction") or InstructionForm())
        if access.can(user, INSTRUCTION_GIVE, case)
        else None,
    }


def register() -> None:
    for permission, rule in ((INSTRUCTION_GIVE, give_rule), (INSTRUCTION_ANSWER, answer_rule)):
        access.pack_permission(permission, owner=OWNER)
        access.rule(permission, owner=OWNER)(rule)
    for code, sentence in (("instruction_given", _given), ("instruction_answered", _answered)):
        event_type(code, payload=InstructionPayload, audience=Audience.OFFICIAL, sentence=sentence, owner=OWNER)
    panel(
        Panel(
            "instructions",
            gettext_lazy("Instructions"),
            37,
            "supervision/panel.html",
            panel_context,
            shown=_panel_shown,
            api=lambda case: f"/api/v1/cases/{case.pk}/instructions",
        )
    )
    nav_entry(
        "instructions",
        label=gettext_lazy("Instructions"),
        url_name="supervision:waiting",
        order=45,
        shown=_gives_or_answers,
    )


def _gives_or_answers(user: Any) -> bool:
    """Someone in a role the pack lets give or answer instructions."""
    pack = get_pack()
    return bool(access.roles(user) & (pack.permitted(INSTRUCTION_GIVE) | pack.permitted(INSTRUCTION_ANSWER)))
