"""The fixture of the test pack ``pretrial``: the pack in use, the precondition and the event its
workflow names registered the way a module would, and the organizations its cases pass through."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from adalat.cases import events, preconditions
from adalat.cases.events import Audience, NoPayload, Reading, event_type
from adalat.core.roles import Role
from adalat.jurisdictions.loader import load_pack
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.cases.pretrial import PACK, Pretrial
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory


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
