"""The events the case file records on its own: their payloads (identifiers only) and how they read.

Names are looked up when the timeline is shown, once per timeline for all its events, so that the
events themselves never hold a person's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.organizations.models import Organization

from .events import Audience, Payload, Reading, event_type
from .labels import deadline_name, link_label, role_change_name, role_name, stage_name, step_name
from .models import Case, Participant

OWNER = "cases"


class Registered(Payload):
    kind: str
    holder: int
    confidentiality: str


class JudgeAssigned(Payload):
    judge: int
    previous: int | None = None


class Transitioned(Payload):
    action: str


class ParticipantChanged(Payload):
    participant: int
    party: int
    role: str


class RoleChanged(Payload):
    participant: int
    party: int
    action: str
    previous: str
    role: str


class HandoverSent(Payload):
    handover: int
    receiver: int
    action: str


class HandoverReceived(Payload):
    handover: int
    organization: int
    number: str | None = None  # the number the case got there, if it numbers cases


class DeadlineMoved(Payload):
    outage: int
    stage: str
    deadline: str
    due_on: dt.date
    moved_to: dt.date


class HandoverReturned(Payload):
    handover: int
    organization: int


class Linked(Payload):
    link: int
    kind: str
    other: int
    outgoing: bool  # this case is the link's source


# --- what sentences look up, once per timeline ---------------------------------------------------


def _ids(reading: Reading, key: str) -> set[int]:
    found: set[int] = set()
    for event in reading.batch:
        value = (event.data or {}).get(key)
        if isinstance(value, int):
            found.add(value)
    return found


def user_name(reading: Reading, user_id: Any) -> str:
    users: dict[int, User] = reading.cached(
        "users", lambda: User.objects.in_bulk(_ids(reading, "judge") | _ids(reading, "previous"))
    )
    user = users.get(user_id) if isinstance(user_id, int) else None
    return user.display_name if user is not None else _("(unknown)")


def organization_name(reading: Reading, organization_id: Any) -> str:
    organizations: dict[int, Organization] = reading.cached(
        "organizations",
        lambda: Organization.objects.in_bulk(
            _ids(reading, "receiver") | _ids(reading, "organization") | _ids(reading, "holder")
        ),
    )
    organization = organizations.get(organization_id) if isinstance(organization_id, int) else None
    return organization.name if organization is not None else _("(unknown)")


def party_name(reading: Reading, participant_id: Any) -> str:
    case_id = reading.event.case_id
    participants: dict[int, Participant] = reading.cached(
        ("participants", case_id),
        lambda: {p.pk: p for p in Participant.objects.filter(case=case_id).select_related("party")},
    )
    participant = participants.get(participant_id) if isinstance(participant_id, int) else None
    return participant.party.name if participant is not None else _("(unknown)")


def case_number(reading: Reading, case_id: Any) -> str:
    """The other case's number, if the reader may see that case."""
    cases: dict[int, Case] = reading.cached(
        "linked cases", lambda: Case.objects.select_related("holder").in_bulk(_ids(reading, "other"))
    )
    case = cases.get(case_id) if isinstance(case_id, int) else None
    if case is None or not access.can_view_case(reading.reader, case):
        return _("a case not shown to you")
    return case.number


def _with_text(sentence: str, reading: Reading, name: str, label: str) -> str:
    text = reading.texts.get(name)
    return f"{sentence} {label} {text}" if text else sentence


# --- sentences -----------------------------------------------------------------------------------


def _registered(r: Reading) -> str:
    return _("%(actor)s registered the case; it is at the stage %(stage)s.") % {
        "actor": r.actor,
        "stage": stage_name(r.event.case.kind, r.event.to_stage),
    }


def _judge_assigned(r: Reading) -> str:
    sentence = _("%(actor)s assigned the case to judge %(judge)s.") % {
        "actor": r.actor,
        "judge": user_name(r, r.payload.judge),
    }
    return _with_text(sentence, r, "reason", _("Reason:"))


def _transitioned(r: Reading) -> str:
    kind = r.event.case.kind
    sentence = _("%(actor)s: %(step)s (from %(from)s to %(to)s).") % {
        "actor": r.actor,
        "step": step_name(kind, r.payload.action),
        "from": stage_name(kind, r.event.from_stage),
        "to": stage_name(kind, r.event.to_stage),
    }
    return _with_text(sentence, r, "note", _("Note:"))


def _participant_added(r: Reading) -> str:
    return _("%(actor)s added %(name)s as %(role)s.") % {
        "actor": r.actor,
        "name": party_name(r, r.payload.participant),
        "role": role_name(r.payload.role),
    }


def _participant_removed(r: Reading) -> str:
    sentence = _("%(actor)s removed %(name)s (%(role)s) from the case.") % {
        "actor": r.actor,
        "name": party_name(r, r.payload.participant),
        "role": role_name(r.payload.role),
    }
    return _with_text(sentence, r, "reason", _("Reason:"))


def _role_changed(r: Reading) -> str:
    sentence = _("%(actor)s: %(act)s. %(name)s is now %(role)s (was %(previous)s).") % {
        "actor": r.actor,
        "act": role_change_name(r.event.case.kind, r.payload.action),
        "name": party_name(r, r.payload.participant),
        "role": role_name(r.payload.role),
        "previous": role_name(r.payload.previous),
    }
    return _with_text(sentence, r, "note", _("Note:"))


def _handover_sent(r: Reading) -> str:
    sentence = _("%(actor)s sent the case to %(organization)s: %(step)s.") % {
        "actor": r.actor,
        "organization": organization_name(r, r.payload.receiver),
        "step": step_name(r.event.case.kind, r.payload.action),
    }
    return _with_text(sentence, r, "note", _("Note:"))


def _handover_received(r: Reading) -> str:
    values = {"actor": r.actor, "organization": organization_name(r, r.payload.organization)}
    if r.payload.number:
        return _("%(actor)s received the case at %(organization)s; its number there is %(number)s.") % {
            **values,
            "number": r.payload.number,
        }
    return _("%(actor)s received the case at %(organization)s.") % values


def _handover_returned(r: Reading) -> str:
    sentence = _("%(actor)s returned the case from %(organization)s.") % {
        "actor": r.actor,
        "organization": organization_name(r, r.payload.organization),
    }
    return _with_text(sentence, r, "reason", _("Reason:"))


def _deadline_moved(r: Reading) -> str:
    return _(
        "%(actor)s moved the deadline “%(deadline)s” from %(due)s to %(moved)s: Adalat was unavailable on "
        "%(due)s for longer than the law allows."
    ) % {
        "actor": r.actor,
        "deadline": deadline_name(r.event.case.kind, r.payload.stage, r.payload.deadline),
        "due": r.payload.due_on.isoformat(),
        "moved": r.payload.moved_to.isoformat(),
    }


def _linked(r: Reading) -> str:
    return _("%(actor)s linked the case: %(label)s %(number)s.") % {
        "actor": r.actor,
        "label": link_label(r.payload.kind, outgoing=r.payload.outgoing),
        "number": case_number(r, r.payload.other),
    }


def _unlinked(r: Reading) -> str:
    return _("%(actor)s removed the link: %(label)s %(number)s.") % {
        "actor": r.actor,
        "label": link_label(r.payload.kind, outgoing=r.payload.outgoing),
        "number": case_number(r, r.payload.other),
    }


def register() -> None:
    """Register the case file's event types (called once, when Django starts)."""
    kinds: Iterable[tuple[str, type[Payload], Any, tuple[str, ...]]] = (
        ("registered", Registered, _registered, ()),
        ("judge_assigned", JudgeAssigned, _judge_assigned, ("reason",)),
        ("transition", Transitioned, _transitioned, ("note",)),
        ("participant_added", ParticipantChanged, _participant_added, ()),
        ("participant_removed", ParticipantChanged, _participant_removed, ("reason",)),
        ("participant_role_changed", RoleChanged, _role_changed, ("note",)),
        ("handover_sent", HandoverSent, _handover_sent, ("note",)),
        ("handover_received", HandoverReceived, _handover_received, ()),
        ("case_linked", Linked, _linked, ()),
        ("case_unlinked", Linked, _unlinked, ()),
        ("deadline_moved", DeadlineMoved, _deadline_moved, ()),
    )
    for code, payload, sentence, texts in kinds:
        event_type(code, payload=payload, audience=Audience.CASE, sentence=sentence, texts=texts, owner=OWNER)
    # The reasons a case is sent back are between the organizations that handle it.
    event_type(
        "handover_returned",
        payload=HandoverReturned,
        audience=Audience.OFFICIAL,
        sentence=_handover_returned,
        texts=("reason",),
        owner=OWNER,
    )
