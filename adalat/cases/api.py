"""REST endpoints of the cases module, mounted by adalat.api at /api/v1/cases.

Thin: each endpoint checks the token's scope, parses, opens the transaction where it writes,
and calls a selector or a service. A case the caller may not see is "not found" (its
existence is never revealed); a step they may not take is 403; a step the stage does not
allow, or a stale ``expected_version``, is 409; bad input is 422 with the fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.api_auth import require_scope
from adalat.accounts.models import User
from adalat.core.api_input import Input
from adalat.core.errors import NotFound, ValidationFailed
from adalat.core.numbers import Count, Id
from adalat.core.pagination import Page, PageQuery, paginate
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

from . import custody, panels, selectors, services
from .labels import is_overdue, kind_name, role_change_name, role_name, stage_name, step_name
from .models import Case, CaseNumber, Deadline, Handover, Participant
from .selectors import DEFAULT_SORT, CaseFilters
from .services import ParticipantData, PartyData
from .timeline import timeline

router = Router(tags=["cases"])

CASES_READ = "cases:read"
CASES_WRITE = "cases:write"
MAX_PARTICIPANTS = 100


# --- output -------------------------------------------------------------------------------


class OrganizationRef(Schema):
    id: int
    code: str
    name: str
    kind: str


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.display_name


class PartRef(Schema):
    code: str
    title: str
    href: str


class CaseSummary(Schema):
    """A case as lists show it."""

    id: int
    number: str
    holder: OrganizationRef = Field(description="the organization holding the case")
    receiving: OrganizationRef | None = Field(description="where the case is on its way to, if it is")
    kind: str
    kind_label: str
    stage: str
    stage_label: str
    status: str
    confidentiality: str
    language: str = Field(description="the language of the proceedings")
    title: str
    articles: list[str]
    category: str
    judge: UserRef | None
    received_on: dt.date
    registered_at: dt.datetime
    due_on: dt.date | None
    overdue: bool
    resolved_on: dt.date | None
    version: int

    @staticmethod
    def resolve_kind_label(obj: Case) -> str:
        return kind_name(obj.kind)

    @staticmethod
    def resolve_stage_label(obj: Case) -> str:
        return stage_name(obj.kind, obj.stage)

    @staticmethod
    def resolve_overdue(obj: Case) -> bool:
        return is_overdue(obj)


class CaseOut(CaseSummary):
    """A case, with every number it was given and where the modules' parts of it are."""

    numbers: list[str] = Field(description="every number the case was given, the first first")
    parts: list[PartRef] = Field(description="where the modules' parts of the case are in the API")

    @staticmethod
    def resolve_numbers(obj: Case) -> list[str]:
        return [n.number for n in selectors.case_numbers(case=obj)]

    @staticmethod
    def resolve_parts(obj: Case) -> list[dict[str, str]]:
        return panels.api_parts(obj)


class EventOut(Schema):
    """An event of the timeline the caller may see: its type's code, the sentence it reads as in the
    caller's language, and its payload (identifiers only) and texts."""

    id: int
    at: dt.datetime
    actor: UserRef | None
    automatic: bool = Field(description="done by Adalat itself, not by a person")
    code: str
    sentence: str
    from_stage: str
    to_stage: str
    payload: dict[str, Any]
    texts: dict[str, str]


class HandoverOut(Schema):
    id: int
    case: int
    number: str
    sender: OrganizationRef
    receiver: OrganizationRef
    action: str
    to_stage: str
    state: str
    sent_at: dt.datetime
    sent_by: UserRef
    decided_at: dt.datetime | None = Field(description="when it was received or returned")
    decided_by: UserRef | None = Field(description="who received or returned it")

    @staticmethod
    def resolve_case(obj: Handover) -> int:
        return obj.case_id

    @staticmethod
    def resolve_number(obj: Handover) -> str:
        return obj.case.number


class LinkOut(Schema):
    id: int
    kind: str
    label: str = Field(description="what the other case is to this one")
    other: int | None = Field(description="the other case's id; null when the caller may not see it")
    other_number: str | None


class NumberOut(Schema):
    number: str
    organization: OrganizationRef
    assigned_at: dt.datetime


class DeadlineOut(Schema):
    id: int
    stage: str
    basis: str
    starts_on: dt.date
    due_on: dt.date
    closed_at: dt.datetime | None
    met: bool | None


class PartyOut(Schema):
    """A party; identity and contacts are null for callers who may not see them
    (other parties and their lawyers see who is on the case, not where they live)."""

    id: int
    kind: str
    name: str
    national_id: str | None
    birth_date: dt.date | None
    email: str | None
    phone: str | None
    address: str | None
    postal_code: str | None
    messaging: dict[str, str] | None
    e_service_consent: bool | None


PARTY_DETAILS = (
    "national_id",
    "birth_date",
    "email",
    "phone",
    "address",
    "postal_code",
    "messaging",
    "e_service_consent",
)


class ParticipantOut(Schema):
    id: int
    role: str
    role_label: str
    party: PartyOut
    added_at: dt.datetime
    removed_at: dt.datetime | None

    @staticmethod
    def resolve_role_label(obj: Participant) -> str:
        return role_name(obj.role)

    @staticmethod
    def resolve_party(obj: Participant) -> dict[str, Any]:
        party = obj.party
        shown = getattr(obj, "details_visible", False)
        out: dict[str, Any] = {"id": party.pk, "kind": party.kind, "name": party.name}
        for name in PARTY_DETAILS:
            out[name] = getattr(party, name) if shown else None
        return out


class ActOut(Schema):
    participant: int
    action: str
    label: str
    role: str = Field(description="the participant's role after the act")
    role_label: str


class TransitionOut(Schema):
    action: str
    label: str
    to: str
    to_label: str
    receivers: list[OrganizationRef] = Field(description="for a step that sends the case: where it may go")


# --- input --------------------------------------------------------------------------------


class PartyIn(Input):
    kind: str = Field(description="person or organization")
    name: str
    national_id: str = ""
    birth_date: dt.date | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    postal_code: str = ""
    messaging: dict[str, str] = Field(default_factory=dict, description="messaging service: handle")
    e_service_consent: bool = False


class ParticipantIn(Input):
    """Who takes part: exactly one of a new party, a known party's id or an organization's id (from
    ``GET /api/v1/directory``)."""

    role: str = Field(description="a participant role of the case's kind, from the jurisdiction pack")
    party: PartyIn | None = Field(None, description="a new party; or give party_id or organization_id")
    party_id: Id | None = Field(None, description="a known party the caller may attach")
    organization_id: Id | None = Field(
        None, description="an organization of the directory: it takes part as its own party, made once and linked to it"
    )
    keep_new: bool = Field(
        False,
        description="keep the new party even where a known one has its identity number with other details, or an "
        "organization of the directory its name (otherwise 422 names them)",
    )


class CaseIn(Input):
    organization: Id = Field(description="the id of the organization registering it (a court, for most kinds)")
    kind: str
    title: str
    received_on: dt.date
    confidentiality: str = Case.Confidentiality.NORMAL.value
    language: str = Field(
        "", max_length=8, description="the language of the proceedings, one of the pack's; the caller's by default"
    )
    articles: list[str] = Field(default_factory=list, description="legal articles, for kinds that have them")
    category: str = Field("", description="the claim category, for kinds that have one")
    judge: Id | None = Field(None, description="the id of a judge of the court registering it")
    participants: Annotated[list[ParticipantIn], Field(max_length=MAX_PARTICIPANTS)] = Field(default_factory=list)


class CaseQuery(PageQuery):
    holder: Id | None = Field(None, description="the id of the organization holding the cases")
    kind: str | None = None
    stage: str | None = None
    status: str | None = None
    judge: Id | None = None
    no_judge: bool = Field(False, description="only the cases no judge is assigned to")
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    resolved_from: dt.date | None = None
    resolved_to: dt.date | None = None
    pending: bool = Field(False, description="only the cases not yet resolved")
    overdue: bool = False
    q: str = Field(
        "",
        description="any part of any number a case was given (DC01-CR-2026-00123, 2026-123, 123), the start of "
        "any words of a party's name, or a party's identity number where the caller may see the parties' details",
    )
    sort: str = Field(DEFAULT_SORT, description="received, -received, number, -number, due, -due")


class RemovalQuery(Input):
    reason: str = Field("", max_length=500)


class TransitionIn(Input):
    action: str
    note: str = ""
    receiver: Id | None = Field(None, description="for a step that sends the case: the organization it goes to")
    expected_version: Count | None = Field(None, description="refuse with 409 if the case changed since this version")


class ActIn(Input):
    participant: Id = Field(description="the participant the act is done to")
    action: str = Field(description="an act of the case's kind (GET .../acts lists those open to the caller)")
    note: str = ""


class DecisionIn(Input):
    """Receiving a case sent to one's organization, or returning it (``reason`` required)."""

    reason: str = ""
    expected_version: Count | None = None


class LinkIn(Input):
    kind: str = Field(description="a kind of link from the jurisdiction pack: this case is its source")
    other: Id = Field(description="the id of the other case")


class JudgeIn(Input):
    judge: Id = Field(description="the id of a judge of the case's court")
    reason: str = ""
    expected_version: Count | None = None


def _participant_data(item: ParticipantIn) -> ParticipantData:
    party = PartyData(**item.party.model_dump()) if item.party is not None else None
    return ParticipantData(
        role=item.role,
        party=party,
        party_id=item.party_id,
        organization_id=item.organization_id,
        keep_new=item.keep_new,
    )


def _judge(court: Organization, judge_id: int) -> User:
    for judge in selectors.court_judges(court_ids=[court.pk]).get(court.pk, []):
        if judge.pk == judge_id:
            return judge
    raise ValidationFailed({"judge": _("No judge of this court has this id.")})


# --- cases ------------------------------------------------------------------------------


@router.post("", response={201: CaseOut}, url_name="case_create")
def case_create(request: HttpRequest, payload: CaseIn) -> Case:
    """Register a case at an organization (at a court: its clerks)."""
    user = require_scope(request, CASES_WRITE)
    organization = organization_selectors.organization_get(organization_id=payload.organization)
    if organization is None or not organization.is_active:
        raise ValidationFailed({"organization": _("No organization has this id.")})
    access.require(user, Action.CASE_REGISTER, organization)
    judge = _judge(organization, payload.judge) if payload.judge is not None else None
    with transaction.atomic():
        case = services.case_register(
            actor=user,
            organization=organization,
            kind=payload.kind,
            title=payload.title,
            received_on=payload.received_on,
            confidentiality=payload.confidentiality,
            language=payload.language,
            articles=payload.articles,
            category=payload.category,
            judge=judge,
            participants=[_participant_data(item) for item in payload.participants],
        )
    return case


@router.get("/incoming", response=list[HandoverOut], url_name="case_incoming")
def case_incoming(request: HttpRequest) -> list[Handover]:
    """The cases on their way to the organizations where the caller receives cases."""
    user = require_scope(request, CASES_READ)
    return list(selectors.inbox(user=user))


@router.get("", response=Page[CaseSummary], url_name="case_list")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """The cases the caller may see, with the filters of the case list page, in a stable order."""
    user = require_scope(request, CASES_READ)
    filters = CaseFilters(**query.model_dump(exclude={"page", "page_size"}))
    return paginate(request, selectors.case_list(user=user, filters=filters), query.page, query.page_size)


@router.get("/{case_id}", response=CaseOut, url_name="case_detail")
def case_detail(request: HttpRequest, case_id: int) -> Case:
    user = require_scope(request, CASES_READ)
    return selectors.case_get(user=user, case_id=case_id)


@router.get("/{case_id}/events", response=Page[EventOut], url_name="case_events")
def case_events(request: HttpRequest, case_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    """The case's timeline as the caller may see it, oldest first."""
    user = require_scope(request, CASES_READ)
    case = selectors.case_get(user=user, case_id=case_id)
    page = paginate(request, selectors.case_events(user=user, case=case), query.page, query.page_size)
    page["items"] = [
        {
            "id": line.event.pk,
            "at": line.event.at,
            "actor": line.event.actor,
            "automatic": line.automatic,
            "code": line.event.code,
            "sentence": line.sentence,
            "from_stage": line.event.from_stage,
            "to_stage": line.event.to_stage,
            "payload": line.payload,
            "texts": line.texts,
        }
        for line in timeline(user=user, events=page["items"])
    ]
    return page


@router.get("/{case_id}/numbers", response=list[NumberOut], url_name="case_numbers")
def case_numbers(request: HttpRequest, case_id: int) -> list[CaseNumber]:
    """Every number the case was given, the first first; the last is its current number."""
    user = require_scope(request, CASES_READ)
    return selectors.case_numbers(case=selectors.case_get(user=user, case_id=case_id))


@router.get("/{case_id}/handovers", response=list[HandoverOut], url_name="case_handovers")
def case_handovers(request: HttpRequest, case_id: int) -> list[Handover]:
    """Where the case was sent, and whether it was received or returned."""
    user = require_scope(request, CASES_READ)
    return selectors.case_handovers(case=selectors.case_get(user=user, case_id=case_id))


@router.post("/{case_id}/receive", response=CaseOut, url_name="case_receive")
def case_receive(request: HttpRequest, case_id: int, payload: DecisionIn) -> Case:
    """Receive a case on its way to the caller's organization; the answer is the case there."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        custody.handover_receive(actor=user, case=case, expected_version=payload.expected_version)
    return selectors.case_get(user=user, case_id=case_id)


@router.post("/{case_id}/return", response=HandoverOut, url_name="case_return")
def case_return(request: HttpRequest, case_id: int, payload: DecisionIn) -> Handover:
    """Return a case on its way to the caller's organization to its sender, with the reasons."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        handover = custody.handover_return(
            actor=user, case=case, reason=payload.reason, expected_version=payload.expected_version
        )
    handover.refresh_from_db()
    return handover


def _links_out(user: User, case: Case) -> list[dict[str, Any]]:
    return [
        {
            "id": item.link.pk,
            "kind": item.link.kind,
            "label": item.label,
            "other": item.other.pk if item.visible else None,
            "other_number": item.other.number if item.visible else None,
        }
        for item in selectors.case_links(user=user, case=case)
    ]


@router.get("/{case_id}/links", response=list[LinkOut], url_name="case_links")
def case_links(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The cases this one is linked to, both ways."""
    user = require_scope(request, CASES_READ)
    return _links_out(user, selectors.case_get(user=user, case_id=case_id))


@router.post("/{case_id}/links", response={201: list[LinkOut]}, url_name="case_link")
def case_link(request: HttpRequest, case_id: int, payload: LinkIn) -> list[dict[str, Any]]:
    """Link this case (the source) to another (the target); the answer is the case's links."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        try:
            other = selectors.case_get(user=user, case_id=payload.other)
        except NotFound:
            raise ValidationFailed({"other": _("No case you can see has this id.")}) from None
        custody.case_link(actor=user, case=case, other=other, kind=payload.kind)
    return _links_out(user, case)


@router.delete("/{case_id}/links/{link_id}", response=list[LinkOut], url_name="case_unlink")
def case_unlink(request: HttpRequest, case_id: int, link_id: int) -> list[dict[str, Any]]:
    """Remove a link of this case (the record stays); the answer is the case's links."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        custody.case_unlink(actor=user, case=case, link=selectors.link_get(case=case, link_id=link_id))
    return _links_out(user, case)


@router.get("/{case_id}/deadlines", response=list[DeadlineOut], url_name="case_deadlines")
def case_deadlines(request: HttpRequest, case_id: int) -> list[Deadline]:
    user = require_scope(request, CASES_READ)
    return list(selectors.case_deadlines(case=selectors.case_get(user=user, case_id=case_id)))


# --- participants -----------------------------------------------------------------------


@router.get("/{case_id}/participants", response=list[ParticipantOut], url_name="case_participants")
def participant_list(request: HttpRequest, case_id: int, include_removed: bool = False) -> list[Participant]:
    user = require_scope(request, CASES_READ)
    case = selectors.case_get(user=user, case_id=case_id)
    return selectors.case_participants_shown(user=user, case=case, include_removed=include_removed)


@router.post("/{case_id}/participants", response={201: ParticipantOut}, url_name="participant_add")
def participant_add(request: HttpRequest, case_id: int, payload: ParticipantIn) -> Participant:
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        participant = services.participant_add(actor=user, case=case, data=_participant_data(payload))
    participant.details_visible = access.can(user, Action.CASE_PARTY_DETAILS, case)  # type: ignore[attr-defined]
    return participant


@router.delete("/{case_id}/participants/{participant_id}", response=ParticipantOut, url_name="participant_remove")
def participant_remove(
    request: HttpRequest, case_id: int, participant_id: int, query: Query[RemovalQuery]
) -> Participant:
    """Take a participant off the case; the record stays, with the time of removal."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        participant = selectors.participant_get(case=case, participant_id=participant_id)
        services.participant_remove(actor=user, participant=participant, reason=query.reason)
    participant.details_visible = access.can(user, Action.CASE_PARTY_DETAILS, case)  # type: ignore[attr-defined]
    return participant


# --- workflow -----------------------------------------------------------------------------


@router.get("/{case_id}/acts", response=list[ActOut], url_name="case_acts")
def act_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The acts the caller may do now to the people on the case (charging a suspect...)."""
    user = require_scope(request, CASES_READ)
    case = selectors.case_get(user=user, case_id=case_id)
    changes = selectors.case_acts_available(user=user, case=case)
    participants = list(selectors.case_participants(case=case).filter(role__in={c.from_ for c in changes}))
    return [
        {
            "participant": participant.pk,
            "action": change.action,
            "label": role_change_name(case.kind, change.action),
            "role": change.to,
            "role_label": role_name(change.to),
        }
        for change in changes
        for participant in participants
        if participant.role == change.from_
    ]


@router.post("/{case_id}/acts", response=ParticipantOut, url_name="case_act")
def act_do(request: HttpRequest, case_id: int, payload: ActIn) -> Participant:
    """Do an act of the pack to a participant (charge a suspect, who becomes the accused); the answer
    is the participant after it. 409 when the case is not at a stage for it or the participant is
    not in the role the act is for."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        participant = services.participant_role_change(
            actor=user, case=case, participant_id=payload.participant, action=payload.action, note=payload.note
        )
    participant.details_visible = access.can(user, Action.CASE_PARTY_DETAILS, case)  # type: ignore[attr-defined]
    return participant


@router.get("/{case_id}/transitions", response=list[TransitionOut], url_name="case_transitions")
def transition_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The steps the caller may take on the case now."""
    user = require_scope(request, CASES_READ)
    case = selectors.case_get(user=user, case_id=case_id)
    return [
        {
            "action": t.action,
            "label": step_name(case.kind, t.action),
            "to": t.to,
            "to_label": stage_name(case.kind, t.to),
            "receivers": list(custody.handover_targets(case=case, transition=t)) if t.handover else [],
        }
        for t in selectors.case_transitions_available(user=user, case=case)
    ]


@router.post("/{case_id}/transitions", response=CaseOut, url_name="case_transition")
def transition_make(request: HttpRequest, case_id: int, payload: TransitionIn) -> Case:
    """Take a step of the workflow; the answer is the case after it. A step that sends the case
    to another organization needs ``receiver`` when it may go to more than one."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        receiver = None
        if payload.receiver is not None:
            receiver = organization_selectors.organization_get(organization_id=payload.receiver)
            if receiver is None:
                raise ValidationFailed({"receiver": _("No organization has this id.")})
        return services.case_transition(
            actor=user,
            case=case,
            action=payload.action,
            note=payload.note,
            expected_version=payload.expected_version,
            receiver=receiver,
        )


@router.put("/{case_id}/judge", response=CaseOut, url_name="case_judge")
def judge_assign(request: HttpRequest, case_id: int, payload: JudgeIn) -> Case:
    """Assign or reassign the judge by hand."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        access.require(user, Action.CASE_ASSIGN, case)
        judge = _judge(case.holder, payload.judge)
        return services.case_assign_judge(
            actor=user, case=case, judge=judge, reason=payload.reason, expected_version=payload.expected_version
        )
