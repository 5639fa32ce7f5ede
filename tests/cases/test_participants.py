from __future__ import annotations

import pytest
from django.db import transaction

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases import selectors, services
from adalat.cases.models import Case, CaseEvent, Participant, Party
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


def test_an_organization_of_the_directory_takes_part_as_its_own_party_made_once(world: World) -> None:
    """The prosecutor's office chosen from the directory: its prosecutors see the case."""
    first = register(clerk=world.clerk, court=world.court)
    second = register(clerk=world.clerk, court=world.court)
    office = world.prosecutor_office
    office.email, office.phone = "office@prosecutor.example", "+7 (7172) 00-00-00, reception ext. 1234"  # 40
    office.save()
    assert not access.can_view_case(world.prosecutor, first)

    with transaction.atomic():
        a = services.participant_add(
            actor=world.clerk, case=first, data=ParticipantData("prosecutor", organization_id=office.pk)
        )
        b = services.participant_add(
            actor=world.clerk, case=second, data=ParticipantData("prosecutor", organization_id=office.pk)
        )

    assert a.party_id == b.party_id
    assert (a.party.kind, a.party.name, a.party.organization) == ("organization", office.name, office)
    assert (a.party.email, a.party.phone) == ("office@prosecutor.example", "")  # longer than a party's phone
    assert Party.objects.filter(organization=office).count() == 1
    prosecutor = User.objects.get(pk=world.prosecutor.pk)  # what they see is read once per request
    assert access.can_view_case(prosecutor, first) and access.can_view_case(prosecutor, second)


def test_an_organization_that_is_not_active_cannot_be_chosen(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    office = world.prosecutor_office
    office.is_active = False
    office.save()
    with pytest.raises(ValidationFailed) as caught, transaction.atomic():
        services.participant_add(
            actor=world.clerk, case=case, data=ParticipantData("prosecutor", organization_id=office.pk)
        )
    assert set(caught.value.fields) == {"organization_id"}
    with pytest.raises(ValidationFailed) as caught, transaction.atomic():
        services.participant_add(
            actor=world.clerk,
            case=case,
            data=ParticipantData(
                "prosecutor", party=PartyData(kind="organization", name="X"), organization_id=office.pk
            ),
        )
    assert set(caught.value.fields) == {"party"}


def test_a_new_organization_named_as_one_of_the_directory_is_refused_unless_kept(world: World) -> None:
    """Typing the office's name does not make a record its prosecutors never see, unnoticed."""
    case = register(clerk=world.clerk, court=world.court)
    typed = PartyData(kind="organization", name="  district PROSECUTOR ")
    with pytest.raises(ValidationFailed) as caught, transaction.atomic():
        services.participant_add(actor=world.clerk, case=case, data=ParticipantData("prosecutor", typed))
    assert "District Prosecutor is in the directory" in caught.value.fields["party.name"]
    assert not Participant.objects.filter(case=case, role="prosecutor").exists()

    with transaction.atomic():
        kept = services.participant_add(
            actor=world.clerk, case=case, data=ParticipantData("prosecutor", typed, keep_new=True)
        )
    assert (kept.party.name, kept.party.organization) == ("district PROSECUTOR", None)


def test_a_national_id_known_under_another_name_is_not_silently_swapped(world: World) -> None:
    first = register(clerk=world.clerk, court=world.court, kind="civil")
    second = register(clerk=world.clerk, court=world.court, kind="civil")
    with transaction.atomic():
        known = services.participant_add(
            actor=world.clerk,
            case=first,
            data=ParticipantData("defendant", PartyData(kind="person", name="Petrov Petr", national_id="880101300123")),
        ).party
    typed = PartyData(kind="person", name="Sidorov Sidor", national_id="880101300123")

    with pytest.raises(ValidationFailed) as caught, transaction.atomic():
        services.participant_add(actor=world.clerk, case=second, data=ParticipantData("defendant", typed))
    message = caught.value.fields["party.national_id"]
    assert "Petrov Petr" in message and f"party {known.pk}" in message
    assert not Participant.objects.filter(case=second, role="defendant").exists()

    # The same name with other details is asked about too; the same name alone is the same party.
    other_phone = PartyData(kind="person", name="PETROV petr", national_id="880101300123", phone="+7 701 000 00 00")
    with pytest.raises(ValidationFailed), transaction.atomic():
        services.participant_add(actor=world.clerk, case=second, data=ParticipantData("defendant", other_phone))

    with transaction.atomic():
        kept = services.participant_add(
            actor=world.clerk, case=second, data=ParticipantData("defendant", typed, keep_new=True)
        )
        chosen = services.participant_add(
            actor=world.clerk, case=second, data=ParticipantData("third_party", party_id=known.pk)
        )
    assert (kept.party.name, kept.party.national_id) == ("Sidorov Sidor", "880101300123")
    assert kept.party_id != known.pk and chosen.party_id == known.pk
    assert Party.objects.get(pk=known.pk).name == "Petrov Petr"


def test_a_registration_checks_every_choice_before_it_writes(world: World) -> None:
    hidden = Participant.objects.get(case=register(clerk=world.other_clerk, court=world.other_court)).party
    before = Case.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        register(
            clerk=world.clerk,
            court=world.court,
            participants=[
                ParticipantData("accused", party_id=hidden.pk),
                ParticipantData("prosecutor", organization_id=10**9),
                ParticipantData("victim", PartyData(kind="organization", name="District Prosecutor")),
            ],
        )
    assert set(caught.value.fields) == {
        "participants[0].party_id",
        "participants[1].organization_id",
        "participants[2].party.name",
    }
    assert Case.objects.count() == before
