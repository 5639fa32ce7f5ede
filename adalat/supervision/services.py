"""Instructions of a case's supervisor and their answers: each an event of the case, seen by the
court and the prosecution, and an audit entry."""

from __future__ import annotations

from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.deadlines import Place
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record, text_required
from adalat.core import clock
from adalat.core.errors import Conflict
from adalat.jurisdictions.current import get_pack

from .models import Instruction
from .rules import INSTRUCTION_ANSWER, INSTRUCTION_GIVE, InstructionPayload

MAX_TEXT = 4000


def instruction_give(*, actor: User, case: Case, text: str) -> Instruction:
    """Give the organization holding ``case`` an instruction to answer within the pack's time.
    ``case`` must be locked (``case_get(for_update=True)``)."""
    access.require(actor, INSTRUCTION_GIVE, case, message=_("Your role on this case may not give instructions."))
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("The case is closed."), code="case_closed")
    if case.receiving_id is not None:
        raise Conflict(_("The case is on its way to another organization."), code="in_transit")
    text = text_required(text, name="text", limit=MAX_TEXT)
    at = clock.now()
    rule = get_pack().header.instructions
    place = Place.of(case.holder)
    due_on = place.calendar.add(place.day(at), rule.answer_days, rule.count)
    instruction = Instruction.objects.create(case=case, text=text, given_at=at, given_by=actor, due_on=due_on)
    case_event_record(
        case=case,
        actor=actor,
        code="instruction_given",
        at=at,
        payload=InstructionPayload(instruction=instruction.pk, due_on=due_on.isoformat()),
    )
    return instruction


def instruction_answer(*, actor: User, instruction: Instruction, answer: str) -> Instruction:
    """Answer an instruction, once. Its case must be locked."""
    case = instruction.case
    access.require(actor, INSTRUCTION_ANSWER, case, message=_("Only the organization holding the case answers."))
    if instruction.answered_at is not None:
        raise Conflict(_("This instruction is already answered."), code="answered")
    instruction.answer = text_required(answer, name="answer", limit=MAX_TEXT)
    instruction.answered_at = clock.now()
    instruction.answered_by = actor
    instruction.save(update_fields=["answer", "answered_at", "answered_by"])
    case_event_record(
        case=case,
        actor=actor,
        code="instruction_answered",
        at=instruction.answered_at,
        payload=InstructionPayload(instruction=instruction.pk, due_on=instruction.due_on.isoformat()),
    )
    return instruction
