"""Searching the case list: any part of any number a case was given, any words of a party's name in
any order (any letter case, with or without diacritics, punctuation aside), and a party's identity
number for those who may see the parties' details."""

from __future__ import annotations

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.cases import selectors, services
from adalat.cases.models import Case, Party
from adalat.cases.selectors import CaseFilters
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from tests.api.people import party_of
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db

ABENOV_ID = "900101300123"


def found(user: User, q: str) -> set[str]:
    return {case.number for case in selectors.case_list(user=user, filters=CaseFilters(q=q))}


@pytest.fixture
def cases(world: World) -> dict[str, Case]:
    office = Party.objects.create(
        kind="organization", name=world.prosecutor_office.name, organization=world.prosecutor_office,
        created_at=clock.now(),
    )  # fmt: skip
    criminal = register(
        clerk=world.clerk,
        court=world.court,
        participants=[
            ParticipantData("accused", PartyData(kind="person", name="Serik Abenov", national_id=ABENOV_ID)),
            ParticipantData("victim", PartyData(kind="person", name="Nguyễn Văn A")),
            ParticipantData("prosecutor", party_id=office.pk),
            ParticipantData("lawyer", party_id=party_of(world.lawyer).pk),
        ],
    )
    civil = register(
        clerk=world.clerk,
        court=world.court,
        kind="civil",
        participants=[ParticipantData("plaintiff", PartyData(kind="organization", name="ТОО «Астана Аренда»"))],  # noqa: RUF001 (a Cyrillic name)
    )
    elsewhere = register(
        clerk=world.other_clerk,
        court=world.other_court,
        participants=[ParticipantData("accused", PartyData(kind="person", name="Serik Abenov", national_id=ABENOV_ID))],
    )
    return {"criminal": criminal, "civil": civil, "elsewhere": elsewhere}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Abenov", {"criminal"}),
        ("abenov serik", {"criminal"}),
        ("ABEN", {"criminal"}),
        ("Астана Аренда", {"civil"}),
        ("«астана»", {"civil"}),
        ("тоо аренда", {"civil"}),
        ("nguyen van a", {"criminal"}),
        ("Abenov Arman", set()),
        ("Serik Аренда", set()),
    ],
)
def test_a_party_is_found_by_any_words_of_its_name(
    world: World, cases: dict[str, Case], query: str, expected: set[str]
) -> None:
    assert found(world.clerk, query) == {cases[name].number for name in expected}


def test_a_case_is_found_by_any_part_of_its_number(world: World, cases: dict[str, Case]) -> None:
    criminal, civil = cases["criminal"].number, cases["civil"].number  # DC01-CR-2026-00001, DC01-CV-2026-00001
    year = criminal.split("-")[2]
    assert found(world.clerk, criminal) == {criminal}
    assert found(world.clerk, criminal.lower()) == {criminal}
    assert found(world.clerk, f"CR-{year}-1") == {criminal}
    assert found(world.clerk, f"cr {year} 00001") == {criminal}
    assert found(world.clerk, "00001") == {criminal, civil}
    assert found(world.clerk, f"{year}-1") == {criminal, civil}
    assert found(world.clerk, "2") == set()
    assert found(world.clerk, f"CV-{year}-2") == set()


def test_a_party_added_later_is_found_and_a_removed_one_no_more(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    witness = ParticipantData("witness", PartyData(kind="person", name="Aliya Nurlanovna"))
    with transaction.atomic():
        participant = services.participant_add(actor=world.clerk, case=case, data=witness)
    assert found(world.clerk, "nurlan") == {case.number}
    with transaction.atomic():
        services.participant_remove(actor=world.clerk, participant=participant, reason="Not a witness")
    assert found(world.clerk, "nurlan") == set()


def test_an_identity_number_finds_the_case_for_the_court_and_the_prosecution_only(
    world: World, cases: dict[str, Case]
) -> None:
    criminal = cases["criminal"].number
    assert found(world.clerk, ABENOV_ID) == {criminal}
    assert found(world.clerk, f" {ABENOV_ID.lower()} ") == {criminal}
    assert found(world.judge, ABENOV_ID) == {criminal}
    assert found(world.prosecutor, ABENOV_ID) == {criminal}
    assert found(world.other_clerk, ABENOV_ID) == {cases["elsewhere"].number}
    # The lawyer sees the case but not the parties' identity numbers: the number finds nothing,
    # as a number nobody has does; their name still does.
    assert found(world.lawyer, ABENOV_ID) == found(world.lawyer, "900101300999") == set()
    assert found(world.lawyer, "abenov") == {criminal}
    assert found(world.clerk, ABENOV_ID[:-1]) == set()  # exactly
