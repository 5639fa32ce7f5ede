"""Names from the jurisdiction pack in the reader's language, and the timeline as sentences.

A code the pack no longer knows (a pack changed under old cases) is shown as it is.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adalat.cases.models import Case, CaseEvent, Deadline
from adalat.core import clock
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind

register = template.Library()


def _language() -> str:
    return get_language() or get_pack().languages[0]


def _kind(code: str) -> CaseKind | None:
    return get_pack().kinds.get(code)


@register.simple_tag
def kind_name(code: str) -> str:
    kind = _kind(code)
    return kind.label(_language()) if kind else code


@register.simple_tag
def stage_name(kind_code: str, stage_code: str) -> str:
    kind = _kind(kind_code)
    if kind is None or not kind.has_stage(stage_code):
        return stage_code
    return kind.stage(stage_code).label(_language())


@register.simple_tag
def step_name(kind_code: str, action: str) -> str:
    kind = _kind(kind_code)
    try:
        return kind.transition(action).label(_language()) if kind else action
    except KeyError:
        return action


@register.simple_tag
def role_name(code: str) -> str:
    try:
        return get_pack().participant_role(code).label(_language())
    except KeyError:
        return code


@register.simple_tag
def subject_matter(case: Case) -> str:
    """The legal articles, or the claim category in the reader's language."""
    if case.articles:
        return ", ".join(str(article) for article in case.articles)
    kind = _kind(case.kind)
    if case.category and kind is not None:
        try:
            return kind.category(case.category).label(_language())
        except KeyError:
            return case.category
    return case.category


@register.filter
def is_overdue(case: Case) -> bool:
    """An open case past its current deadline, counted in its court's time zone."""
    if case.status != Case.Status.OPEN or case.due_on is None:
        return False
    return case.due_on < clock.today_in(case.court.time_zone)


@register.filter
def deadline_state(deadline: Deadline, today: dt.date) -> str:
    """``running``, ``overdue``, ``met`` or ``missed``."""
    if deadline.closed_at is not None:
        return "met" if deadline.met else "missed"
    return "overdue" if deadline.due_on < today else "running"


def _actor(event: CaseEvent) -> str:
    return event.actor.display_name if event.actor is not None else _("The system")


@register.simple_tag
def event_sentence(event: CaseEvent) -> str:
    """What happened, as a sentence in the reader's language."""
    data = event.data or {}
    actor = _actor(event)
    kind = event.case.kind
    if event.action == "registered":
        return _("%(actor)s registered the case; it is at the stage %(stage)s.") % {
            "actor": actor,
            "stage": stage_name(kind, event.to_stage),
        }
    if event.action == "judge_assigned":
        sentence = _("%(actor)s assigned the case to judge %(judge)s.") % {
            "actor": actor,
            "judge": data.get("judge_name", ""),
        }
        if data.get("reason"):
            sentence += " " + _("Reason: %(reason)s") % {"reason": data["reason"]}
        return sentence
    if event.action.startswith("transition."):
        return _("%(actor)s: %(step)s (from %(from)s to %(to)s).") % {
            "actor": actor,
            "step": step_name(kind, event.action.removeprefix("transition.")),
            "from": stage_name(kind, event.from_stage),
            "to": stage_name(kind, event.to_stage),
        }
    if event.action == "participant_added":
        return _("%(actor)s added %(name)s as %(role)s.") % {
            "actor": actor,
            "name": data.get("name", ""),
            "role": role_name(str(data.get("role", ""))),
        }
    if event.action == "participant_removed":
        sentence = _("%(actor)s removed %(name)s (%(role)s) from the case.") % {
            "actor": actor,
            "name": data.get("name", ""),
            "role": role_name(str(data.get("role", ""))),
        }
        if data.get("reason"):
            sentence += " " + _("Reason: %(reason)s") % {"reason": data["reason"]}
        return sentence
    if event.action == "document_added":
        return _("%(actor)s added the document “%(title)s”.") % {"actor": actor, "title": data.get("title", "")}
    if event.action == "document_version_added":
        return _("%(actor)s added version %(version)s of the document “%(title)s”.") % {
            "actor": actor,
            "version": data.get("version", ""),
            "title": data.get("title", ""),
        }
    return _("%(actor)s: %(action)s.") % {"actor": actor, "action": event.action.replace("_", " ").replace(".", ": ")}
