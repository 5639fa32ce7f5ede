"""Names from the jurisdiction pack in the reader's language, for pages and the API alike.

A code the pack no longer knows (a pack changed under old cases) is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, DeadlineStart, label_of

from .models import Case, Deadline


def _language() -> str:
    return get_language() or get_pack().languages[0]


def _kind(code: str) -> CaseKind | None:
    return get_pack().kinds.get(code)


def kind_name(code: str) -> str:
    kind = _kind(code)
    return kind.label(_language()) if kind else code


def stage_name(kind_code: str, stage_code: str) -> str:
    kind = _kind(kind_code)
    if kind is None or not kind.has_stage(stage_code):
        return stage_code
    return kind.stage(stage_code).label(_language())


def deadline_name(kind_code: str, stage_code: str, code: str) -> str:
    """A deadline's own name where the pack gives one (a stage may count several), else its stage's."""
    kind = _kind(kind_code)
    spec = kind.deadline_spec(stage_code, code) if kind is not None and kind.has_stage(stage_code) else None
    if spec is not None and spec.name:
        return label_of(spec.name, _language())
    return stage_name(kind_code, stage_code)


def step_name(kind_code: str, action: str) -> str:
    kind = _kind(kind_code)
    try:
        return kind.transition(action).label(_language()) if kind else action
    except KeyError:
        return action


def role_change_name(kind_code: str, action: str) -> str:
    kind = _kind(kind_code)
    try:
        return kind.role_change(action).label(_language()) if kind else action
    except KeyError:
        return action


def category_name(kind_code: str, code: str) -> str:
    kind = _kind(kind_code)
    try:
        return kind.category(code).label(_language()) if kind else code
    except KeyError:
        return code


def role_name(code: str) -> str:
    try:
        return get_pack().participant_role(code).label(_language())
    except KeyError:
        return code


def link_label(code: str, *, outgoing: bool) -> str:
    """How a linked case is named from this one: its target (``outgoing``) or its source."""
    try:
        kind = get_pack().link_kind(code)
    except KeyError:
        return code
    return label_of(kind.target_label if outgoing else kind.source_label, _language())


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


def is_overdue(case: Case) -> bool:
    """An open case past its current deadline, counted in its holder's time zone."""
    if case.status != Case.Status.OPEN or case.due_on is None:
        return False
    return case.due_on < clock.today_in(case.holder.time_zone)


def deadline_rule(case: Case, deadline: Deadline) -> str:
    """How a deadline of ``case`` is counted, in the reader's language ("20 calendar days from
    entering the stage"); its length includes the extensions granted."""
    n = deadline.amount
    if deadline.unit == Deadline.Unit.HOURS:
        length = ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}
    elif deadline.unit == Deadline.Unit.WORKING:
        length = ngettext("%(count)s working day", "%(count)s working days", n) % {"count": n}
    else:
        length = ngettext("%(count)s calendar day", "%(count)s calendar days", n) % {"count": n}
    kind = _kind(case.kind)
    spec = kind.deadline_spec(deadline.stage, deadline.code) if kind and kind.has_stage(deadline.stage) else None
    if spec is None:
        return length
    if spec.start == DeadlineStart.RECEIVED:
        start = _("from the day the case was received")
    elif spec.start == DeadlineStart.EVENT:
        start = _("from the event %(event)s") % {"event": spec.event}
    else:
        start = _("from entering the stage")
    return f"{length} {start}"
