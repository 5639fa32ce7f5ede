"""Motions and complaints of the parties and their lawyers, and the answers: each an event of the
case and an audit entry; the answer is also an act, written from the pack's template and signed by
its author. The caller owns the transaction and holds the case's row lock."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.deadlines import Place
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record, text_required
from adalat.core import clock
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.documents.acts import act_file
from adalat.jurisdictions.current import get_pack

from .models import Petition
from .rules import PETITION_FILE, PetitionPayload, answers, petition_kind

MAX_TEXT = 8000
ANSWER_ACT = "petition_answer"
ANSWER_FIELDS = {"organization", "date", "case_number", "kind", "filed_by", "filed_on", "outcome", "answer", "author"}


def _payload(petition: Petition) -> PetitionPayload:
    return PetitionPayload(
        petition=petition.pk, kind=petition.kind, due_on=petition.due_on.isoformat(), outcome=petition.outcome
    )


def petition_file(*, actor: User, case: Case, kind: str, text: str) -> Petition:
    """File a motion or a complaint, to be answered within the pack's time."""
    access.require(actor, PETITION_FILE, case, message=_("Your role on this case may not file motions or complaints."))
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("The case is closed."), code="case_closed")
    if case.receiving_id is not None:
        raise Conflict(_("The case is on its way to another organization."), code="in_transit")
    found = petition_kind(kind)
    if found is None:
        raise ValidationFailed({"kind": _("Choose a motion or a complaint.")})
    text = text_required(text, name="text", limit=MAX_TEXT)
    at = clock.now()
    place = Place.of(case.holder)
    due_on = place.calendar.add(place.day(at), found.days, found.count)
    petition = Petition.objects.create(
        case=case, kind=found.code, text=text, filed_at=at, filed_by=actor, due_on=due_on
    )
    case_event_record(case=case, actor=actor, code="petition_filed", at=at, payload=_payload(petition))
    return petition


def petition_answer(*, actor: User, petition: Petition, outcome: str, answer: str) -> Petition:
    """Answer a petition, once: granted, in part or refused, with the reasons; the answer is filed
    as a signed act of the case. Its case must be locked."""
    case = petition.case
    kind = petition_kind(petition.kind)
    if kind is None or not answers(actor, case, kind):
        raise PermissionDenied(_("You do not answer this motion or complaint."))
    if petition.answered_at is not None:
        raise Conflict(_("This is answered already."), code="answered")
    if outcome not in Petition.Outcome.values:
        raise ValidationFailed({"outcome": _("Say whether it is granted, granted in part or refused.")})
    petition.answer = text_required(answer, name="answer", limit=MAX_TEXT)
    petition.outcome = outcome
    petition.answered_at = clock.now()
    petition.answered_by = actor
    pack = get_pack()
    language = case.language if case.language in pack.languages else pack.languages[0]
    with translation.override(language):
        petition.answer_document = act_file(
            actor=actor,
            case=case,
            code=ANSWER_ACT,
            values={
                "organization": case.holder.name,
                "date": Place.of(case.holder).day(petition.answered_at).isoformat(),
                "case_number": case.number,
                "kind": kind.label(language),
                "filed_by": petition.filed_by.display_name,
                "filed_on": Place.of(case.holder).day(petition.filed_at).isoformat(),
                "outcome": str(Petition.Outcome(outcome).label),
                "answer": petition.answer,
                "author": actor.display_name,
            },
        )
    petition.save(update_fields=["answer", "outcome", "answered_at", "answered_by", "answer_document"])
    case_event_record(
        case=case, actor=actor, code="petition_answered", at=petition.answered_at, payload=_payload(petition)
    )
    return petition
