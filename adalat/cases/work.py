"""What "My work" shows a person: the cases they work on, the deadlines coming up or missed
on them (for a court's leader, on every case of the courts they lead), and what happened on
them lately. Everything is scoped by the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from adalat.accounts import access
from adalat.accounts.access import Action, AnyUser
from adalat.core.pagination import bounded_count
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization

from .models import Case, CaseEvent, Deadline
from .progress import progress_courts
from .selectors import case_visible, inbox

RECENT_DAYS = 7  # "received lately" for a court's registry
SOON_DAYS = 7  # deadlines due within this many days
LIST_LIMIT = 20
EVENT_LIMIT = 20


@dataclass(frozen=True)
class Work:
    assigned: list[Case]  # open cases assigned to the user as judge
    clerked: list[Case]  # open cases the user is the clerk of
    received: list[Case]  # cases received lately where the user registers cases
    participating: list[Case]  # cases the user (or their office) is on as a participant
    registries: list[Organization]  # where the user registers cases
    incoming: int  # cases on their way to where the user receives cases
    overdue: list[Deadline]
    due_soon: list[Deadline]
    events: list[CaseEvent]
    today: dt.date
    # The courts the user leads: the deadlines above are then those of every case held there.
    led: list[Organization]
    overdue_cases: int  # the open cases past their deadline among those the deadlines are of
    overdue_exact: bool  # whether ``overdue_cases`` is exact (otherwise: more than that)
    # Whether the user reads deadlines at all: the staff and the prosecution do; the parties and
    # their lawyers read each case's next step on its page instead.
    reads_deadlines: bool

    @property
    def is_empty(self) -> bool:
        return not (self.assigned or self.clerked or self.received or self.participating)


def _person_id(user: AnyUser) -> int | None:
    return user.pk if user.is_authenticated else None


def work_cases(*, user: AnyUser, visible: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases that are the user's own work: assigned to them, clerked by them, and those they (or
    their office) are on while another organization holds them before trial (the investigations a
    prosecutor supervises); for people outside the organizations holding cases, every case they may see."""
    if visible is None:
        visible = case_visible(user=user)
    staff = access.staff_ids(user)
    if staff:
        person = _person_id(user)
        return visible.filter(Q(judge_id=person) | Q(clerk_id=person) | _supervised(staff))
    return visible


def _supervised(staff: set[int]) -> Q:
    """The cases held, before trial, by organizations other than the user's own."""
    return ~Q(holder_id__in=sorted(staff)) & ~Q(holder__kind=Organization.Kind.COURT)


def registries(*, user: AnyUser) -> list[Organization]:
    """The organizations where the user registers cases (those where some kind of case starts)."""
    starting = set().union(*(kind.starts_at() for kind in get_pack().kinds.values() if kind.standalone))
    found = Organization.objects.filter(pk__in=access.holding_ids(user, "registers"), is_active=True, kind__in=starting)
    return [o for o in found.order_by("kind", "-instance", "name") if access.can(user, Action.CASE_REGISTER, o)]


def _unclosed(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=Case.Status.CLOSED).select_related("holder", "judge").order_by("-received_on", "-id")


def work_assigned(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    """The user's open cases as their judge, newest first. ``visible`` is ``case_visible(user=user)``."""
    return list(_unclosed(visible.filter(judge_id=_person_id(user)))[:limit])


def work_clerked(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    return list(_unclosed(visible.filter(clerk_id=_person_id(user)))[:limit])


def work_received(
    *, visible: QuerySet[Case], organizations: list[Organization], today: dt.date, limit: int = LIST_LIMIT
) -> list[Case]:
    """The cases the organizations received in the last days, newest first."""
    if not organizations:
        return []
    recent = today - dt.timedelta(days=RECENT_DAYS)
    cases = visible.filter(holder_id__in=[o.pk for o in organizations], received_on__gt=recent)
    return list(cases.select_related("holder", "judge").order_by("-received_on", "-id")[:limit])


def work_participating(*, user: AnyUser, visible: QuerySet[Case], limit: int = LIST_LIMIT) -> list[Case]:
    """The open cases the user (or their office) is on: for staff, those held before trial by
    organizations they are not staff of."""
    staff = access.staff_ids(user)
    return list(_unclosed(visible.filter(_supervised(staff)) if staff else visible)[:limit])


def work_deadlines(
    *, mine: QuerySet[Case], today: dt.date, limit: int = LIST_LIMIT
) -> tuple[list[Deadline], list[Deadline]]:
    """The running deadlines of the open cases among ``mine`` (``work_cases``): those already
    missed, and those due within ``SOON_DAYS``, each soonest first."""
    horizon = today + dt.timedelta(days=SOON_DAYS)
    # A case's ``due_on`` is its earliest running deadline: only cases due by the horizon have
    # deadlines to show, and the case indexes find them without reading every open case.
    running = (
        Deadline.objects.filter(
            closed_at__isnull=True,
            due_on__lte=horizon,
            case__in=mine.filter(status=Case.Status.OPEN, due_on__lte=horizon).values("pk"),
        )
        .select_related("case", "case__holder")
        .order_by("due_on", "id")
    )
    overdue = list(running.filter(due_on__lt=today)[:limit])
    soon = list(running.filter(due_on__gte=today)[:limit])
    return overdue, soon


def work_events(*, user: AnyUser, mine: QuerySet[Case], limit: int = EVENT_LIMIT) -> list[CaseEvent]:
    """The latest events on ``mine`` (``work_cases``) that ``user`` may see, newest first."""
    shown = Q(audience__in=["public", "case"]) | Q(
        audience__in=["official", "internal"], case__holder_id__in=access.staff_ids(user)
    )
    if access.roles(user) & access.ORGANIZATION_ROLES:
        shown |= Q(audience="official")  # the prosecution on the cases it is on
    events = CaseEvent.objects.filter(shown, case__in=mine.values("pk"))
    return list(
        events.select_related("case", "case__holder", "actor").prefetch_related("texts").order_by("-at", "-id")[:limit]
    )


def work_watched(*, visible: QuerySet[Case], mine: QuerySet[Case], led: list[Organization]) -> QuerySet[Case]:
    """The cases whose deadlines the user watches: their own (``mine``), and for a court's
    leader every case held by the courts they lead (``led``, from ``progress_courts``)."""
    if not led:
        return mine
    return visible.filter(Q(holder_id__in=[court.pk for court in led]) | Q(pk__in=mine.values("pk")))


def work_overdue_count(*, watched: QuerySet[Case], today: dt.date) -> tuple[int, bool]:
    """How many open cases among ``watched`` are past their deadline, as the case list's
    "overdue only" counts them (bounded), and whether that is exact."""
    return bounded_count(watched.filter(status=Case.Status.OPEN, due_on__lt=today))


def reads_deadlines(user: AnyUser) -> bool:
    """The staff of organizations holding cases, court leaders and the prosecution (those who see
    a case's deadlines panel: its ``official`` events)."""
    return bool(access.staff_ids(user) or access.roles(user) & access.ORGANIZATION_ROLES)


def work_get(*, user: AnyUser, today: dt.date) -> Work:
    """Everything "My work" shows, reading the user's scope once."""
    visible = case_visible(user=user)
    mine = work_cases(user=user, visible=visible)
    organizations = registries(user=user)
    led = progress_courts(user=user)
    watched = work_watched(visible=visible, mine=mine, led=led)
    deadlines = reads_deadlines(user)
    overdue, soon = work_deadlines(mine=watched, today=today) if deadlines else ([], [])
    overdue_cases, overdue_exact = work_overdue_count(watched=watched, today=today) if led else (0, True)
    return Work(
        assigned=work_assigned(user=user, visible=visible),
        clerked=work_clerked(user=user, visible=visible),
        received=work_received(visible=visible, organizations=organizations, today=today),
        participating=work_participating(user=user, visible=visible),
        registries=organizations,
        incoming=inbox(user=user).count() if access.holding_ids(user, "receives") else 0,
        overdue=overdue,
        due_soon=soon,
        events=work_events(user=user, mine=mine),
        today=today,
        led=led,
        overdue_cases=overdue_cases,
        overdue_exact=overdue_exact,
        reads_deadlines=deadlines,
    )
