"""What "My work" shows a person: the cases they work on, the deadlines coming up or missed
on them, and what happened on them lately. Everything is scoped by the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from adalat.accounts import access
from adalat.accounts.access import Action, AnyUser
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

from .models import Case, CaseEvent, Deadline
from .selectors import case_visible

RECENT_DAYS = 7  # "received lately" for a court's registry
SOON_DAYS = 7  # deadlines due within this many days
LIST_LIMIT = 20
EVENT_LIMIT = 20


@dataclass(frozen=True)
class Work:
    assigned: list[Case]  # open cases assigned to the user as judge
    clerked: list[Case]  # open cases the user is the clerk of
    received: list[Case]  # cases received lately by the courts whose registry the user keeps
    participating: list[Case]  # cases the user (or their office) is on as a participant
    registry_courts: list[Organization]
    overdue: list[Deadline]
    due_soon: list[Deadline]
    events: list[CaseEvent]
    today: dt.date

    @property
    def is_empty(self) -> bool:
        return not (self.assigned or self.clerked or self.received or self.participating)


def _person_id(user: AnyUser) -> int | None:
    return user.pk if user.is_authenticated else None


def work_cases(*, user: AnyUser, visible: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases that are the user's own work: assigned to them, clerked by them, or, for people
    outside the court, every case they may see (which is the cases they are on)."""
    if visible is None:
        visible = case_visible(user=user)
    if access.staff_court_ids(user):
        person = _person_id(user)
        return visible.filter(Q(judge_id=person) | Q(clerk_id=person))
    return visible


def registry_courts(*, user: AnyUser) -> list[Organization]:
    """The courts where the user registers cases."""
    courts = organization_selectors.court_list(ids=access.court_ids(user))
    return [court for court in courts if access.can(user, Action.CASE_REGISTER, court)]


def _unclosed(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=Case.Status.CLOSED).select_related("court", "judge").order_by("-received_on", "-id")


def work_assigned(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    """The user's open cases as their judge, newest first. ``visible`` is ``case_visible(user=user)``."""
    return list(_unclosed(visible.filter(judge_id=_person_id(user)))[:limit])


def work_clerked(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    return list(_unclosed(visible.filter(clerk_id=_person_id(user)))[:limit])


def work_received(
    *, visible: QuerySet[Case], courts: list[Organization], today: dt.date, limit: int = LIST_LIMIT
) -> list[Case]:
    """The cases the courts received in the last days, newest first."""
    if not courts:
        return []
    cases = visible.filter(court_id__in=[c.pk for c in courts], received_on__gt=today - dt.timedelta(days=RECENT_DAYS))
    return list(cases.select_related("court", "judge").order_by("-received_on", "-id")[:limit])


def work_participating(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    if access.staff_court_ids(user):
        return []
    return list(_unclosed(visible)[:limit])


def work_deadlines(
    *, mine: QuerySet[Case], today: dt.date, limit: int = LIST_LIMIT
) -> tuple[list[Deadline], list[Deadline]]:
    """The running deadlines of the open cases among ``mine`` (``work_cases``): those already
    missed, and those due within ``SOON_DAYS``, each soonest first."""
    running = (
        Deadline.objects.filter(
            closed_at__isnull=True,
            due_on__lte=today + dt.timedelta(days=SOON_DAYS),
            case__in=mine.filter(status=Case.Status.OPEN).values("pk"),
        )
        .select_related("case", "case__court")
        .order_by("due_on", "id")
    )
    overdue = list(running.filter(due_on__lt=today)[:limit])
    soon = list(running.filter(due_on__gte=today)[:limit])
    return overdue, soon


def work_events(*, mine: QuerySet[Case], limit: int = EVENT_LIMIT) -> list[CaseEvent]:
    """The latest events on ``mine`` (``work_cases``), newest first."""
    events = CaseEvent.objects.filter(case__in=mine.values("pk"))
    return list(events.select_related("case", "case__court", "actor").order_by("-at", "-id")[:limit])


def work_get(*, user: AnyUser, today: dt.date) -> Work:
    """Everything "My work" shows, reading the user's scope once."""
    visible = case_visible(user=user)
    mine = work_cases(user=user, visible=visible)
    courts = registry_courts(user=user)
    overdue, soon = work_deadlines(mine=mine, today=today)
    return Work(
        assigned=work_assigned(user=user, visible=visible),
        clerked=work_clerked(user=user, visible=visible),
        received=work_received(visible=visible, courts=courts, today=today),
        participating=work_participating(user=user, visible=visible),
        registry_courts=courts,
        overdue=overdue,
        due_soon=soon,
        events=work_events(mine=mine),
        today=today,
    )
