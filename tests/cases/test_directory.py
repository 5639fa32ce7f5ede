"""The directory a participant is chosen from: organizations in the system and the known parties
the user may attach, by any words of their names, and the fragment the picker shows as one types."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases import services
from adalat.cases.directory import directory_search, parties_attachable
from adalat.cases.models import Participant, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.organizations.models import Organization
from tests.api.people import party_of
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(world: World) -> dict[str, object]:
    office = OrganizationFactory(
        code="NPO", name="Northern Regional Prosecutor's Office", kind=Organization.Kind.PROSECUTOR_OFFICE
    )
    OrganizationFactory(code="OLD", name="Northern Old Prosecutor", is_active=False)
    police = OrganizationFactory(code="IB7", name="Следственное управление «Север»", kind="investigative_body")
    rows = [
        ParticipantData("accused", PartyData(kind="person", name="Serik Abenov")),
        ParticipantData("lawyer", party_id=party_of(world.lawyer).pk),
    ]
    here = register(clerk=world.clerk, court=world.court, participants=rows)
    there = register(
        clerk=world.other_clerk,
        court=world.other_court,
        participants=[ParticipantData("accused", PartyData(kind="person", name="Serik Abenov-Kim"))],
    )
    return {"office": office, "police": police, "here": here, "there": there}


def names(user: User, query: str) -> list[tuple[str, str]]:
    return [(entry.source, entry.name) for entry in directory_search(user=user, query=query)]


def test_organizations_are_found_by_any_words_of_their_names(world: World, directory: dict[str, object]) -> None:
    assert names(world.clerk, "prosecutor northern") == [("organization", "Northern Regional Prosecutor's Office")]
    assert names(world.clerk, "PROSECUTOR'S") == [("organization", "Northern Regional Prosecutor's Office")]
    assert names(world.clerk, "npo") == [("organization", "Northern Regional Prosecutor's Office")]
    assert names(world.clerk, "север") == [("organization", "Следственное управление «Север»")]
    assert names(world.clerk, "прокуратура") == []


def test_known_parties_are_those_the_user_may_attach(world: World, directory: dict[str, object]) -> None:
    assert names(world.clerk, "abenov") == [("party", "Serik Abenov")]
    assert names(world.other_clerk, "abenov") == [("party", "Serik Abenov-Kim")]
    assert names(world.judge2, "serik") == [("party", "Serik Abenov")]
    # lawyers are a public register; an office's own party is found as the office
    lawyer = world.lawyer.display_name
    assert ("party", lawyer) in names(world.other_clerk, lawyer)
    assert names(world.clerk, "a") == []  # a word of two letters at least
    office = directory["office"]
    with transaction.atomic():
        services.participant_add(
            actor=world.clerk,
            case=directory["here"],  # type: ignore[arg-type]
            data=ParticipantData("prosecutor", organization_id=office.pk),  # type: ignore[attr-defined]
        )
    assert names(world.clerk, "northern") == [
        ("organization", "Northern Court of Appeal"),
        ("organization", "Northern Regional Prosecutor's Office"),
    ]


def test_the_picker_fragment_offers_what_it_finds(client: Client, world: World, directory: dict[str, object]) -> None:
    client.force_login(world.clerk)
    response = client.get(
        "/directory/", {"field": "add", "add-name": "northern prosec"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    office = directory["office"]
    assert f'<input type="radio" name="add-known" value="organization:{office.pk}">' in html  # type: ignore[attr-defined]
    assert "Northern Regional Prosecutor&#x27;s Office" in html
    assert 'value="new"' in html
    assert "Old Prosecutor" not in html

    html = client.get("/directory/", {"field": "participants-1", "participants-1-name": "abenov"}).content.decode()
    assert 'name="participants-1-known"' in html and "Serik Abenov" in html and "Abenov-Kim" not in html

    html = client.get("/directory/", {"field": "add", "add-name": "nobody such"}).content.decode()
    assert "Nothing in the directory has this name" in html and "radio" not in html

    assert client.get("/directory/", {"field": "<script>", "q": "abenov"}).status_code == 400


def test_the_picker_fragment_needs_a_login(client: Client, world: World) -> None:
    response = client.get("/directory/", {"field": "add", "add-name": "abenov"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_known_parties_offered_are_those_the_policy_lets_attach(world: World, directory: dict[str, object]) -> None:
    """The directory's own query for known parties answers as ``access.attachable_parties`` does, for
    everyone: parties on cases they see (a removed participant too), not on sealed ones, lawyers."""
    register(
        clerk=world.clerk,
        court=world.court,
        confidentiality="sealed",
        participants=[ParticipantData("accused", PartyData(kind="person", name="Sealed Person"))],
    )
    with transaction.atomic():
        services.participant_remove(
            actor=world.clerk,
            participant=Participant.objects.get(case=directory["here"], role="accused"),
            reason="Named by mistake",
        )
    parties = list(Party.objects.filter(organization__isnull=True))
    for user in User.objects.all():
        for party in parties:
            allowed = access.attachable_parties(User.objects.get(pk=user.pk), Party.objects.filter(pk=party.pk))
            offered = parties_attachable(user=User.objects.get(pk=user.pk), query=party.name, limit=100)
            assert (party.pk in {entry.id for entry in offered}) == allowed.exists(), (user.username, party.name)
