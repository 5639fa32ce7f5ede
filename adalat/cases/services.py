"""Changing cases. Each service checks the access policy, validates, writes the change, its
``CaseEvent`` and its audit entry. The caller owns the transaction (``transaction.atomic``).

Hand-overs between organizations and links between cases are in ``custody``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.models import User
from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import ApplicationError, Conflict, ValidationFailed
from adalat.core.roles import Role
from adalat.core.text import search_key, search_words
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, Format, Subject, label_of
from adalat.organizations.models import Organization

from . import custody, deadlines, directory, search
from .deadlines import Place
from .event_types import JudgeAssigned, ParticipantChanged, Registered, RoleChanged, Transitioned
from .labels import role_name
from .models import Case, CaseNumber, Participant, Party
from .recording import (
    bump,
    case_event_record,
    check_version,
    clocks_of,
    clocks_save,
    number_give,
    refuse,
    stage_move,
    text_clean,
    transition_check,
)
from .workflow import role_change_refusal

ARTICLE_RE = re.compile(r"^[\w.\-()/ ]{1,40}$")
MESSAGING_CHANNELS = ("telegram", "whatsapp", "viber", "zalo", "signal")
MAX_NOTE = custody.MAX_NOTE
MAX_REASON = custody.MAX_REASON
PHONE_LENGTH = 32  # Party.phone's; an organization's may be longer


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
    postal_code: str = ""
    messaging: dict[str, str] = field(default_factory=dict)
    e_service_consent: bool = False


@dataclass(frozen=True)
class ParticipantData:
    """A participant: a role and exactly one of a new party, a known party's id (one the actor may
    attach) or an organization's id (which becomes that organization's party). ``keep_new`` keeps
    a new party even where a known one has its identity number or an organization its name."""

    role: str
    party: PartyData | None = None
    party_id: int | None = None
    organization_id: int | None = None
    keep_new: bool = False


# --- parties ----------------------------------------------------------------------------


def _format_error(value: str, rule: Format) -> str | None:
    if not value or re.fullmatch(rule.pattern, value):
        return None
    return _("Write it as %(hint)s.") % {"hint": label_of(rule.hint, get_language() or get_pack().languages[0])}


def party_errors(data: PartyData, prefix: str, today: dt.date) -> dict[str, str]:
    """What is wrong with what is said of a party, by field (``prefix`` before each name)."""
    formats = get_pack().header.formats
    errors: dict[str, str] = {}
    if data.kind not in Party.Kind.values:
        errors[f"{prefix}kind"] = _("Choose a person or an organization.")
    name = " ".join(data.name.split())
    if not name:
        errors[f"{prefix}name"] = _("Give the name.")
    elif len(name) > 300:
        errors[f"{prefix}name"] = _("The name is longer than 300 characters.")
    if len(data.national_id) > 32:
        errors[f"{prefix}national_id"] = _("The number is longer than 32 characters.")
    elif message := _format_error(data.national_id, formats.national_id):
        errors[f"{prefix}national_id"] = message
    if data.birth_date is not None:
        if data.kind == Party.Kind.ORGANIZATION:
            errors[f"{prefix}birth_date"] = _("An organization has no date of birth.")
        elif data.birth_date > today or data.birth_date.year < today.year - formats.birth_years:
            errors[f"{prefix}birth_date"] = _("The date of birth is not plausible.")
    if len(data.email) > 254:
        errors[f"{prefix}email"] = _("The e-mail address is longer than 254 characters.")
    elif data.email:
        try:
            validate_email(data.email)
        except DjangoValidationError:
            errors[f"{prefix}email"] = _("This is not an e-mail address.")
    if len(data.phone) > 32:
        errors[f"{prefix}phone"] = _("The phone number is longer than 32 characters.")
    elif message := _format_error(data.phone, formats.phone):
        errors[f"{prefix}phone"] = message
    if len(data.address) > 300:
        errors[f"{prefix}address"] = _("The address is longer than 300 characters.")
    if len(data.postal_code) > 16:
        errors[f"{prefix}postal_code"] = _("The postal code is longer than 16 characters.")
    elif message := _format_error(data.postal_code, formats.postal_code):
        errors[f"{prefix}postal_code"] = message
    for channel, handle in data.messaging.items():
        if channel not in MESSAGING_CHANNELS:
            errors[f"{prefix}messaging"] = _("Unknown messaging service: %(name)s.") % {"name": channel}
        elif not handle or len(handle) > 64:
            errors[f"{prefix}messaging"] = _("Give a handle of at most 64 characters for %(name)s.") % {"name": channel}
    if data.e_service_consent and not (data.email or data.phone or data.messaging):
        errors[f"{prefix}e_service_consent"] = _("Electronic service needs an e-mail, a phone or a messaging handle.")
    return errors


def _party_create(*, actor: User, data: PartyData, at: dt.datetime, organization: Organization | None = None) -> Party:
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
        postal_code=data.postal_code,
        messaging=dict(data.messaging),
        e_service_consent=data.e_service_consent,
        e_service_consent_at=at if data.e_service_consent else None,
        organization=organization,
        created_at=at,
    )
    search.party_index(party=party)
    audit_record(actor=actor, action="party.create", object_type="party", object_id=party.pk, data={"kind": party.kind})
    return party


def _differs(known: Party, typed: PartyData) -> bool:
    """Whether what was typed says something else than what is known of the party: another name
    (letter case and punctuation aside), or details that are not the known ones."""
    if search_words(typed.name) != search_words(known.name):
        return True
    typed_details = {
        "birth_date": typed.birth_date,
        "email": typed.email.lower(),
        "phone": typed.phone,
        "address": " ".join(typed.address.split()),
        "postal_code": typed.postal_code.upper(),
    }
    known_details = {
        "birth_date": known.birth_date,
        "email": known.email.lower(),
        "phone": known.phone,
        "address": " ".join(known.address.split()),
        "postal_code": known.postal_code.upper(),
    }
    if any(value and value != known_details[name] for name, value in typed_details.items()):
        return True
    if any(known.messaging.get(channel) != handle for channel, handle in typed.messaging.items()):
        return True
    return typed.e_service_consent and not known.e_service_consent


Chosen = Party | Organization | None  # a known party, an organization to stand for, or a new party


def _party_resolve(*, actor: User, data: ParticipantData, prefix: str) -> tuple[Chosen, dict[str, str]]:
    """Which party a participant is, and what is wrong with the choice, without writing anything.

    A new party is never silently swapped for a known one: a known party with the identity number
    typed is used only if nothing typed says otherwise, and a new organization named as one in the
    directory is refused; either way the person chooses (``keep_new`` keeps a new record)."""
    if data.party_id is not None:
        party = access.attachable_parties(actor, Party.objects.filter(pk=data.party_id)).first()
        return party, {} if party is not None else {f"{prefix}party_id": _("No party with this id.")}
    if data.organization_id is not None:
        # Locked, so that two participants added at once make one party of it.
        organization = Organization.objects.select_for_update().filter(pk=data.organization_id, is_active=True).first()
        if organization is None:
            return None, {f"{prefix}organization_id": _("No organization has this id.")}
        return organization, {}
    typed = data.party
    if typed is None or data.keep_new:
        return None, {}
    known = (
        directory.party_known(user=actor, kind=typed.kind, national_id=typed.national_id) if typed.national_id else None
    )
    if known is not None:
        if not _differs(known, typed):
            return known, {}
        message = _(
            "This number is known as %(name)s (party %(id)s), with another name or other details: "
            "choose them, or keep a new record."
        ) % {"name": known.name, "id": known.pk}
        return None, {f"{prefix}party.national_id": message}
    if typed.kind == Party.Kind.ORGANIZATION and (organization := directory.organization_named(typed.name)):
        message = _(
            "%(name)s is in the directory of organizations (organization %(id)s): choose it, or keep a new record."
        ) % {"name": organization.name, "id": organization.pk}
        return None, {f"{prefix}party.name": message}
    return None, {}


def _party_of(*, actor: User, data: ParticipantData, chosen: Chosen, at: dt.datetime) -> Party:
    """The party ``_party_resolve`` chose, an organization's own party (made the first time it takes
    part in a case, linked to it), or a new party."""
    if isinstance(chosen, Party):
        return chosen
    if isinstance(chosen, Organization):
        party = Party.objects.filter(organization=chosen).order_by("pk").first()
        if party is None:
            standing = PartyData(
                kind=Party.Kind.ORGANIZATION,
                name=chosen.name,
                email=chosen.email,
                phone=chosen.phone if len(chosen.phone) <= PHONE_LENGTH else "",
                address=chosen.address,
            )
            party = _party_create(actor=actor, data=standing, at=at, organization=chosen)
        return party
    if data.party is None:  # _participant_errors refuses this before anything is written
        raise ValidationFailed({"party": _("Give a new party, the id of a known one or the id of an organization.")})
    return _party_create(actor=actor, data=data.party, at=at)


def _participant_errors(
    *, actor: User, kind: CaseKind, participants: Sequence[ParticipantData], today: dt.date
) -> tuple[list[Chosen], dict[str, str]]:
    chosen: list[Chosen] = []
    errors: dict[str, str] = {}
    for i, item in enumerate(participants):
        prefix = f"participants[{i}]."
        if item.role not in kind.participant_roles:
            errors[f"{prefix}role"] = _("Choose one of the roles of this kind of case: %(roles)s.") % {
                "roles": ", ".join(role_name(code) for code in kind.participant_roles)
            }
        given = [item.party, item.party_id, item.organization_id]
        if sum(value is not None for value in given) != 1:
            errors[f"{prefix}party"] = _("Give a new party, the id of a known one or the id of an organization.")
            chosen.append(None)
            continue
        if item.party is not None:
            errors.update(party_errors(item.party, f"{prefix}party.", today))
        found, wrong = _party_resolve(actor=actor, data=item, prefix=prefix)
        errors.update(wrong)
        chosen.append(found)
    return chosen, errors


# --- registering ------------------------------------------------------------------------


def _judge_error(*, judge: User, court: Organization) -> str | None:
    if (
        not court.is_court
        or not judge.is_active
        or not judge.memberships.filter(organization=court, role=Role.JUDGE, is_active=True).exists()
    ):
        return _("%(name)s is not a judge of this court.") % {"name": judge.display_name}
    return None


def case_register(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    title: str,
    received_on: dt.date,
    confidentiality: str = Case.Confidentiality.NORMAL,
    articles: Sequence[str] = (),
    category: str = "",
    judge: User | None = None,
    participants: Sequence[ParticipantData] = (),
    language: str = "",
) -> Case:
    """Register a case at ``organization`` (a court, or wherever the pack lets a kind of case
    start): a number in the pack's format, the initial stage and its deadlines, the participants,
    and the events and audit entries for all of it."""
    access.require(actor, Action.CASE_REGISTER, organization)
    pack = get_pack()
    at = clock.now()
    today = clock.today_in(organization.time_zone, at)
    errors: dict[str, str] = {}
    case_kind = pack.kinds.get(kind)
    if case_kind is None:
        raise ValidationFailed({"kind": _("Unknown kind of case: %(kind)s.") % {"kind": kind[:40]}})
    if not case_kind.standalone:
        raise ValidationFailed({"kind": _("Cases of this kind are filed from the case they belong to.")})
    stage = case_kind.starting_stage(organization.kind)
    if stage is None:
        raise ValidationFailed({"kind": _("This kind of case does not start at this organization.")})
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Say briefly what the case is about.")
    elif len(title) > 300:
        errors["title"] = _("The subject is longer than 300 characters.")
    window = pack.header.formats.received_within_days
    if received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    elif received_on < today - dt.timedelta(days=window):
        errors["received_on"] = _("The date received is more than %(days)s days ago.") % {"days": window}
    if confidentiality not in Case.Confidentiality.values:
        errors["confidentiality"] = _("Choose normal, sealed or juvenile.")
    if language and language not in pack.languages:
        errors["language"] = _("Choose one of the languages of proceedings: %(languages)s.") % {
            "languages": ", ".join(pack.languages)
        }
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
    if judge is not None and (message := _judge_error(judge=judge, court=organization)):
        errors["judge"] = message
    chosen, participant_errors = _participant_errors(
        actor=actor, kind=case_kind, participants=participants, today=today
    )
    errors.update(participant_errors)
    if errors:
        raise ValidationFailed(errors)

    place = Place.of(organization)
    started = deadlines.on_entry(stage=stage, place=place, received_on=received_on, at=at)
    case = Case(
        holder=organization,
        kind=case_kind.code,
        stage=stage.code,
        status=stage.status.value,
        confidentiality=confidentiality,
        language=language or proceedings_language(),
        title=title,
        articles=clean_articles,
        category=category,
        judge=judge,
        clerk=actor,
        received_on=received_on,
        registered_at=at,
        stage_entered_at=at,
        due_on=deadlines.current_due(started),
        registered_by=actor,
    )
    number_give(case=case, organization=organization, kind=case_kind, at=at)
    case.save()
    CaseNumber.objects.create(case=case, number=case.number, organization=organization, assigned_at=at)
    search.number_index(case_id=case.pk, number=case.number)
    clocks_save(case, [], started)
    case_event_record(
        case=case,
        actor=actor,
        code="registered",
        at=at,
        to_stage=stage.code,
        payload=Registered(kind=case_kind.code, holder=organization.pk, confidentiality=confidentiality),
    )
    if judge is not None:
        case_event_record(case=case, actor=actor, code="judge_assigned", at=at, payload=JudgeAssigned(judge=judge.pk))
    for item, found in zip(participants, chosen, strict=True):
        party = _party_of(actor=actor, data=item, chosen=found, at=at)
        _participant_add(actor=actor, case=case, party=party, role=item.role, at=at)
    return case


def proceedings_language() -> str:
    """The language a case is registered in when none is chosen: the registering person's, where
    the pack has it, else the pack's first."""
    pack = get_pack()
    current = (get_language() or "").split("-")[0]
    return current if current in pack.languages else pack.languages[0]


def case_open(
    *,
    actor: User,
    organization: Organization,
    kind: CaseKind,
    title: str,
    number: str,
    at: dt.datetime,
    confidentiality: str,
    language: str,
    articles: Sequence[str],
    parties: Sequence[tuple[Party, str]],
) -> Case:
    """Open a case of a kind that is not registered on its own (``standalone: false``) for the
    module that files it from another case (a motion from its main case): at the kind's initial
    stage, held by ``organization``, numbered ``number``, with ``parties`` in their roles. The
    module decides who may and checks what it is given."""
    if kind.standalone:
        raise ValueError(f"{kind.code!r} cases are registered, not opened by a module")
    stage = kind.stage(kind.initial_stage)
    place = Place.of(organization)
    received_on = place.day(at)
    started = deadlines.on_entry(stage=stage, place=place, received_on=received_on, at=at)
    case = Case(
        holder=organization,
        kind=kind.code,
        stage=stage.code,
        status=stage.status.value,
        confidentiality=confidentiality,
        language=language,
        title=title[:300],
        articles=list(articles),
        clerk=actor,
        received_on=received_on,
        registered_at=at,
        stage_entered_at=at,
        due_on=deadlines.current_due(started),
        registered_by=actor,
        number=number,
    )
    case.save()
    CaseNumber.objects.create(case=case, number=number, organization=organization, assigned_at=at)
    search.number_index(case_id=case.pk, number=number)
    clocks_save(case, [], started)
    case_event_record(
        case=case,
        actor=actor,
        code="registered",
        at=at,
        to_stage=stage.code,
        payload=Registered(kind=kind.code, holder=organization.pk, confidentiality=confidentiality),
    )
    for party, role in parties:
        _participant_add(actor=actor, case=case, party=party, role=role, at=at)
    return case


def user_party_create(*, actor: User, user: User, data: PartyData, at: dt.datetime) -> Party:
    """A party standing for a person with an account (someone who filed a claim online), linked to
    it so that they follow their cases; ``data`` was checked with ``party_errors``."""
    party = _party_create(actor=actor, data=data, at=at)
    Party.objects.filter(pk=party.pk).update(user=user)
    party.user = user
    return party


def participant_join(*, actor: User, case: Case, party: Party, role: str) -> Participant:
    """Add a party a module chose to a case it opened or registered (the module decides who may)."""
    return _participant_add(actor=actor, case=case, party=party, role=role, at=clock.now())


def organization_party(*, actor: User, organization: Organization, at: dt.datetime) -> Party:
    """The party an organization takes part in cases as (made the first time)."""
    return _party_of(actor=actor, data=ParticipantData(role=""), chosen=organization, at=at)


# --- assignment, transitions, participants ----------------------------------------------


def case_assign_judge(
    *, actor: User, case: Case, judge: User, reason: str = "", expected_version: int | None = None
) -> Case:
    """Assign (or reassign) the judge by hand. ``case`` must be locked (``case_get(for_update=True)``)."""
    access.require(actor, Action.CASE_ASSIGN, case)
    check_version(case, expected_version)
    if case.status == Case.Status.CLOSED:
        raise ApplicationError(_("The case is closed."), code="case_closed")
    if (message := _judge_error(judge=judge, court=case.holder)) is not None:
        raise ValidationFailed({"judge": message})
    if case.judge_id == judge.pk:
        raise ValidationFailed({"judge": _("This judge is already assigned.")})
    reason = text_clean(reason, name="reason", limit=MAX_REASON)
    previous = case.judge_id
    bump(case, judge=judge)
    case_event_record(
        case=case,
        actor=actor,
        code="judge_assigned",
        at=clock.now(),
        payload=JudgeAssigned(judge=judge.pk, previous=previous),
        texts={"reason": reason},
    )
    return case


def case_transition(
    *,
    actor: User,
    case: Case,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    receiver: Organization | None = None,
) -> Case:
    """Move the case along the pack's workflow. ``case`` must be locked (``case_get(for_update=True)``).
    A hand-over step sends the case to ``receiver`` (``custody.handover_send``)."""
    access.require(actor, Action.CASE_TRANSITION, case)
    check_version(case, expected_version)
    kind = get_pack().kind(case.kind)
    try:
        transition = kind.transition(action)
    except KeyError:
        raise ValidationFailed(
            {"action": _("This kind of case has no step %(action)s.") % {"action": action[:40]}}
        ) from None
    transition_check(actor=actor, case=case, transition=transition)
    note = text_clean(note, name="note", limit=MAX_NOTE)
    if transition.handover is not None:
        custody.handover_send(actor=actor, case=case, transition=transition, receiver=receiver, note=note)
        return case
    source, target = kind.stage(case.stage), kind.stage(transition.to)
    refused = deadlines.extension_refusal(
        clocks_of(case), transition.extends, {spec.code or source.code: spec for spec in source.deadlines}
    )
    if refused is not None:
        raise Conflict(
            _("The deadline %(deadline)s cannot be extended any further.") % {"deadline": refused},
            code="deadline_limit",
        )
    at = clock.now()
    stage_move(case=case, source=source, target=target, at=at, extends=transition.extends)
    case_event_record(
        case=case,
        actor=actor,
        code="transition",
        at=at,
        from_stage=source.code,
        to_stage=target.code,
        payload=Transitioned(action=action),
        texts={"note": note},
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
        code="participant_added",
        at=at,
        payload=ParticipantChanged(participant=participant.pk, party=party.pk, role=role),
    )
    return participant


def participant_add(*, actor: User, case: Case, data: ParticipantData) -> Participant:
    """Add a participant (a new party or a known one) in one of the kind's roles."""
    access.require(actor, Action.CASE_PARTICIPANTS, case)
    at = clock.now()
    today = clock.today_in(case.holder.time_zone, at)
    chosen, errors = _participant_errors(actor=actor, kind=get_pack().kind(case.kind), participants=[data], today=today)
    if errors:
        raise ValidationFailed({key.removeprefix("participants[0]."): value for key, value in errors.items()})
    party = _party_of(actor=actor, data=data, chosen=chosen[0], at=at)
    return _participant_add(actor=actor, case=case, party=party, role=data.role, at=at)


def participant_role_change(
    *, actor: User, case: Case, participant_id: int, action: str, note: str = ""
) -> Participant:
    """A procedural act of the pack that changes a participant's standing on the case (a suspect is
    charged and becomes the accused). ``case`` must be locked (``case_get(for_update=True)``)."""
    access.require(actor, Action.CASE_TRANSITION, case)
    kind = get_pack().kind(case.kind)
    try:
        change = kind.role_change(action)
    except KeyError:
        raise ValidationFailed(
            {"action": _("This kind of case has no act %(action)s.") % {"action": action[:40]}}
        ) from None
    refuse(role_change_refusal(acting=access.case_roles(actor, case), case=case, change=change))
    participant = case.participants.select_related("party").filter(pk=participant_id, removed_at__isnull=True).first()
    if participant is None:
        raise ValidationFailed({"participant": _("No such participant on this case.")})
    values = {"name": participant.party.name, "role": role_name(participant.role), "from": role_name(change.from_)}
    if participant.role != change.from_:
        raise Conflict(
            _("%(name)s is on the case as %(role)s; this act is for a %(from)s.") % values, code="wrong_role"
        )
    if case.participants.filter(party=participant.party, role=change.to, removed_at__isnull=True).exists():
        raise Conflict(
            _("%(name)s is already on the case as %(role)s.") % {**values, "role": role_name(change.to)},
            code="already",
        )
    note = text_clean(note, name="note", limit=MAX_NOTE)
    participant.role = change.to
    participant.save(update_fields=["role"])
    case_event_record(
        case=case,
        actor=actor,
        code="participant_role_changed",
        at=clock.now(),
        payload=RoleChanged(
            participant=participant.pk, party=participant.party_id, action=action, previous=change.from_, role=change.to
        ),
        texts={"note": note},
    )
    return participant


def participant_remove(*, actor: User, participant: Participant, reason: str = "") -> Participant:
    """Take a participant off the case; the record stays, marked with the time of removal."""
    case = participant.case
    access.require(actor, Action.CASE_PARTICIPANTS, case)
    if participant.removed_at is not None:
        raise ApplicationError(_("This participant was already removed."), code="already_removed")
    reason = text_clean(reason, name="reason", limit=MAX_REASON)
    at = clock.now()
    participant.removed_at = at
    participant.save(update_fields=["removed_at"])
    case_event_record(
        case=case,
        actor=actor,
        code="participant_removed",
        at=at,
        payload=ParticipantChanged(participant=participant.pk, party=participant.party_id, role=participant.role),
        texts={"reason": reason},
    )
    return participant
