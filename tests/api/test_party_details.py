"""Who sees the identity and contacts of the people on a case."""

from __future__ import annotations

import pytest
from django.db import transaction

from adalat.cases import services
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from tests.accounts.factories import UserFactory
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def add(world: World, case: Case, role: str, **party: object) -> None:
    with transaction.atomic():
        participant = services.participant_add(
            actor=world.clerk,
            case=case,
            data=ParticipantData(
                role=role,
                party=PartyData(
                    kind="person", name=f"{role} person", phone="+7 701 000 00 00", national_id=f"ID-{role}"
                ),
            ),
        )
    type(participant.party).objects.filter(pk=participant.party_id).update(**party)


def parties(user, case: Case) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    response = api_client(user).get(f"/api/v1/cases/{case.pk}/participants")
    assert response.status_code == 200, response.content
    return {p["role"]: p["party"] for p in response.json()}


def test_court_staff_and_the_prosecution_see_contacts_a_lawyer_and_a_party_see_names(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    citizen = UserFactory(username="citizen")
    add(world, case, "victim", user=citizen)
    add(world, case, "lawyer", user=world.lawyer)
    add(world, case, "prosecutor", organization=world.prosecutor_office)

    for insider in (world.clerk, world.judge, world.judge2, world.chair, world.prosecutor):
        assert parties(insider, case)["victim"]["phone"] == "+7 701 000 00 00", insider.username

    seen_by_lawyer = parties(world.lawyer, case)
    assert seen_by_lawyer["victim"]["name"] == "victim person"
    assert seen_by_lawyer["victim"]["phone"] is None and seen_by_lawyer["victim"]["national_id"] is None
    assert seen_by_lawyer["lawyer"]["phone"] == "+7 701 000 00 00"  # their own record

    seen_by_victim = parties(citizen, case)
    assert seen_by_victim["victim"]["national_id"] == "ID-VICTIM"
    assert seen_by_victim["lawyer"]["phone"] is None and seen_by_victim["accused"]["national_id"] is None


def test_the_case_page_hides_contacts_from_other_parties(world: World, client) -> None:  # type: ignore[no-untyped-def]
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    add(world, case, "lawyer", user=world.lawyer)
    add(world, case, "victim")
    client.force_login(world.lawyer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "victim person" in page and "Not shown to you" in page
    client.force_login(world.clerk)
    assert "Not shown to you" not in client.get(f"/cases/{case.pk}/").content.decode()
