"""How measures of restraint plug into the kernel: who applies, moves for, decides and ends them
(the pack decides), the events they record, their panel on the case page, the banner of a custody
past its end on every screen of the case, and the list of custody terms in the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.cases.event_types import party_name
from adalat.cases.events import Audience, Reading, event_type
from adalat.cases.models import Case, Participant
from adalat.cases.panels import Banner, Panel, banner, panel
from adalat.core import clock
from adalat.core.navigation import nav_entry
from adalat.core.roles import Role
from adalat.documents.acts import act_kind
from adalat.jurisdictions.current import get_pack

from . import selectors, services
from .forms import DecisionForm, EndForm, ExtendForm, MeasureForm
from .models import Measure
from .rules import (
    MEASURE_APPLY,
    MEASURE_DECIDE,
    MEASURE_END,
    MEASURE_MOVE,
    OWNER,
    MeasurePayload,
    MotionPayload,
    apply_rule,
    decide_rule,
    end_rule,
    is_motion,
    move_rule,
)


def _person(reading: Reading, participant_id: int) -> str:
    """A person's name, from the main case's participants (a motion's events name them too)."""
    participants: dict[int, Participant] = reading.cached(
        "restraint persons",
        lambda: Participant.objects.select_related("party").in_bulk(
            {e.data.get("participant") for e in reading.batch if isinstance((e.data or {}).get("participant"), int)}
            | {participant_id}
        ),
    )
    found = participants.get(participant_id)
    return found.party.name if found is not None else party_name(reading, participant_id)


def _until(reading: Reading) -> str:
    ends = reading.payload.ends_at
    return ends[:16].replace("T", " ") + " UTC" if ends else _("until lifted")


def _applied(r: Reading) -> str:
    return _("%(actor)s applied %(measure)s to %(name)s (%(until)s).") % {
        "actor": r.actor,
        "measure": selectors.measure_name(r.payload.kind),
        "name": _person(r, r.payload.participant),
        "until": _until(r),
    }


def _extended(r: Reading) -> str:
    return _("%(actor)s extended %(measure)s of %(name)s to %(until)s.") % {
        "actor": r.actor,
        "measure": selectors.measure_name(r.payload.kind),
        "name": _person(r, r.payload.participant),
        "until": _until(r),
    }


def _ended(r: Reading) -> str:
    how = {
        Measure.End.LIFTED: _("lifted"),
        Measure.End.RELEASED: _("the person was released at the end of its term"),
        Measure.End.REPLACED: _("replaced by another measure"),
    }.get(r.payload.end, r.payload.end)
    return _("%(actor)s ended %(measure)s of %(name)s: %(how)s.") % {
        "actor": r.actor,
        "measure": selectors.measure_name(r.payload.kind),
        "name": _person(r, r.payload.participant),
        "how": how,
    }


def _filed(r: Reading) -> str:
    sentence = (
        _("%(actor)s moved the court to extend %(measure)s of %(name)s.")
        if r.payload.measure
        else _("%(actor)s moved the court to order %(measure)s for %(name)s.")
    )
    return sentence % {
        "actor": r.actor,
        "measure": selectors.measure_name(r.payload.kind),
        "name": _person(r, r.payload.participant),
    }


def _decided(r: Reading) -> str:
    sentence = (
        _("%(actor)s granted the motion on %(measure)s of %(name)s.")
        if r.payload.granted
        else _("%(actor)s refused the motion on %(measure)s of %(name)s.")
    )
    return sentence % {
        "actor": r.actor,
        "measure": selectors.measure_name(r.payload.kind),
        "name": _person(r, r.payload.participant),
    }


def _language() -> str:
    return get_language() or get_pack().languages[0]


def measure_persons(case: Case) -> list[Participant]:
    roles = {role for kind in get_pack().header.measures.kinds for role in kind.persons}
    return list(
        case.participants.filter(removed_at__isnull=True, role__in=sorted(roles)).select_related("party").order_by("pk")
    )


def _shown(user: Any, case: Case) -> bool:
    """On a case with measures or a motion, or where this user may apply or move for one."""
    if is_motion(case):
        return True
    if case.measures.exists():
        return True
    return bool(get_pack().header.measures.kinds) and (
        access.can(user, MEASURE_APPLY, case) or access.can(user, MEASURE_MOVE, case)
    )


def panel_context(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    if is_motion(case):
        motion = selectors.motion_of(case=case)
        if motion is None:
            return {}
        decide = motion.decided_at is None and access.can(user, MEASURE_DECIDE, case)
        return {
            "motion": motion,
            "held_until": selectors.held_until(motion=motion),
            "now": clock.now(),
            "motion_measure": selectors.measure_name(motion.kind),
            "decision_form": (bound.get("decision") or DecisionForm(initial={"term": motion.term})) if decide else None,
        }
    kinds = get_pack().header.measures.kinds
    language = _language()
    persons = measure_persons(case)
    may_apply = access.can(user, MEASURE_APPLY, case)
    may_move = access.can(user, MEASURE_MOVE, case)
    may_end = access.can(user, MEASURE_END, case)
    at_court = case.holder.is_court
    applicable = [k for k in kinds if may_apply and (at_court or not k.court)]
    movable = [k for k in kinds if may_move and k.court]
    rows = []
    bound_id, bound_extend = bound.get("extend") or (None, None)
    end_id, bound_end = bound.get("end") or (None, None)
    for standing in selectors.case_measures(case=case):
        measure, kind = standing.measure, standing.kind
        running = measure.is_running and kind is not None
        by_court = kind is not None and kind.court
        extendable = (
            running
            and kind is not None
            and kind.extension is not None
            and standing.state != "past_end"
            and ((may_apply and (at_court or not by_court)) or (may_move and by_court))
        )
        rows.append(
            {
                "standing": standing,
                "extend": (
                    (bound_extend if bound_id == measure.pk else ExtendForm(auto_id=f"id_extend_{measure.pk}_%s"))
                    if extendable
                    else None
                ),
                "extend_by_motion": by_court and not at_court,
                "end": (bound_end if end_id == measure.pk else EndForm(auto_id=f"id_end_{measure.pk}_%s"))
                if running and may_end
                else None,
            }
        )
    context: dict[str, Any] = {"measure_rows": rows, "motions": list(selectors.case_motions(case=case))}
    if applicable and persons:
        context["apply_form"] = bound.get("apply") or MeasureForm(
            kinds=applicable, persons=persons, language=language, auto_id="id_apply_%s"
        )
    if movable and persons:
        context["move_form"] = bound.get("move") or MeasureForm(
            kinds=movable,
            persons=persons,
            courts=services.motion_courts(case=case),
            language=language,
            auto_id="id_move_%s",
        )
    return context


def _banner(user: Any, case: Case) -> dict[str, Any] | None:
    overdue = selectors.past_end(case=case)
    if not overdue:
        return None
    return {"overdue": [(m, selectors.measure_name(m.kind)) for m in overdue]}


def _watches(user: Any) -> bool:
    """Those who apply, move for, decide or end measures, and the leaders of courts."""
    pack = get_pack()
    if not pack.header.measures.kinds:
        return False
    permitted = set().union(*(pack.permitted(p) for p in (MEASURE_APPLY, MEASURE_MOVE, MEASURE_DECIDE, MEASURE_END)))
    return bool(access.roles(user) & (permitted | {Role.CHAIR}))


def register() -> None:
    act_kind(services.MOTION_ACT, fields=services.MOTION_FIELDS, owner=OWNER)
    act_kind(services.DECISION_ACT, fields=services.DECISION_FIELDS, owner=OWNER)
    for permission, rule in (
        (MEASURE_APPLY, apply_rule),
        (MEASURE_MOVE, move_rule),
        (MEASURE_DECIDE, decide_rule),
        (MEASURE_END, end_rule),
    ):
        access.pack_permission(permission, owner=OWNER)
        access.rule(permission, owner=OWNER)(rule)
    for code, payload, sentence, texts in (
        ("measure_applied", MeasurePayload, _applied, ("note",)),
        ("measure_extended", MeasurePayload, _extended, ("note",)),
        ("measure_ended", MeasurePayload, _ended, ("note",)),
        ("motion_filed", MotionPayload, _filed, ("grounds",)),
        ("motion_decided", MotionPayload, _decided, ("reasons",)),
    ):
        event_type(code, payload=payload, audience=Audience.CASE, sentence=sentence, texts=texts, owner=OWNER)
    panel(
        Panel(
            "measures",
            gettext_lazy("Measures of restraint"),
            36,
            "restraint/panel.html",
            panel_context,
            shown=_shown,
            api=lambda case: f"/api/v1/cases/{case.pk}/measures",
        )
    )
    banner(Banner("custody_past_end", "restraint/banner.html", _banner))
    nav_entry(
        "custody",
        label=gettext_lazy("Custody terms"),
        url_name="restraint:custody",
        order=46,
        shown=_watches,
    )
