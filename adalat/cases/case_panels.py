"""The case file's own panels on the case page (for the people on the case, where it is and what
comes next; participants, links, hand-overs, deadlines, the timeline), registered like any module's,
and the entries it adds to the navigation."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.core import clock
from adalat.core.navigation import nav_entry
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack

from . import labels, selectors, work
from . import progress as progress_selectors
from .deadlines import state as deadline_state
from .diagram import BOX_HEIGHT, BOX_WIDTH, LINE_HEIGHT, case_on, layout
from .forms import LinkForm, ParticipantForm, ParticipantRemoveForm, role_choices
from .models import Case
from .outlook import case_outlook
from .panels import Panel, panel
from .timeline import timeline

WORKFLOW_OPEN = 8  # a workflow of more stages than this is folded until asked for


def _outlook(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    return {"outlook": case_outlook(user=request.user, case=case)}


def _on_the_case(user: Any, case: Case) -> bool:
    """The parties and their lawyers (the court and the prosecution read the deadlines instead)."""
    return bool(access.standing_roles(user, case) & {Role.PARTY, Role.LAWYER})


def _participants(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    can_manage = access.can(user, Action.CASE_PARTICIPANTS, case)
    participants = selectors.case_participants_shown(user=user, case=case, include_removed=True)
    remove_id, remove_form = bound.get("remove") or (None, None)
    acts = [
        (change.from_, {"action": change.action, "label": labels.role_change_name(case.kind, change.action)})
        for change in selectors.case_acts_available(user=user, case=case)
    ]
    current = [
        (
            p,
            remove_form if remove_id == p.pk else ParticipantRemoveForm(auto_id=f"id_remove_{p.pk}_%s"),
            [act for role, act in acts if role == p.role],
        )
        for p in participants
        if p.removed_at is None
    ]
    add_form = None
    if can_manage:
        roles = role_choices(get_pack().kinds.get(case.kind), request.LANGUAGE_CODE)
        add_form = bound.get("add") or ParticipantForm(prefix="add", roles=roles)
    return {
        "participants": current,
        "removed": [p for p in participants if p.removed_at is not None],
        "can_manage": can_manage,
        "acts": any(row_acts for _, _, row_acts in current),
        "add_form": add_form,
    }


def _links(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    can_link = access.can(request.user, Action.CASE_LINK, case) and bool(get_pack().header.link_kinds)
    form = None
    if can_link:
        form = bound.get("link") or LinkForm(language=request.LANGUAGE_CODE, prefix="link")
    return {"links": selectors.case_links(user=request.user, case=case), "link_form": form, "can_link": can_link}


def _handovers(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    return {"handovers": selectors.case_handovers(case=case)}


def _deadlines(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    now, zone = clock.now(), ZoneInfo(case.holder.time_zone)
    rows = sorted(selectors.case_deadlines(case=case), key=lambda d: (d.closed_at is not None, d.due_on, d.pk))
    return {"deadlines": [(d, deadline_state(d, now, zone)) for d in rows]}


def _timeline(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    events = selectors.case_events(user=request.user, case=case)
    return {"lines": timeline(user=request.user, events=events)}


def _workflow(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    pack = get_pack()
    kind = pack.kinds.get(case.kind)
    if kind is None:
        return {"workflow": None}
    drawn = layout(kind, language=request.LANGUAGE_CODE, instances=pack.header.instances)
    history = selectors.case_stages_reached(user=request.user, case=case)
    stages, lines = case_on(drawn, history=history, current=case.stage)
    current = next((s.node.name for s in stages if s.current), "")
    return {
        "workflow": drawn,
        "workflow_open": len(drawn.nodes) <= WORKFLOW_OPEN,
        "stages": stages,
        "history": lines,
        "current_name": current,
        "box_width": BOX_WIDTH,
        "box_height": BOX_HEIGHT,
        "line_height": LINE_HEIGHT,
    }


def _official(user: Any, case: Case) -> bool:
    return "official" in access.case_audiences(user, case)


def _has_handovers(user: Any, case: Case) -> bool:
    return case.handovers.exists()


def register() -> None:
    base = "/api/v1/cases/{id}"

    def api(path: str) -> Any:
        return lambda case: base.format(id=case.pk) + path

    for item in (
        Panel("outlook", _("Where the case is and what comes next"), 5, "cases/panels/outlook.html", _outlook,
              shown=_on_the_case),
        Panel("participants", _("Parties and participants"), 10, "cases/panels/participants.html", _participants,
              api=api("/participants")),
        Panel("links", _("Linked cases"), 20, "cases/panels/links.html", _links, api=api("/links")),
        Panel("handovers", _("Sent and received"), 30, "cases/panels/handovers.html", _handovers,
              shown=_has_handovers, api=api("/handovers")),
        Panel("workflow", _("Workflow"), 35, "cases/panels/workflow.html", _workflow, api=api("/workflow")),
        Panel("deadlines", _("Deadlines"), 40, "cases/panels/deadlines.html", _deadlines, shown=_official,
              api=api("/deadlines")),
        Panel("timeline", _("Timeline"), 90, "cases/panels/timeline.html", _timeline, api=api("/events")),
    ):  # fmt: skip
        panel(item)

    nav_entry("my_work", label=_("My work"), url_name="cases:my-work", order=10, shown=lambda user: True)
    nav_entry("cases", label=_("Cases"), url_name="cases:list", order=20, shown=lambda user: True)
    nav_entry(
        "register", label=_("Register a case"), url_name="cases:register", order=30,
        shown=lambda user: bool(work.registries(user=user)),
    )  # fmt: skip
    nav_entry(
        "inbox", label=_("Incoming"), url_name="cases:inbox", order=40,
        shown=lambda user: bool(access.holding_ids(user, "receives")),
    )  # fmt: skip
    nav_entry(
        "progress", label=_("Progress"), url_name="cases:progress", order=50,
        shown=lambda user: bool(progress_selectors.progress_courts(user=user)),
    )  # fmt: skip
