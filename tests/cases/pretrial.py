"""The test pack ``pretrial`` in use (the fixture ``pretrial``): a kind of case that only it declares,
the precondition and the event its workflow names, registered the way a module would, and the
organizations and people its cases pass through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from adalat.accounts.models import User
from adalat.cases import events, preconditions, selectors, services
from adalat.cases.events import Audience, NoPayload, Reading, event_type
from adalat.cases.models import Case
from adalat.cases.recording import case_event_record
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.roles import Role
from adalat.jurisdictions.loader import load_pack
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

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


def _detention(reading: Reading) -> str:
    return f"{reading.actor}: the suspect is detained."


@pytest.fixture
def pretrial(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pretrial]:
    monkeypatch.setattr(preconditions, "_preconditions", dict(preconditions.preconditions()))
    monkeypatch.setattr(events, "_types", events.event_types())
    preconditions.precondition(
        "accused_named",
        check=lambda case: case.participants.filter(role="accused", removed_at__isnull=True).exists(),
        message="Name the accused first.",
        owner="tests",
    )
    event_type("detention_recorded", payload=NoPayload, audience=Audience.OFFICIAL, sentence=_detention, owner="tests")
    police = OrganizationFactory(code="IB01", name="City Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    other_office = OrganizationFactory(code="PO02", name="Other Prosecutor", kind=Organization.Kind.PROSECUTOR_OFFICE)
    with override_settings(PACK=load_pack(PACK)):
        yield Pretrial(
            world=world,
            police=police,
            investigator=member(police, Role.INVESTIGATOR, username="investigator"),
            office=world.prosecutor_office,
            prosecutor=world.prosecutor,
            other_office=other_office,
            other_prosecutor=member(other_office, Role.PROSECUTOR, username="other_prosecutor"),
        )


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
