"""What every change to a case shares: recording its event (with the texts, the audit entry, the
deadlines and the subscribers' deliveries), moving it between stages with its deadlines, giving it a
number, and its version. Used by ``services`` and ``custody``; the caller holds the case's row lock
and owns the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, Extension, Stage, StageStatus, Transition
from adalat.organizations.models import Organization

from . import deadlines, search
from .deadlines import Clock, Place
from .events import Payload, subscribers_of, type_of
from .models import Case, CaseEvent, CaseNumber, Deadline, EventDelivery, EventText
from .numbering import number_allocate
from .tasks import event_deliver
from .workflow import Refusal, transition_refusal


def case_event_record(
    *,
    case: Case,
    actor: User,
    code: str,
    payload: Payload,
    at: dt.datetime,
    texts: Mapping[str, str] | None = None,
    from_stage: str = "",
    to_stage: str = "",
) -> CaseEvent:
    """Record an event of a registered type on the case's timeline: the event, the texts a person
    wrote with it, its audit entry (identifiers only), the deadlines the pack counts from it, and a
    delivery to each subscriber, queued as a task — all in the caller's transaction.

    Every module records what it does to a case through this.
    """
    kind = type_of(code)
    if not isinstance(payload, kind.payload):
        raise TypeError(f"the event {code!r} takes a {kind.payload.__name__}, not a {type(payload).__name__}")
    written = {name: text for name, text in (texts or {}).items() if text}
    if set(written) - set(kind.texts):
        raise TypeError(f"the event {code!r} carries no text {sorted(set(written) - set(kind.texts))[0]!r}")
    data = payload.model_dump(mode="json")
    event = CaseEvent.objects.create(
        case=case,
        actor=actor,
        code=code,
        audience=kind.audience,
        at=at,
        from_stage=from_stage,
        to_stage=to_stage,
        data=data,
    )
    EventText.objects.bulk_create(EventText(event=event, name=name, text=text) for name, text in written.items())
    audit_record(
        actor=actor,
        action=f"case.{code}",
        object_type="case",
        object_id=case.pk,
        data={"event": event.pk, "number": case.number, "from": from_stage, "to": to_stage, **data},
    )
    _deadlines_on_event(case=case, code=code, at=at)
    for subscriber in subscribers_of(code):
        delivery = EventDelivery.objects.create(event=event, subscriber=subscriber.name, queued_at=at)
        event_deliver.enqueue(delivery.pk)
    return event


# --- deadlines ---------------------------------------------------------------------------------


def clocks_of(case: Case) -> list[Clock]:
    """The case's open deadlines, as the rules of ``deadlines`` see them."""
    return [
        Clock(
            stage=d.stage,
            code=d.code,
            basis=d.basis,
            unit=d.unit,
            amount=d.amount,
            starts_on=d.starts_on,
            due_on=d.due_on,
            due_at=d.due_at,
            paused_at=d.paused_at,
            remaining=d.remaining,
            row=d,
        )
        for d in Deadline.objects.filter(case=case, closed_at__isnull=True).order_by("id")
    ]


CLOCK_FIELDS = ("basis", "amount", "due_on", "due_at", "paused_at", "remaining", "closed_at", "met")


def clocks_save(case: Case, clocks: list[Clock], started: list[Clock]) -> dt.date | None:
    """Write what the rules changed and started; return the case's current deadline."""
    for clock_ in clocks:
        if clock_.changed:
            Deadline.objects.filter(pk=clock_.row.pk).update(**{name: getattr(clock_, name) for name in CLOCK_FIELDS})
    Deadline.objects.bulk_create(
        Deadline(
            case=case,
            stage=c.stage,
            code=c.code,
            basis=c.basis,
            unit=c.unit,
            amount=c.amount,
            starts_on=c.starts_on,
            due_on=c.due_on,
            due_at=c.due_at,
        )
        for c in started
    )
    return deadlines.current_due([c for c in clocks if c.open] + started)


def _deadlines_on_event(*, case: Case, code: str, at: dt.datetime) -> None:
    kind = get_pack().kinds.get(case.kind)
    if kind is None or not kind.has_stage(case.stage):
        return
    stage = kind.stage(case.stage)
    if not any(spec.event == code for spec in stage.deadlines):
        return
    clocks = clocks_of(case)
    started = deadlines.on_event(
        clocks, stage=stage, event=code, place=Place.of(case.holder), received_on=case.received_on, at=at
    )
    if started:
        due = clocks_save(case, clocks, started)
        Case.objects.filter(pk=case.pk).update(due_on=due)
        case.due_on = due


def number_give(*, case: Case, organization: Organization, kind: CaseKind, at: dt.datetime) -> str | None:
    """Give the case the next number of ``organization``, if its kind of organization numbers cases;
    the number becomes the case's current one and joins its numbers. The caller saves ``case.number``."""
    holder = get_pack().holder(organization.kind)
    if holder is None or holder.numbering is None:
        return None
    year = clock.today_in(organization.time_zone, at).year
    number = number_allocate(holder.numbering, org=organization, kind=kind, year=year)
    if case.pk is not None:
        CaseNumber.objects.create(case=case, number=number, organization=organization, assigned_at=at)
        search.number_index(case_id=case.pk, number=number)
    case.number = number
    return number


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise Conflict(_("The case was changed by someone else in the meantime; reload it and try again."))


def bump(case: Case, **changes: Any) -> None:
    """Save ``changes`` and a new version; the caller holds the case's row lock."""
    for name, value in changes.items():
        setattr(case, name, value)
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, **changes)
    case.version += 1


def text_required(value: str, *, name: str, limit: int) -> str:
    """What a person must write for an act (an instruction, a motion's grounds, an answer): without
    the spaces around it, not empty, within ``limit``; else the field's error."""
    text = value.strip()
    if not text:
        raise ValidationFailed({name: _("Write the text.")})
    if len(text) > limit:
        raise ValidationFailed({name: _("The text is longer than %(max)s characters.") % {"max": limit}})
    return text


def text_clean(value: str, *, name: str, limit: int) -> str:
    """A note or a reason as it is kept, or the field's error when it is too long."""
    if len(value) > limit:
        if name == "note":
            message = _("The note is longer than %(limit)s characters.")
        else:
            message = _("The reason is longer than %(limit)s characters.")
        raise ValidationFailed({name: message % {"limit": limit}})
    return value.strip()


def transition_check(*, actor: User, case: Case, transition: Transition) -> None:
    """Refuse the step unless ``actor`` may take it on ``case`` now: 409 when the case is not
    where the step starts, 403 when their role may not or a precondition is unmet."""
    refuse(transition_refusal(acting=access.case_roles(actor, case), case=case, transition=transition))


def refuse(refusal: Refusal | None) -> None:
    """Raise ``refusal``: a conflict when the case is not where the act is possible, else forbidden."""
    if refusal is None:
        return
    if refusal.is_conflict:
        raise Conflict(refusal.message, code=refusal.code)
    raise PermissionDenied(refusal.message, code="transition_refused")


def stage_move(
    *,
    case: Case,
    source: Stage,
    target: Stage,
    at: dt.datetime,
    extends: Sequence[Extension] = (),
    **extra: Any,
) -> None:
    """Move ``case`` from ``source`` to ``target`` with its deadlines (``extends`` lengthens those
    the step extends); ``extra`` are other changes to save with it (a new holder, a new number).
    The caller records the event."""
    place = Place.of(extra.get("holder", case.holder))
    clocks = clocks_of(case)
    started = deadlines.on_transition(
        clocks,
        source=source,
        target=target,
        place=place,
        received_on=case.received_on,
        at=at,
        extends=extends,
    )
    changes: dict[str, Any] = {**extra, "due_on": clocks_save(case, clocks, started)}
    if source.code != target.code:
        changes.update(stage=target.code, status=target.status.value, stage_entered_at=at)
        if target.resolves and case.resolved_on is None:
            changes["resolved_on"] = place.day(at)
        changes["closed_at"] = at if target.status == StageStatus.CLOSED else None
    bump(case, **changes)
