"""Reading cases. Every function takes the acting user and returns only what they may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.accounts.models import Membership, User
from adalat.audit.services import audit_record
from adalat.core.errors import NotFound, ValidationFailed
from adalat.core.numbers import MAX_INT
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import RoleChange, Transition
from adalat.organizations.models import Organization

from . import search
from .diagram import Reached
from .labels import link_label
from .models import Case, CaseEvent, CaseLink, CaseNumber, Deadline, Handover, Participant
from .workflow import pack_today, role_change_refusal, transition_refusal

SORTS = {
    "received": ("received_on", "id"),
    "-received": ("-received_on", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
}
DEFAULT_SORT = "-received"
# What a list shows of a case's court and judge: only these columns are read and built.
LISTED = (
    *(f.name for f in Case._meta.concrete_fields),
    "holder__code",
    "holder__name",
    "holder__kind",
    "holder__time_zone",
    "judge__username",
    "judge__first_name",
    "judge__last_name",
)


@dataclass(frozen=True)
class CaseFilters:
    """The filters of the case list, shared by the page and the API."""

    holder: int | None = None
    kind: str | None = None
    stage: str | None = None
    status: str | None = None
    judge: int | None = None
    no_judge: bool = False  # only the cases no judge is assigned to
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    resolved_from: dt.date | None = None
    resolved_to: dt.date | None = None
    pending: bool = False  # only the cases not yet resolved
    overdue: bool = False
    q: str = ""
    sort: str = DEFAULT_SORT


def _validate(filters: CaseFilters) -> None:
    errors: dict[str, str] = {}
    pack = get_pack()
    if filters.kind and filters.kind not in pack.kinds:
        errors["kind"] = _("Unknown kind of case.")
    if filters.stage and not any(k.has_stage(filters.stage) for k in pack.kinds.values()):
        errors["stage"] = _("Unknown stage.")
    if filters.status and filters.status not in Case.Status.values:
        errors["status"] = _("Unknown status.")
    for name in ("holder", "judge"):
        value = getattr(filters, name)
        if value is not None and not 1 <= value <= MAX_INT:
            errors[name] = _("No such choice.")
    if filters.judge is not None and filters.no_judge:
        errors["no_judge"] = _("Choose a judge or the cases without one, not both.")
    for start, end in (("received_from", "received_to"), ("resolved_from", "resolved_to")):
        first, last = getattr(filters, start), getattr(filters, end)
        if first and last and first > last:
            errors[end] = _("The end of the period is before its start.")
    if filters.pending and (filters.resolved_from or filters.resolved_to):
        errors["pending"] = _("A case not yet resolved has no date of resolution: choose one or the other.")
    if filters.sort not in SORTS:
        errors["sort"] = _("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}
    if len(filters.q) > 100:
        errors["q"] = _("The search is longer than 100 characters.")
    if errors:
        raise ValidationFailed(errors)


def case_visible(*, user: AnyUser) -> QuerySet[Case]:
    """Every case ``user`` may see."""
    return access.visible_cases(user, Case.objects.all())


def case_list(*, user: AnyUser, filters: CaseFilters, today: dt.date | None = None) -> QuerySet[Case]:
    """The case list: the user's cases filtered, searched and sorted, in a stable order."""
    _validate(filters)
    cases = case_visible(user=user)
    if filters.holder is not None:
        cases = cases.filter(holder_id=filters.holder)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.judge is not None:
        cases = cases.filter(judge_id=filters.judge)
    if filters.no_judge:
        cases = cases.filter(judge__isnull=True)
    if filters.received_from:
        cases = cases.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        cases = cases.filter(received_on__lte=filters.received_to)
    if filters.resolved_from:
        cases = cases.filter(resolved_on__gte=filters.resolved_from)
    if filters.resolved_to:
        cases = cases.filter(resolved_on__lte=filters.resolved_to)
    if filters.pending:
        cases = cases.filter(resolved_on__isnull=True)
    if filters.overdue:
        cases = cases.filter(status=Case.Status.OPEN, due_on__lt=today or pack_today())
    query = filters.q.strip()
    if query:
        cases = cases.filter(search.case_search(user=user, query=query))
    return cases.select_related("holder", "judge").only(*LISTED).order_by(*SORTS[filters.sort])


def case_get(*, user: AnyUser, case_id: int, for_update: bool = False) -> Case:
    """The case, if ``user`` may see it; a read of a restricted case is audited.

    With ``for_update`` the case row is locked until the caller's transaction ends.
    """
    cases = Case.objects.select_related("holder", "receiving", "judge", "clerk")
    if for_update:
        cases = cases.select_for_update(of=("self",))
    case = cases.filter(pk=case_id).first()
    if case is None or not access.can_view_case(user, case):
        raise NotFound(_("No such case."))
    if case.is_restricted and not for_update:
        audit_record(
            actor=user, action="case.read", object_type="case", object_id=case.pk, data={"number": case.number}
        )
    return case


def case_events(*, user: AnyUser, case: Case) -> QuerySet[CaseEvent]:
    """The timeline of a case already fetched with ``case_get``: the events ``user`` may see, with
    the texts written with them."""
    audiences = access.case_audiences(user, case)
    return (
        case.events.filter(audience__in=audiences)
        .select_related("actor")
        .prefetch_related("texts")
        .order_by("at", "id")
    )


STAGE_EVENTS = ("registered", "transition", "handover_received")


def case_stages_reached(*, user: AnyUser, case: Case) -> list[Reached]:
    """The stages ``case`` (fetched with ``case_get``) reached, oldest first, as the events ``user``
    may see tell it: where it was registered, each step to another stage, each receipt elsewhere;
    with the organization that held it there. A step that stays at its stage reaches nothing new."""
    events = list(
        case.events.filter(audience__in=access.case_audiences(user, case), code__in=STAGE_EVENTS)
        .exclude(to_stage="")
        .order_by("at", "id")
    )
    ids = {(e.data or {}).get(key) for e in events for key in ("holder", "organization")}
    names = {o.pk: o.name for o in Organization.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])}
    reached: list[Reached] = []
    holder = ""
    for event in events:
        data = event.data or {}
        organization = data.get("holder") if event.code == "registered" else data.get("organization")
        if isinstance(organization, int):
            holder = names.get(organization, "")
        if event.code == "transition" and event.from_stage == event.to_stage:
            continue
        reached.append(Reached(stage=event.to_stage, at=event.at, holder=holder))
    return reached


def case_participants(*, case: Case, include_removed: bool = False) -> QuerySet[Participant]:
    participants = case.participants.select_related("party").order_by("added_at", "id")
    return participants if include_removed else participants.filter(removed_at__isnull=True)


def case_participants_shown(*, user: AnyUser, case: Case, include_removed: bool = False) -> list[Participant]:
    """The participants as ``user`` may see them: each has ``details_visible`` saying whether
    the party's identity and contacts may be shown (always for the user's own party)."""
    details = access.can(user, access.Action.CASE_PARTY_DETAILS, case)
    participants = list(case_participants(case=case, include_removed=include_removed))
    for participant in participants:
        participant.details_visible = details or (user.pk is not None and participant.party.user_id == user.pk)  # type: ignore[attr-defined]
    return participants


def case_deadlines(*, case: Case) -> QuerySet[Deadline]:
    return case.deadlines.order_by("due_on", "id")


@dataclass(frozen=True)
class Steps:
    available: list[Transition]  # the buttons the case page shows
    waiting: list[tuple[Transition, str]]  # possible but for a precondition, with what is missing


def case_steps(*, user: AnyUser, case: Case) -> Steps:
    """The steps ``user`` may take on ``case`` now, and those their role could take but for a
    precondition (``There is no Accused on the case yet.``)."""
    acting = access.case_roles(user, case)
    kind = get_pack().kinds.get(case.kind)  # none: a pack changed under old cases
    available: list[Transition] = []
    waiting: list[tuple[Transition, str]] = []
    if acting and kind is not None:
        for t in kind.transitions_from(case.stage):
            refusal = transition_refusal(acting=acting, case=case, transition=t)
            if refusal is None:
                available.append(t)
            elif refusal.code in t.requires:
                waiting.append((t, refusal.message))
    return Steps(available=available, waiting=waiting)


def case_transitions_available(*, user: AnyUser, case: Case) -> list[Transition]:
    """The steps ``user`` may take on ``case`` now."""
    return case_steps(user=user, case=case).available


def case_acts_available(*, user: AnyUser, case: Case) -> list[RoleChange]:
    """The acts ``user`` may do now to the people on ``case`` (charging a suspect...); each is for
    the participants in its ``from_`` role."""
    acting = access.case_roles(user, case)
    kind = get_pack().kinds.get(case.kind)
    if not acting or kind is None:
        return []
    return [c for c in kind.role_changes if role_change_refusal(acting=acting, case=case, change=c) is None]


def case_holders(*, user: AnyUser) -> QuerySet[Organization]:
    """The organizations whose cases ``user`` may list: those they staff or lead (and those below),
    otherwise the holders of the cases they are on."""
    staff = access.staff_ids(user)
    if not staff:
        staff = set(case_visible(user=user).order_by().values_list("holder_id", flat=True).distinct())
    return Organization.objects.filter(pk__in=list(staff), is_active=True).order_by("kind", "-instance", "name")


def case_numbers(*, case: Case) -> list[CaseNumber]:
    """Every number the case was given, the first first; the last is its current number."""
    return list(case.numbers.select_related("organization").order_by("assigned_at", "id"))


def case_handovers(*, case: Case) -> list[Handover]:
    """Where the case was sent, by whom, and who received or returned it."""
    handovers = case.handovers.select_related("sender", "receiver", "sent_by", "decided_by")
    return list(handovers.order_by("sent_at", "id"))


@dataclass(frozen=True)
class LinkShown:
    link: CaseLink
    other: Case
    label: str  # what the other case is to this one
    visible: bool  # whether the reader may open the other case


def case_links(*, user: AnyUser, case: Case) -> list[LinkShown]:
    """The current links of ``case``, both ways; a linked case the reader may not see is named
    only by its kind of link."""
    links = CaseLink.objects.filter(Q(source=case) | Q(target=case), removed_at__isnull=True)
    shown = []
    for link in links.select_related("source__holder", "target__holder").order_by("created_at", "id"):
        outgoing = link.source_id == case.pk
        other = link.target if outgoing else link.source
        shown.append(
            LinkShown(
                link=link,
                other=other,
                label=link_label(link.kind, outgoing=outgoing),
                visible=access.can_view_case(user, other),
            )
        )
    return shown


def link_get(*, case: Case, link_id: int) -> CaseLink:
    link = CaseLink.objects.filter(Q(source=case) | Q(target=case), pk=link_id).first()
    if link is None:
        raise NotFound(_("No such link of this case."))
    return link


def inbox(*, user: AnyUser) -> QuerySet[Handover]:
    """The cases on their way to the organizations where ``user`` receives cases, oldest first."""
    receiving = access.holding_ids(user, "receives")
    return (
        Handover.objects.filter(receiver_id__in=list(receiving), state=Handover.State.SENT)
        .select_related("case", "sender", "receiver", "sent_by", "decided_by")
        .order_by("sent_at", "id")
    )


def case_by_number(*, user: AnyUser, number: str) -> Case | None:
    """The case that was given ``number``, if ``user`` may see it (for linking cases)."""
    found = CaseNumber.objects.filter(number=number.strip().upper()).values_list("case_id", flat=True).first()
    if found is None:
        return None
    try:
        return case_get(user=user, case_id=found)
    except NotFound:
        return None


def court_judges(*, court_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active judges of each of the courts, by name."""
    memberships = (
        Membership.objects.filter(
            organization_id__in=list(court_ids), role=Role.JUDGE, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    judges: dict[int, list[User]] = {}
    for membership in memberships:
        judges.setdefault(membership.organization_id, []).append(membership.user)
    return judges


def participant_get(*, case: Case, participant_id: int) -> Participant:
    """A participant of a case already fetched with ``case_get`` (current or removed)."""
    participant = case.participants.select_related("party").filter(pk=participant_id).first()
    if participant is None:
        raise NotFound(_("No such participant on this case."))
    return participant
