"""A criminal case under investigation at the police, supervised by the world's prosecutor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.cases import services
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory


@dataclass
class Supervised:
    world: World
    police: Organization
    investigator: User
    case: Case


@pytest.fixture
def supervised(world: World) -> Supervised:
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(police, Role.INVESTIGATOR, username="investigator")
    with transaction.atomic():
        case = services.case_register(
            actor=investigator,
            organization=police,
            kind="criminal",
            title="Theft of a car",
            received_on=clock.today_in(police.time_zone),
            articles=["188(2)"],
            participants=[
                ParticipantData(role="suspect", party=PartyData(kind="person", name="Abenov Serik")),
                ParticipantData(role="prosecutor", organization_id=world.prosecutor_office.pk),
            ],
        )
    return Supervised(world=world, police=police, investigator=investigator, case=case)
