"""Who gives and answers instructions: the pack says which roles on a case may (``instruction.give``,
``instruction.answer``); the answer is the organization holding the case's."""

from __future__ import annotations

from typing import Any

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.events import Payload
from adalat.cases.models import Case
from adalat.jurisdictions.current import get_pack

OWNER = "supervision"
INSTRUCTION_GIVE = "instruction.give"
INSTRUCTION_ANSWER = "instruction.answer"


class InstructionPayload(Payload):
    instruction: int
    due_on: str


def answerable(case: Case) -> bool:
    """Whether the organization holding ``case`` has staff in a role that answers instructions."""
    pack = get_pack()
    holder = pack.holder(case.holder.kind)
    return holder is not None and bool(set(holder.staff) & pack.permitted(INSTRUCTION_ANSWER))


def give_rule(person: User | None, case: Any) -> bool:
    """A role the pack lets give instructions, while the case is with those who answer them."""
    return isinstance(case, Case) and access.pack_permits(person, INSTRUCTION_GIVE, case) and answerable(case)


def answer_rule(person: User | None, case: Any) -> bool:
    """The staff of the organization holding the case, in a role the pack lets answer."""
    return (
        isinstance(case, Case)
        and case.holder_id in access.holding_ids(person)
        and access.pack_permits(person, INSTRUCTION_ANSWER, case)
    )
