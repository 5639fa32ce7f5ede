"""A criminal case under investigation at the police: a suspect defended by the world's lawyer,
supervised by the world's prosecutor; the world's district courts decide motions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.cases import custody
from adalat.cases import selectors as case_selectors
from adalat.cases import services as case_services
from adalat.cases.models import Case, Participant
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from adalat.restraint import services
from adalat.restraint.models import Measure, Motion
from tests.accounts.factories import member
from tests.api.people import party_of
from tests.conftest import World
from tests.documents.samples import document_storage
from tests.organizations.factories import OrganizationFactory
from tests.signing.factories import authority

__all__ = ["authority", "document_storage"]


@pytest.fixture(autouse=True)
def _own_storage(document_storage: object) -> None:
    """The acts a test files go to a folder of its own."""


@dataclass
class Held:
    world: World
    police: Organization
    investigator: User
    case: Case
    suspect: Participant

    def locked(self, user: User, case: Case | None = None) -> Case:
        return case_selectors.case_get(user=user, case_id=(case or self.case).pk, for_update=True)

    def apply(self, kind: str = "arrest", term: int | None = 72) -> Measure:
        with transaction.atomic():
            return services.measure_apply(
                actor=self.investigator,
                case=self.locked(self.investigator),
                kind=kind,
                participant_id=self.suspect.pk,
                term=term,
            )

    def move(self, *, kind: str = "detention", term: int | None = 60, measure: Measure | None = None) -> Motion:
        with transaction.atomic():
            return services.motion_file(
                actor=self.investigator,
                case=self.locked(self.investigator),
                kind=kind,
                participant_id=None if measure else self.suspect.pk,
                measure=measure,
                term=term,
                grounds="He may flee: no fixed address.",
                court=self.world.court,
            )

    def receive(self, motion: Motion) -> Case:
        """The court's registry receives the motion and assigns the world's judge."""
        with transaction.atomic():
            custody.handover_receive(actor=self.world.clerk, case=self.locked(self.world.clerk, motion.motion_case))
            case_services.case_assign_judge(
                actor=self.world.clerk, case=self.locked(self.world.clerk, motion.motion_case), judge=self.world.judge
            )
        return Case.objects.get(pk=motion.motion_case_id)

    def decide(self, motion: Motion, *, granted: bool = True, term: int | None = 60) -> Motion:
        with transaction.atomic():
            return services.motion_decide(
                actor=self.world.judge,
                motion_case=self.locked(self.world.judge, motion.motion_case),
                granted=granted,
                term=term,
                reasons="The grounds are made out." if granted else "No risk of flight is shown.",
            )


@pytest.fixture
def held(world: World) -> Held:
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(police, Role.INVESTIGATOR, username="investigator")
    with transaction.atomic():
        case = case_services.case_register(
            actor=investigator,
            organization=police,
            kind="criminal",
            title="Robbery of a shop",
            received_on=clock.today_in(police.time_zone),
            articles=["191(2)"],
            participants=[
                ParticipantData(role="suspect", party=PartyData(kind="person", name="Abenov Serik")),
                ParticipantData(role="witness", party=PartyData(kind="person", name="Kim Olga")),
                ParticipantData(role="lawyer", party_id=party_of(world.lawyer).pk),
                ParticipantData(role="prosecutor", organization_id=world.prosecutor_office.pk),
            ],
        )
    suspect = case.participants.get(role="suspect")
    return Held(world=world, police=police, investigator=investigator, case=case, suspect=suspect)
