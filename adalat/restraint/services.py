"""Measures of restraint and the motions to the court on them.

A measure is applied to a suspect or an accused on a case; a measure the pack leaves to a court is
ordered by the court holding the case or, before trial, on a motion of the organization holding it:
the motion is a case of its own (the pack's ``measures.motion_kind``), linked to the main case and
sent to the competent court, whose registry receives it and whose judge decides it; the decision
comes back into the main case. Every act is an event of the case (and of the motion's) and an
audit entry. The caller owns the transaction and holds the case's row lock
(``case_get(for_update=True)``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases import custody
from adalat.cases import services as case_services
from adalat.cases.deadlines import Place
from adalat.cases.labels import role_name
from adalat.cases.models import Case, Participant, Party
from adalat.cases.recording import case_event_record, stage_move, text_clean, text_required
from adalat.core import clock
from adalat.core.errors import Conflict, ValidationFailed
from adalat.documents.acts import act_file
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import MeasureKind
from adalat.organizations.models import Organization

from . import terms
from .models import Measure, Motion
from .rules import (
    MEASURE_APPLY,
    MEASURE_DECIDE,
    MEASURE_END,
    MEASURE_MOVE,
    MeasurePayload,
    MotionPayload,
)

MAX_TEXT = 4000
BACKDATE_DAYS = 7  # how long before it is recorded a measure may have begun
RELEASE_WINDOW = dt.timedelta(hours=24)  # a release at the end of a term is recorded within its last day
GRANTED, REFUSED = "granted", "refused"
MOTION_ACT, DECISION_ACT = "custody_motion", "custody_decision"
MOTION_FIELDS = {
    "court",
    "case_number",
    "organization",
    "date",
    "request",
    "person",
    "role",
    "term",
    "grounds",
    "author",
    "measure",
}
DECISION_FIELDS = {
    "court",
    "date",
    "motion_number",
    "case_number",
    "request",
    "person",
    "decision",
    "reasons",
    "judge",
    "measure",
}


def _language(case: Case) -> str:
    languages = get_pack().languages
    return case.language if case.language in languages else languages[0]


def _term_text(kind: MeasureKind, amount: int | None) -> str:
    """A term in words, in the active language."""
    if amount is None:
        return _("until lifted")
    if kind.unit == "hours":
        return ngettext("%(count)s hour", "%(count)s hours", amount) % {"count": amount}
    return ngettext("%(count)s day", "%(count)s days", amount) % {"count": amount}


def _request(kind: MeasureKind, *, extends: bool, amount: int | None, language: str) -> str:
    measure = kind.label(language)
    if extends:
        return _("to extend %(measure)s by %(term)s.") % {"measure": measure, "term": _term_text(kind, amount)}
    return _("to order %(measure)s for %(term)s.") % {"measure": measure, "term": _term_text(kind, amount)}


def _open(case: Case) -> None:
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("The case is closed."), code="case_closed")
    if case.receiving_id is not None:
        raise Conflict(_("The case is on its way to another organization."), code="in_transit")


def _kind(code: str) -> MeasureKind:
    try:
        return get_pack().header.measures.kind(code)
    except KeyError:
        raise ValidationFailed({"kind": _("Choose one of the measures of restraint.")}) from None


def _person(case: Case, participant_id: int | None, kind: MeasureKind) -> Participant:
    found = (
        case.participants.filter(pk=participant_id, removed_at__isnull=True).select_related("party").first()
        if participant_id is not None
        else None
    )
    if found is None:
        raise ValidationFailed({"participant": _("Choose a person on the case.")})
    if found.role not in kind.persons:
        names = ", ".join(role_name(role) for role in kind.persons)
        raise ValidationFailed({"participant": _("This measure applies only to: %(roles)s.") % {"roles": names}})
    return found


def _term(kind: MeasureKind, term: int | None, most: int | None) -> int | None:
    """The term asked or given, within the pack's ``most`` (none: the measure has no term)."""
    if kind.term is None:
        if term is not None:
            raise ValidationFailed({"term": _("This measure has no term: it lasts until it is lifted.")})
        return None
    if most is None:
        raise ValidationFailed({"term": _("This measure cannot be extended.")})
    if term is None or not 1 <= term <= most:
        unit = _("hours") if kind.unit == "hours" else _("days")
        raise ValidationFailed({"term": _("Give a term from 1 to %(most)s %(unit)s.") % {"most": most, "unit": unit}})
    return term


def _running(case: Case, participant: Participant, kind: MeasureKind) -> Measure | None:
    return case.measures.filter(participant=participant, kind=kind.code, ended_at__isnull=True).first()


def _record(actor: User, case: Case, code: str, measure: Measure, at: dt.datetime, note: str = "") -> None:
    case_event_record(
        case=case,
        actor=actor,
        code=code,
        at=at,
        payload=MeasurePayload(
            measure=measure.pk,
            kind=measure.kind,
            participant=measure.participant_id,
            ends_at=clock.iso_utc(measure.ends_at) if measure.ends_at else None,
            end=measure.end,
        ),
        texts={"note": note} if note else None,
    )


def _start(
    *,
    actor: User,
    case: Case,
    participant: Participant,
    kind: MeasureKind,
    term: int | None,
    at: dt.datetime,
    note: str,
    started_at: dt.datetime | None = None,
) -> Measure:
    """A new measure from ``started_at`` (by default ``at``, when it is recorded); the person's
    other custody it replaces ends."""
    place = Place.of(case.holder)
    start = started_at or at
    ends_at = terms.term_end(kind, place, start, term) if term is not None else None
    measure = Measure.objects.create(
        case=case,
        participant=participant,
        kind=kind.code,
        custody=kind.custody,
        started_at=start,
        ends_at=ends_at,
        file_by=terms.file_by(kind, place, start, ends_at),
        applied_by=actor,
    )
    if kind.custody:
        for other in case.measures.filter(participant=participant, custody=True, ended_at__isnull=True).exclude(
            pk=measure.pk
        ):
            _finish(actor=actor, measure=other, end=Measure.End.REPLACED, at=at)
    _record(actor, case, "measure_applied", measure, at, note)
    return measure


def _finish(*, actor: User, measure: Measure, end: str, at: dt.datetime, note: str = "") -> None:
    measure.ended_at, measure.ended_by, measure.end = at, actor, end
    measure.save(update_fields=["ended_at", "ended_by", "end"])
    _record(actor, measure.case, "measure_ended", measure, at, note)


def _lengthen(
    *, actor: User, measure: Measure, kind: MeasureKind, end: dt.datetime, at: dt.datetime, note: str
) -> None:
    measure.ends_at = end
    measure.file_by = terms.file_by(kind, Place.of(measure.case.holder), measure.started_at, end)
    measure.save(update_fields=["ends_at", "file_by"])
    _record(actor, measure.case, "measure_extended", measure, at, note)


def _extension_check(measure: Measure, kind: MeasureKind, term: int | None, at: dt.datetime) -> tuple[int, dt.datetime]:
    """The term of an extension of ``measure`` and the end it gives, or the reason it cannot be extended."""
    if not measure.is_running:
        raise Conflict(_("This measure has ended."), code="measure_ended")
    amount = _term(kind, term, kind.extension)
    if measure.ends_at is None or amount is None:
        raise Conflict(_("This measure has no term to extend."), code="no_term")
    if at >= measure.ends_at:
        raise Conflict(
            _("This measure ended at %(end)s; it can no longer be extended, and the person is to be released.")
            % {"end": _moment(measure.ends_at, measure.case)},
            code="measure_expired",
        )
    place = Place.of(measure.case.holder)
    end = terms.term_end(kind, place, measure.ends_at, amount)
    total = terms.length(kind, place, measure.started_at, end)
    if kind.limit is not None and total > kind.limit:
        raise ValidationFailed(
            {
                "term": _("In all the measure would last %(total)s, longer than the law allows (%(limit)s).")
                % {"total": total, "limit": kind.limit}
            }
        )
    return amount, end


def _moment(at: dt.datetime, case: Case) -> str:
    return at.astimezone(Place.of(case.holder).zone).strftime("%Y-%m-%d %H:%M")


# --- applied by the holder ---------------------------------------------------------------------


def measure_apply(
    *,
    actor: User,
    case: Case,
    kind: str,
    participant_id: int | None,
    term: int | None,
    note: str = "",
    started_at: dt.datetime | None = None,
) -> Measure:
    """Apply a measure to a person on the case: one the pack does not leave to a court, or any
    measure when the court holds the case. ``started_at``: when it in fact began, if before it is
    recorded (a suspect arrested while Adalat was unavailable): its term counts from then, so that
    recording it late never lengthens it."""
    access.require(actor, MEASURE_APPLY, case, message=_("Your role on this case may not apply measures."))
    _open(case)
    measure_kind = _kind(kind)
    if measure_kind.court and not case.holder.is_court:
        raise ValidationFailed({"kind": _("Only a court orders this measure: move the court for it.")})
    participant = _person(case, participant_id, measure_kind)
    amount = _term(measure_kind, term, measure_kind.term)
    note = text_clean(note, name="note", limit=MAX_TEXT)
    at = clock.now()
    if started_at is not None:
        if started_at.tzinfo is None:
            raise ValidationFailed({"started_at": _("Give the time with its time zone.")})
        ended = amount is not None and terms.term_end(measure_kind, Place.of(case.holder), started_at, amount) <= at
        if started_at > at:
            raise ValidationFailed({"started_at": _("The measure cannot begin in the future.")})
        if ended or started_at < at - dt.timedelta(days=BACKDATE_DAYS):
            raise ValidationFailed(
                {"started_at": _("A measure begun then would already have ended: record its end as well, on paper.")}
            )
    if _running(case, participant, measure_kind) is not None:
        raise Conflict(_("This measure already applies to this person; extend it instead."), code="measure_running")
    return _start(
        actor=actor,
        case=case,
        participant=participant,
        kind=measure_kind,
        term=amount,
        at=at,
        note=note,
        started_at=started_at,
    )


def measure_extend(*, actor: User, case: Case, measure: Measure, term: int | None, note: str = "") -> Measure:
    """Extend a running measure while the court holds the case (before trial: ``motion_file``)."""
    access.require(actor, MEASURE_APPLY, case, message=_("Your role on this case may not extend measures."))
    _open(case)
    kind = _kind(measure.kind)
    if kind.court and not case.holder.is_court:
        raise ValidationFailed({"kind": _("Only a court extends this measure: move the court for it.")})
    at = clock.now()
    _amount, end = _extension_check(measure, kind, term, at)
    _lengthen(
        actor=actor, measure=measure, kind=kind, end=end, at=at, note=text_clean(note, name="note", limit=MAX_TEXT)
    )
    return measure


def measure_end(*, actor: User, case: Case, measure: Measure, end: str, note: str = "") -> Measure:
    """End a running measure: lifted, or the person released at the end of its term."""
    access.require(actor, MEASURE_END, case, message=_("Your role on this case may not end measures."))
    _open(case)
    if not measure.is_running:
        raise Conflict(_("This measure has ended."), code="measure_ended")
    if end not in (Measure.End.LIFTED, Measure.End.RELEASED):
        raise ValidationFailed({"end": _("Say whether the measure is lifted or the person released at its end.")})
    at = clock.now()
    if end == Measure.End.RELEASED and (measure.ends_at is None or at < measure.ends_at - RELEASE_WINDOW):
        raise ValidationFailed({"end": _("The term does not end today: lift the measure instead.")})
    _finish(actor=actor, measure=measure, end=end, at=at, note=text_clean(note, name="note", limit=MAX_TEXT))
    return measure


# --- motions to the court ----------------------------------------------------------------------


def motion_courts(*, case: Case) -> list[Organization]:
    """The courts a motion from ``case`` may go to (the pack's rule of territory)."""
    kind = get_pack().kind(_motion_kind_code())
    step = next(t for t in kind.transitions_from(kind.initial_stage) if t.handover is not None)
    probe = Case(holder=case.holder, kind=kind.code, stage=kind.initial_stage)
    return list(custody.handover_targets(case=probe, transition=step))


def _motion_kind_code() -> str:
    code = get_pack().header.measures.motion_kind
    if code is None:
        raise Conflict(_("This jurisdiction has no motions on measures."), code="no_motions")
    return code


def motion_file(
    *,
    actor: User,
    case: Case,
    kind: str,
    participant_id: int | None = None,
    measure: Measure | None = None,
    term: int | None,
    grounds: str,
    court: Organization | None = None,
) -> Motion:
    """Move the court to apply a measure to a person (``participant_id``) or to extend ``measure``:
    the motion becomes a case at the court, linked to ``case`` and on its way to the court's registry."""
    access.require(actor, MEASURE_MOVE, case, message=_("Your role on this case may not move the court."))
    _open(case)
    pack = get_pack()
    at = clock.now()
    asked: int | None
    if measure is not None:
        measure_kind = _kind(measure.kind)
        participant = measure.participant
        asked, _end = _extension_check(measure, measure_kind, term, at)
    else:
        measure_kind = _kind(kind)
        participant = _person(case, participant_id, measure_kind)
        asked = _term(measure_kind, term, measure_kind.term)
        if _running(case, participant, measure_kind) is not None:
            raise Conflict(
                _("This measure already applies to this person; move for its extension."), code="measure_running"
            )
    if not measure_kind.court:
        raise ValidationFailed({"kind": _("This measure needs no court: apply it yourself.")})
    grounds = text_required(grounds, name="grounds", limit=MAX_TEXT)
    pending = case.motions.filter(participant=participant, decided_at__isnull=True)
    if pending.filter(kind=measure_kind.code).exists():
        raise Conflict(_("A motion on this measure for this person waits for the court."), code="motion_pending")
    motion_kind = pack.kind(_motion_kind_code())
    courts = motion_courts(case=case)
    if court is None:
        if len(courts) != 1:
            raise ValidationFailed({"court": _("Choose the court.")})
        court = courts[0]
    elif court not in courts:
        raise ValidationFailed({"court": _("This court does not decide motions from here.")})
    parties: list[tuple[Party, str]] = [(participant.party, participant.role)]
    roles = set(motion_kind.participant_roles)
    acting = {role.code: role.acts_as for role in pack.header.participant_roles}
    for other in case.participants.filter(removed_at__isnull=True).select_related("party"):
        if (
            other.role in roles
            and acting.get(other.role) in ("lawyer", "prosecutor")
            and other.party_id != participant.party_id
        ):
            parties.append((other.party, other.role))
    if case.holder.kind == Organization.Kind.INVESTIGATIVE_BODY and "investigator" in roles:
        parties.append((case_services.organization_party(actor=actor, organization=case.holder, at=at), "investigator"))
    elif case.holder.kind == Organization.Kind.PROSECUTOR_OFFICE and "prosecutor" in roles:
        own = case_services.organization_party(actor=actor, organization=case.holder, at=at)
        if all(party.pk != own.pk for party, _role in parties):
            parties.append((own, "prosecutor"))
    sequence = case.motions.count() + 1
    language = pack.languages[0]
    title = f"{measure_kind.label(language)}: {case.number}"
    motion_case = case_services.case_open(
        actor=actor,
        organization=case.holder,
        kind=motion_kind,
        title=title,
        number=f"{case.number}/M{sequence}",
        at=at,
        confidentiality=case.confidentiality,
        language=case.language,
        articles=case.articles,
        parties=parties,
    )
    custody.link_record(actor=actor, case=motion_case, other=case, kind="motion", at=at)
    motion = Motion.objects.create(
        case=case,
        motion_case=motion_case,
        participant=participant,
        kind=measure_kind.code,
        measure=measure,
        term=asked,
        grounds=grounds,
        filed_at=at,
        filed_by=actor,
    )
    payload = MotionPayload(
        motion=motion.pk,
        kind=measure_kind.code,
        participant=participant.pk,
        motion_case=motion_case.pk,
        main_case=case.pk,
        measure=measure.pk if measure else None,
    )
    for here in (case, motion_case):
        case_event_record(
            case=here, actor=actor, code="motion_filed", at=at, payload=payload, texts={"grounds": grounds}
        )
    language = _language(motion_case)
    with translation.override(language):
        act_file(
            actor=actor,
            case=motion_case,
            code=MOTION_ACT,
            values={
                "court": court.name,
                "case_number": case.number,
                "organization": case.holder.name,
                "date": Place.of(case.holder).day(at).isoformat(),
                "request": _request(measure_kind, extends=measure is not None, amount=asked, language=language),
                "person": participant.party.name,
                "role": pack.participant_role(participant.role).label(language),
                "term": _term_text(measure_kind, asked),
                "grounds": grounds,
                "author": actor.display_name,
                "measure": measure_kind.label(language),
            },
        )
    step = next(t for t in motion_kind.transitions_from(motion_kind.initial_stage) if t.handover is not None)
    custody.handover_send(actor=actor, case=motion_case, transition=step, receiver=court)
    return motion


def motion_decide(*, actor: User, motion_case: Case, granted: bool, term: int | None, reasons: str) -> Motion:
    """Decide a motion (the judge assigned to it): grant it, for the term asked or a shorter one,
    or refuse it, with reasons. The decision comes back into the main case. ``motion_case`` must be
    locked; the main case is locked here."""
    access.require(actor, MEASURE_DECIDE, motion_case, message=_("Only the judge assigned to the motion decides it."))
    _open(motion_case)
    motion = Motion.objects.select_related("participant").get(motion_case=motion_case)
    if motion.decided_at is not None:
        raise Conflict(_("This motion is decided."), code="decided")
    kind_of_motion = get_pack().kind(motion_case.kind)
    target = kind_of_motion.stage(GRANTED if granted else REFUSED)
    reasons = text_required(reasons, name="reasons", limit=MAX_TEXT)
    main = Case.objects.select_for_update(of=("self",)).select_related("holder").get(pk=motion.case_id)
    measure_kind = _kind(motion.kind)
    at = clock.now()
    amount: int | None = None
    if granted:
        if measure_kind.term is not None:
            if term is None or not 1 <= term <= (motion.term or 0):
                raise ValidationFailed(
                    {"term": _("Give a term from 1 to the %(asked)s asked.") % {"asked": motion.term}}
                )
            amount = term
        elif term is not None:
            raise ValidationFailed({"term": _("This measure has no term: it lasts until it is lifted.")})
        if motion.measure_id is not None:
            measure = Measure.objects.select_related("case", "case__holder").get(pk=motion.measure_id)
            _amount, end = _extension_check(measure, measure_kind, amount, at)
            _lengthen(actor=actor, measure=measure, kind=measure_kind, end=end, at=at, note=reasons)
        else:
            if main.status == Case.Status.CLOSED:
                raise Conflict(_("The main case is closed."), code="case_closed")
            participant = main.participants.filter(pk=motion.participant_id, removed_at__isnull=True).first()
            if participant is None:
                raise Conflict(_("The person is no longer on the main case."), code="not_on_case")
            if _running(main, participant, measure_kind) is not None:
                raise Conflict(_("This measure already applies to this person."), code="measure_running")
            _start(actor=actor, case=main, participant=participant, kind=measure_kind, term=amount, at=at, note=reasons)
    motion.decided_at, motion.decided_by, motion.granted, motion.granted_term, motion.reasons = (
        at,
        actor,
        granted,
        amount,
        reasons,
    )
    motion.save(update_fields=["decided_at", "decided_by", "granted", "granted_term", "reasons"])
    language = _language(motion_case)
    with translation.override(language):
        act_file(
            actor=actor,
            case=motion_case,
            code=DECISION_ACT,
            values={
                "court": motion_case.holder.name,
                "date": Place.of(motion_case.holder).day(at).isoformat(),
                "motion_number": motion_case.number,
                "case_number": main.number,
                "request": _request(
                    measure_kind, extends=motion.measure_id is not None, amount=motion.term, language=language
                ),
                "person": motion.participant.party.name,
                "decision": (
                    _("to grant the motion: %(measure)s for %(term)s.")
                    % {"measure": measure_kind.label(language), "term": _term_text(measure_kind, amount)}
                    if granted
                    else _("to refuse the motion.")
                ),
                "reasons": reasons,
                "judge": actor.display_name,
                "measure": measure_kind.label(language),
            },
        )
    source = kind_of_motion.stage(motion_case.stage)
    stage_move(case=motion_case, source=source, target=target, at=at)
    payload = MotionPayload(
        motion=motion.pk,
        kind=motion.kind,
        participant=motion.participant_id,
        motion_case=motion_case.pk,
        main_case=main.pk,
        measure=motion.measure_id,
        granted=granted,
    )
    case_event_record(
        case=motion_case,
        actor=actor,
        code="motion_decided",
        at=at,
        from_stage=source.code,
        to_stage=target.code,
        payload=payload,
        texts={"reasons": reasons},
    )
    case_event_record(case=main, actor=actor, code="motion_decided", at=at, payload=payload, texts={"reasons": reasons})
    return motion
