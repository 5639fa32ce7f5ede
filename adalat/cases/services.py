"""Changing cases. Each service checks the access policy, validates, writes the change, its
``CaseEvent`` and its audit entry. The caller owns the transaction (``transaction.atomic``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.models import User
from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from adalat.core.roles import Role
from adalat.core.text import search_key
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, Stage, StageStatus, Subject
from adalat.organizations.models import Organization

from .deadlines import DeadlineTerms, stage_deadline
from .labels import role_name
from .models import Case, CaseEvent, Deadline, Participant, Party
from .numbering import number_allocate
from .workflow import Refusal, transition_refusal

ARTICLE_RE = re.compile(r"^[\w.\-()/ ]{1,40}$")
NATIONAL_ID_RE = re.compile(r"^[A-Za-z0-9\-]{4,32}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,31}$")
MESSAGING_CHANNELS = ("telegram", "whatsapp", "viber", "zalo", "signal")


@dataclass(frozen=True)
class PartyData:
    """What a form or the API says about a party to be registered."""

    kind: str
    name: str
    national_id: str = ""
    birth_date: dt.date | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    messaging: dict[str, str] = field(default_factory=dict)
    e_service_consent: bool = False


@dataclass(frozen=True)
class ParticipantData:
    role: str
    party: PartyData | None = None
    party_id: int | None = None


def case_event_record(
    *,
    case: Case,
    actor: User,
    action: str,
    at: dt.datetime,
    from_stage: str = "",
    to_stage: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append an event to the case's timeline and its entry to the audit log.

    Other modules (documents, hearings...) record what they do to a case through this.
    """
    details = data or {}
    event = CaseEvent.objects.create(
        case=case, actor=actor, action=action, at=at, from_stage=from_stage, to_stage=to_stage, data=details
    )
    audit_record(
        actor=actor,
        action=f"case.{action}",
        object_type="case",
        object_id=case.pk,
        data={"number": case.number, "event": event.pk, "from": from_stage, "to": to_stage, **details},
    )
    return event


def _deadline_create(*, case: Case, stage: Stage, terms: DeadlineTerms | None) -> None:
    if terms is not None:
        Deadline.objects.create(
            case=case, stage=stage.code, basis=terms.basis, starts_on=terms.starts_on, due_on=terms.due_on
        )


def _close_deadlines(*, case: Case, at: dt.datetime) -> None:
    today = clock.today_in(case.court.time_zone, at)
    open_deadlines = Deadline.objects.filter(case=case, closed_at__isnull=True)
    open_deadlines.filter(due_on__gte=today).update(closed_at=at, met=True)
    open_deadlines.filter(due_on__lt=today).update(closed_at=at, met=False)


# --- parties ----------------------------------------------------------------------------


def _party_errors(data: PartyData, prefix: str, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in Party.Kind.values:
        errors[f"{prefix}kind"] = _("Choose a person or an organization.")
    name = " ".join(data.name.split())
    if not name:
        errors[f"{prefix}name"] = _("Give the name.")
    elif len(name) > 300:
        errors[f"{prefix}name"] = _("The name is longer than 300 characters.")
    if data.national_id and not NATIONAL_ID_RE.match(data.national_id):
        errors[f"{prefix}national_id"] = _("Use 4 to 32 Latin letters, digits or hyphens.")
    if data.birth_date is not None:
        if data.kind == Party.Kind.ORGANIZATION:
            errors[f"{prefix}birth_date"] = _("An organization has no date of birth.")
        elif data.birth_date > today or data.birth_date.year < 1900:
            errors[f"{prefix}birth_date"] = _("The date of birth is not plausible.")
    if len(data.email) > 254:
        errors[f"{prefix}email"] = _("The e-mail address is longer than 254 characters.")
    elif data.email:
        try:
            validate_email(data.email)
        except DjangoValidationError:
            errors[f"{prefix}email"] = _("This is not an e-mail address.")
    if data.phone and not PHONE_RE.match(data.phone):
        errors[f"{prefix}phone"] = _("Use digits, spaces, brackets, hyphens and a leading +.")
    if len(data.address) > 300:
        errors[f"{prefix}address"] = _("The address is longer than 300 characters.")
    for channel, handle in data.messaging.items():
        if channel not in MESSAGING_CHANNELS:
            errors[f"{prefix}messaging"] = _("Unknown messaging service: %(name)s.") % {"name": channel}
        elif not handle or len(handle) > 64:
            errors[f"{prefix}messaging"] = _("Give a handle of at most 64 characters for %(name)s.") % {"name": channel}
    if data.e_service_consent and not (data.email or data.phone or data.messaging):
        errors[f"{prefix}e_service_consent"] = _("Electronic service needs an e-mail, a phone or a messaging handle.")
    return errors


def _party_create(*, actor: User, data: PartyData, at: dt.datetime) -> Party:
    name = " ".join(data.name.split())
    party = Party.objects.create(
        kind=data.kind,
        name=name,
        search_name=search_key(name),
        national_id=data.national_id.upper(),
        birth_date=data.birth_date,
        email=data.email,
        phone=data.phone,
        address=data.address,
        messaging=dict(data.messaging),
        e_service_consent=data.e_service_consent,
        e_service_consent_at=at if data.e_service_consent else None,
        created_at=at,
    )
    audit_record(actor=actor, action="party.create", object_type="party", object_id=party.pk, data={"kind": party.kind})
    return party


def _party_for(*, actor: User, data: ParticipantData, prefix: str, at: dt.datetime) -> Party:
    if data.party_id is not None:
        party = access.attachable_parties(actor, Party.objects.filter(pk=data.party_id)).first()
        if party is None:
            raise ValidationFailed({f"{prefix}party_id": _("No party with this id.")})
        return party
    if data.party is None:
        raise ValidationFailed({f"{prefix}party": _("Give either a new party or the id of a known one.")})
    if data.party.national_id:
        # The same person again, if the actor already sees them on a case; otherwise a new record,
        # so that a national id typed in is not a way to someone else's contacts.
        same = Party.objects.filter(kind=data.party.kind, national_id=data.party.national_id.upper())
        existing = access.attachable_parties(actor, same).first()
        if existing is not None:
            return existing
    return _party_create(actor=actor, data=data.party, at=at)


def _participant_errors(kind: CaseKind, participants: Sequence[ParticipantData], today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for i, item in enumerate(participants):
        prefix = f"participants[{i}]."
        if item.role not in kind.participant_roles:
            errors[f"{prefix}role"] = _("Choose one of the roles of this kind of case: %(roles)s.") % {
                "roles": ", ".join(role_name(code) for code in kind.participant_roles)
            }
        if (item.party is None) == (item.party_id is None):
            errors[f"{prefix}party"] = _("Give either a new party or the id of a known one.")
        elif item.party is not None:
            errors.update(_party_errors(item.party, f"{prefix}party.", today))
    return errors


# --- registering ------------------------------------------------------------------------


def _judge_error(*, judge: User, court: Organization) -> str | None:
    if (
        not judge.is_active
        or not judge.memberships.filter(organization=court, role=Role.JUDGE, is_active=True).exists()
    ):
        return _("%(name)s is not a judge of this court.") % {"name": judge.display_name}
    return None


def case_register(
    *,
    actor: User,
    court: Organization,
    kind: str,
    title: str,
    received_on: dt.date,
    confidentiality: str = Case.Confidentiality.NORMAL,
    articles: Sequence[str] = (),
    category: str = "",
    judge: User | None = None,
    participants: Sequence[ParticipantData] = (),
) -> Case:
    """Register a case at ``court``: a number from the pack's format, the initial stage and
    its deadline, the participants, and the event and audit entries for all of it."""
    access.require(actor, Action.CASE_REGISTER, court)
    pack = get_pack()
    at = clock.now()
    today = clock.today_in(court.time_zone, at)
    errors: dict[str, str] = {}
    case_kind = pack.kinds.get(kind)
    if case_kind is None:
        raise ValidationFailed({"kind": _("Unknown kind of case: %(kind)s.") % {"kind": kind[:40]}})
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Say briefly what the case is about.")
    elif len(title) > 300:
        errors["title"] = _("The subject is longer than 300 characters.")
    if received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    elif received_on < today - dt.timedelta(days=366):
        errors["received_on"] = _("The date received is more than a year ago.")
    if confidentiality not in Case.Confidentiality.values:
        errors["confidentiality"] = _("Choose normal, sealed or juvenile.")
    clean_articles = [" ".join(a.split()) for a in articles if a.strip()]
    if case_kind.subject == Subject.ARTICLES:
        if not clean_articles:
            errors["articles"] = _("Give at least one legal article.")
        elif len(clean_articles) > 20 or not all(ARTICLE_RE.match(a) for a in clean_articles):
            errors["articles"] = _("Give up to 20 articles such as 158(2)(a), each at most 40 characters.")
        if category:
            errors["category"] = _("This kind of case has legal articles, not a claim category.")
    else:
        if category not in {c.code for c in case_kind.categories}:
            errors["category"] = _("Choose one of the claim categories of this kind of case.")
        if clean_articles:
            errors["articles"] = _("This kind of case has a claim category, not legal articles.")
    if judge is not None and (message := _judge_error(judge=judge, court=court)):
        errors["judge"] = message
    errors.update(_participant_errors(case_kind, participants, today))
    if errors:
        raise ValidationFailed(errors)

    number = number_allocate(pack.header.numbering, court=court, kind=case_kind, year=today.year)
    stage = case_kind.stage(case_kind.initial_stage)
    terms = stage_deadline(court=court, stage=stage, received_on=received_on, entered_at=at)
    case = Case(
        number=number,
        court=court,
        kind=case_kind.code,
        stage=stage.code,
        status=stage.status.value,
        confidentiality=confidentiality,
        title=title,
        articles=clean_articles,
        category=category,
        judge=judge,
        clerk=actor,
        received_on=received_on,
        registered_at=at,
        stage_entered_at=at,
        due_on=terms.due_on if terms else None,
        registered_by=actor,
    )
    case.save()
    _deadline_create(case=case, stage=stage, terms=terms)
    case_event_record(
        case=case,
        actor=actor,
        action="registered",
        at=at,
        to_stage=stage.code,
        data={"kind": case_kind.code, "court": court.code, "confidentiality": confidentiality},
    )
    if judge is not None:
        case_event_record(
            case=case,
            actor=actor,
            action="judge_assigned",
            at=at,
            data={"judge": judge.pk, "judge_name": judge.display_name},
        )
    for i, item in enumerate(participants):
        party = _party_for(actor=actor, data=item, prefix=f"participants[{i}].", at=at)
        _participant_add(actor=actor, case=case, party=party, role=item.role, at=at)
    return case


# --- assignment, transitions, participants ----------------------------------------------


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise Conflict(_("The case was changed by someone else in the meantime; reload it and try again."))


def _bump(case: Case, **changes: Any) -> None:
    """Save ``changes`` and a new version; the caller holds the case's row lock."""
    for name, value in changes.items():
        setattr(case, name, value)
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, **changes)
    case.version += 1


def case_assign_judge(
    *, actor: User, case: Case, judge: User, reason: str = "", expected_version: int | None = None
) -> Case:
    """Assign (or reassign) the judge by hand. ``case`` must be locked (``case_get(for_update=True)``)."""
    access.require(actor, Action.CASE_ASSIGN, case)
    _check_version(case, expected_version)
    if case.status == Case.Status.CLOSED:
        raise ApplicationError(_("The case is closed."), code="case_closed")
    if (message := _judge_error(judge=judge, court=case.court)) is not None:
        raise ValidationFailed({"judge": message})
    if case.judge_id == judge.pk:
        raise ValidationFailed({"judge": _("This judge is already assigned.")})
    if len(reason) > 500:
        raise ValidationFailed({"reason": _("The reason is longer than 500 characters.")})
    previous = case.judge_id
    _bump(case, judge=judge)
    case_event_record(
        case=case,
        actor=actor,
        action="judge_assigned",
        at=clock.now(),
        data={"judge": judge.pk, "judge_name": judge.display_name, "previous": previous, "reason": reason},
    )
    return case


def case_transition(
    *, actor: User, case: Case, action: str, note: str = "", expected_version: int | None = None
) -> Case:
    """Move the case along the pack's workflow. ``case`` must be locked (``case_get(for_update=True)``)."""
    access.require(actor, Action.CASE_TRANSITION, case)
    _check_version(case, expected_version)
    kind = get_pack().kind(case.kind)
    try:
        transition = kind.transition(action)
    except KeyError:
        raise ValidationFailed(
            {"action": _("This kind of case has no step %(action)s.") % {"action": action[:40]}}
        ) from None
    refusal = transition_refusal(
        acting=access.case_roles(actor, case),
        stage=case.stage,
        judge_assigned=case.judge_id is not None,
        transition=transition,
    )
    if refusal == Refusal.WRONG_STAGE:
        raise Conflict(refusal.message, code="wrong_stage")
    if refusal is not None:
        raise PermissionDenied(refusal.message, code="transition_refused")
    if len(note) > 2000:
        raise ValidationFailed({"note": _("The note is longer than 2000 characters.")})
    at = clock.now()
    target = kind.stage(transition.to)
    previous = case.stage
    _close_deadlines(case=case, at=at)
    changes: dict[str, Any] = {"stage": target.code, "status": target.status.value, "stage_entered_at": at}
    if target.resolves and case.resolved_on is None:
        changes["resolved_on"] = clock.today_in(case.court.time_zone, at)
    changes["closed_at"] = at if target.status == StageStatus.CLOSED else None
    terms = stage_deadline(court=case.court, stage=target, received_on=case.received_on, entered_at=at)
    changes["due_on"] = terms.due_on if terms else None
    _bump(case, **changes)
    _deadline_create(case=case, stage=target, terms=terms)
    case_event_record(
        case=case,
        actor=actor,
        action=f"transition.{action}",
        at=at,
        from_stage=previous,
        to_stage=target.code,
        data={"note": note} if note else {},
    )
    return case


def _participant_add(*, actor: User, case: Case, party: Party, role: str, at: dt.datetime) -> Participant:
    if Participant.objects.filter(case=case, party=party, role=role, removed_at__isnull=True).exists():
        raise ValidationFailed(
            {"role": _("%(name)s is already on the case as %(role)s.") % {"name": party.name, "role": role_name(role)}}
        )
    participant = Participant.objects.create(case=case, party=party, role=role, added_at=at)
    case_event_record(
        case=case,
        actor=actor,
        action="participant_added",
        at=at,
        data={"participant": participant.pk, "party": party.pk, "name": party.name, "role": role},
    )
    return participant


def participant_add(*, actor: User, case: Case, data: ParticipantData) -> Participant:
    """Add a participant (a new party or a known one) in one of the kind's roles."""
    access.require(actor, Action.CASE_PARTICIPANTS, case)
    at = clock.now()
    errors = _participant_errors(get_pack().kind(case.kind), [data], clock.today_in(case.court.time_zone, at))
    if errors:
        raise ValidationFailed({key.removeprefix("participants[0]."): value for key, value in errors.items()})
    party = _party_for(actor=actor, data=data, prefix="", at=at)
    return _participant_add(actor=actor, case=case, party=party, role=data.role, at=at)


def participant_remove(*, actor: User, participant: Participant, reason: str = "") -> Participant:
    """Take a participant off the case; the record stays, marked with the time of removal."""
    case = participant.case
    access.require(actor, Action.CASE_PARTICIPANTS, case)
    if participant.removed_at is not None:
        raise ApplicationError(_("This participant was already removed."), code="already_removed")
    if len(reason) > 500:
        raise ValidationFailed({"reason": _("The reason is longer than 500 characters.")})
    at = clock.now()
    participant.removed_at = at
    participant.save(update_fields=["removed_at"])
    case_event_record(
        case=case,
        actor=actor,
        action="participant_removed",
        at=at,
        data={
            "participant": participant.pk,
            "party": participant.party_id,
            "name": participant.party.name,
            "role": participant.role,
            "reason": reason,
        },
    )
    return participant
