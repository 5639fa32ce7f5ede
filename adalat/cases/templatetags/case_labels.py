"""Template tags: the pack's names in the reader's language (``cases.labels``), deadline states
and the timeline as sentences."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from adalat.cases.models import CaseEvent, Deadline

from ..labels import is_overdue, kind_name, role_name, stage_name, step_name, subject_matter

register = template.Library()


for _label in (kind_name, stage_name, step_name, role_name, subject_matter):
    register.simple_tag(_label)
register.filter("is_overdue", is_overdue)


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
