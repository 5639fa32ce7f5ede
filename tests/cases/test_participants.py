from __future__ import annotations

import pytest
from django.db import transaction

from adalat.cases import selectors, services
from adalat.cases.models import CaseEvent, Participant, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_participant_is_added_with_a_new_party_and_recorded(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, kind="civil")
    data = ParticipantData(
        role="defendant",
        party=PartyData(
            kind="organization",
            name="  Romashka   LLC ",
            national_id="bin-123456",
            email="office@romashka.example",
            e_service_consent=True,
        ),
    )
    with transaction.atomic():
        participant = services.participant_add(actor=world.clerk, case=case, data=data)
    party = participant.party
    assert (party.name, party.search_name, party.national_id) == ("Romashka LLC", "romashka llc", "BIN-123456")
    assert party.e_service_consent and party.e_service_consent_at is not None
    assert CaseEvent.objects.filter(case=case, code="participant_added", data__role="defendant").exists()


def test_a_party_known_by_national_id_is_reused(world: World) -> None:
    first = register(clerk=world.clerk, court=world.court, kind="civil")
    second = register(clerk=world.clerk, court=world.court, kind="civil")
    data = ParticipantData(
        role="defendant", party=PartyData(kind="person", name="Petrov Petr", national_id="880101300123")
    )
    with transaction.atomic():
        a = services.participant_add(actor=world.clerk, case=first, data=data)
        b = services.participant_add(actor=world.clerk, case=second, data=data)
    assert a.party_id == b.party_id
    assert Party.objects.filter(national_id="880101300123").count() == 1


def test_roles_must_belong_to_the_kind_and_consent_needs_a_contact(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, kind="civil")
    bad = ParticipantData(role="accused", party=PartyData(kind="person", name="X", e_service_consent=True))
    with pytest.raises(ValidationFailed) as caught, transaction.atomic():
        services.participant_add(actor=world.clerk, case=case, data=bad)
    assert set(caught.value.fields) == {"role", "party.e_service_consent"}


def test_the_same_party_cannot_be_added_twice_in_one_role(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    existing = Participant.objects.get(case=case)
    with pytest.raises(ValidationFailed, match="already on the case"), transaction.atomic():
        services.participant_add(
            actor=world.clerk, case=case, data=ParticipantData(role="accused", party_id=existing.party_id)
        )


def test_removal_keeps_the_record_and_cannot_happen_twice(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    participant = Participant.objects.get(case=case)
    with transaction.atomic():
        services.participant_remove(actor=world.judge, participant=participant, reason="Joined by mistake")
    assert list(selectors.case_participants(case=case)) == []
    assert list(selectors.case_participants(case=case, include_removed=True)) == [participant]
    with pytest.raises(ApplicationError, match="already removed"), transaction.atomic():
        services.participant_remove(actor=world.judge, participant=participant)


def test_strangers_may_not_change_participants(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    data = ParticipantData(role="witness", party=PartyData(kind="person", name="Sidorov Sidor"))
    for outsider in (world.other_clerk, world.judge2, world.lawyer, world.chair):
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.participant_add(actor=outsider, case=case, data=data)
    assert Participant.objects.filter(case=case).count() == 1


def test_a_national_id_known_only_in_another_court_makes_a_new_record(world: World) -> None:
    """Typing a national id is not a way to a stranger's stored contacts."""
    elsewhere = register(clerk=world.other_clerk, court=world.other_court, kind="civil")
    here = register(clerk=world.clerk, court=world.court, kind="civil")
    stored = PartyData(kind="person", name="Petrov Petr", national_id="880101300123", phone="+7 701 111 11 11")
    typed = PartyData(kind="person", name="Petrov Petr", national_id="880101300123")
    with transaction.atomic():
        theirs = services.participant_add(
            actor=world.other_clerk, case=elsewhere, data=ParticipantData("defendant", stored)
        )
        mine = services.participant_add(actor=world.clerk, case=here, data=ParticipantData("defendant", typed))
    assert mine.party_id != theirs.party_id
    assert mine.party.phone == ""
