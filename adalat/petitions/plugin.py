"""How motions and complaints plug into the kernel: who files and answers them (the pack decides),
the events they record, their panel on the case page, the act of the answer and the list of those
waiting in the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.cases.events import Audience, Reading, event_type
from adalat.cases.models import Case
from adalat.cases.panels import Panel, panel
from adalat.core.navigation import nav_entry
from adalat.documents.acts import act_kind
from adalat.jurisdictions.current import get_pack

from . import services
from .forms import AnswerForm, PetitionForm
from .models import Petition
from .rules import (
    OWNER,
    PETITION_ANSWER,
    PETITION_FILE,
    PetitionPayload,
    answer_rule,
    answers,
    file_rule,
    petition_kind,
)
from .selectors import case_petitions


def kind_name(code: str) -> str:
    kind = petition_kind(code)
    return kind.label(get_language() or get_pack().languages[0]) if kind else code


def _filed(r: Reading) -> str:
    return _("%(actor)s filed: %(kind)s, to be answered by %(due)s.") % {
        "actor": r.actor,
        "kind": kind_name(r.payload.kind),
        "due": r.payload.due_on,
    }


def _answered(r: Reading) -> str:
    outcome = dict(Petition.Outcome.choices).get(r.payload.outcome, r.payload.outcome)
    return _("%(actor)s answered: %(kind)s %(outcome)s.") % {
        "actor": r.actor,
        "kind": kind_name(r.payload.kind),
        "outcome": outcome,
    }


def _shown(user: Any, case: Case) -> bool:
    if not get_pack().header.petitions:
        return False
    return case.petitions.exists() or access.can(user, PETITION_FILE, case)


def panel_context(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    answer_id, answer_form = bound.get("answer") or (None, None)
    rows = []
    for petition in case_petitions(case=case):
        kind = petition_kind(petition.kind)
        may_answer = petition.answered_at is None and kind is not None and answers(user, case, kind)
        form = (
            (answer_form if answer_id == petition.pk else AnswerForm(auto_id=f"id_answer_{petition.pk}_%s"))
            if may_answer
            else None
        )
        rows.append({"petition": petition, "kind": kind_name(petition.kind), "form": form})
    return {
        "petition_rows": rows,
        "petition_form": (bound.get("petition") or PetitionForm()) if access.can(user, PETITION_FILE, case) else None,
    }


def _files_or_answers(user: Any) -> bool:
    pack = get_pack()
    if not pack.header.petitions:
        return False
    roles = access.roles(user)
    return bool(roles & (pack.permitted(PETITION_FILE) | pack.permitted(PETITION_ANSWER)))


def register() -> None:
    for permission, rule in ((PETITION_FILE, file_rule), (PETITION_ANSWER, answer_rule)):
        access.pack_permission(permission, owner=OWNER)
        access.rule(permission, owner=OWNER)(rule)
    for code, sentence in (("petition_filed", _filed), ("petition_answered", _answered)):
        event_type(code, payload=PetitionPayload, audience=Audience.CASE, sentence=sentence, owner=OWNER)
    act_kind(services.ANSWER_ACT, fields=services.ANSWER_FIELDS, owner=OWNER)
    panel(
        Panel(
            "petitions",
            gettext_lazy("Motions and complaints"),
            38,
            "petitions/panel.html",
            panel_context,
            shown=_shown,
            api=lambda case: f"/api/v1/cases/{case.pk}/petitions",
        )
    )
    nav_entry(
        "petitions",
        label=gettext_lazy("Motions and complaints"),
        url_name="petitions:waiting",
        order=44,
        shown=_files_or_answers,
    )
