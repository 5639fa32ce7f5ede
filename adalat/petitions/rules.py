"""Who files and answers motions and complaints: the pack says which roles on a case may file
(``petition.file``: the parties and their lawyers) and answer them (``petition.answer``); a kind
answered by the holder is answered by the staff of the organization holding the case, one answered
by the supervisor by the prosecutor on it."""

from __future__ import annotations

from typing import Any

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.accounts.models import User
from adalat.cases.events import Payload
from adalat.cases.models import Case
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import PetitionKind

OWNER = "petitions"
PETITION_FILE = "petition.file"
PETITION_ANSWER = "petition.answer"


class PetitionPayload(Payload):
    petition: int
    kind: str
    due_on: str
    outcome: str = ""


def petition_kind(code: str) -> PetitionKind | None:
    return next((k for k in get_pack().header.petitions if k.code == code), None)


def file_rule(person: User | None, case: Any) -> bool:
    """Someone on the case in a role the pack lets file motions and complaints, while it is open."""
    return (
        isinstance(case, Case)
        and case.status != Case.Status.CLOSED
        and bool(get_pack().header.petitions)
        and access.pack_permits(person, PETITION_FILE, case)
    )


def answers(person: AnyUser | None, case: Case, kind: PetitionKind) -> bool:
    """Whether ``person`` answers petitions of ``kind`` on ``case``."""
    if not access.pack_permits(person, PETITION_ANSWER, case):
        return False
    if kind.answered_by == "supervisor":
        return Role.PROSECUTOR in access.case_roles(person, case)
    return case.holder_id in access.holding_ids(person)


def answer_rule(person: User | None, case: Any) -> bool:
    """Someone who answers some kind of petition on the case."""
    return isinstance(case, Case) and any(answers(person, case, kind) for kind in get_pack().header.petitions)
