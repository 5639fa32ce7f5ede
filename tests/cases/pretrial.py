"""Working with the test pack ``pretrial`` (the fixture is in ``conftest.py``): a kind of case that
only it declares, and the organizations and people its cases pass through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from adalat.accounts.models import User
from adalat.cases import selectors, services
from adalat.cases.events import NoPayload
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.organizations.models import Organization
from tests.conftest import World

PACK = Path(__file__).resolve().parents[1] / "jurisdictions" / "packs" / "pretrial"


@dataclass
class Pretrial:
    world: World
    police: Organization
    investigator: User
    office: Organization
    prosecutor: User
    other_office: Organization
    other_prosecutor: User


def report(p: Pretrial, **fields: Any) -> Case:
    """A felony reported at the police, with its accused."""
    values: dict[str, Any] = {
        "kind": "felony",
        "title": "Robbery of a shop",
        "received_on": clock.today_in(p.police.time_zone),
        "articles": ["191(2)"],
        "participants": [ParticipantData(role="accused", party=PartyData(kind="person", name="Bekov Arman"))],
    }
    values.update(fields)
    with transaction.atomic():
        return services.case_register(actor=p.investigator, organization=p.police, **values)


def step(actor: User, case: Case, action: str, **kwargs: Any) -> Case:
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return services.case_transition(actor=actor, case=locked, action=action, **kwargs)


def detain(actor: User, case: Case, at: dt.datetime | None = None) -> None:
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        case_event_record(
            case=locked, actor=actor, code="detention_recorded", payload=NoPayload(), at=at or clock.now()
        )
