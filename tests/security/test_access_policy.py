"""The one access policy, case by case: who sees which case, and who acts on it."""

from __future__ import annotations

import pytest
from django.db import transaction

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.models import User
from adalat.cases import services
from adalat.cases.models import Case, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.core.roles import Role
from tests.accounts.factories import UserFactory
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def visible(user: User) -> set[int]:
    """What ``user`` lists in a request of their own (the policy reads a person's facts once per request)."""
    fresh = User.objects.get(pk=user.pk)
    return set(access.visible_cases(fresh, Case.objects.all()).values_list("pk", flat=True))


def link(world: World, case: Case, role: str, **party: object) -> Party:
    clerk = world.clerk if case.holder_id == world.court.pk else world.other_clerk
    with transaction.atomic():
        participant = services.participant_add(
            actor=clerk,
            case=case,
            data=ParticipantData(role=role, party=PartyData(kind="person", name=f"{role} person")),
        )
    Party.objects.filter(pk=participant.party_id).update(**party)
    return participant.party


@pytest.fixture
def cases(world: World) -> dict[str, Case]:
    here = register(clerk=world.clerk, court=world.court, judge=world.judge)
    sealed = register(clerk=world.clerk, court=world.court, judge=world.judge2, confidentiality="sealed")
    juvenile = register(clerk=world.clerk, court=world.court, confidentiality="juvenile")
    there = register(clerk=world.other_clerk, court=world.other_court, judge=world.other_judge)
    return {"here": here, "sealed": sealed, "juvenile": juvenile, "there": there}


def test_court_staff_see_their_court_and_not_its_restricted_cases(world: World, cases: dict[str, Case]) -> None:
    assert visible(world.judge) == {cases["here"].pk}
    assert visible(world.judge2) == {cases["here"].pk, cases["sealed"].pk}  # on the sealed case as its judge
    assert visible(world.clerk) == {cases["here"].pk, cases["sealed"].pk, cases["juvenile"].pk}  # their clerk
    assert visible(world.other_clerk) == {cases["there"].pk}


def test_a_chair_sees_the_courts_below_but_not_restricted_cases(world: World, cases: dict[str, Case]) -> None:
    assert visible(world.chair) == {cases["here"].pk}
    assert visible(world.appeal_chair) == {cases["here"].pk, cases["there"].pk}
    assert access.can(world.appeal_chair, Action.PROGRESS_VIEW, world.court)
    assert not access.can(world.chair, Action.PROGRESS_VIEW, world.other_court)
    assert not access.can(world.chair, Action.PROGRESS_VIEW, world.appeal)


def test_people_on_a_case_see_it_and_nothing_else(world: World, cases: dict[str, Case]) -> None:
    citizen = UserFactory(username="citizen")
    assert visible(world.lawyer) == set() and visible(citizen) == set()
    link(world, cases["sealed"], "lawyer", user=world.lawyer)
    link(world, cases["here"], "accused", user=citizen)
    assert visible(world.lawyer) == {cases["sealed"].pk}
    assert visible(citizen) == {cases["here"].pk}
    assert access.case_roles(world.lawyer, cases["sealed"]) == {Role.LAWYER}
    assert access.case_roles(citizen, cases["here"]) == {Role.PARTY}


def test_a_prosecutors_office_on_a_case_lets_its_prosecutors_see_it(world: World, cases: dict[str, Case]) -> None:
    link(world, cases["here"], "prosecutor", organization=world.prosecutor_office)
    assert visible(world.prosecutor) == {cases["here"].pk}
    assert access.case_roles(world.prosecutor, cases["here"]) == {Role.PROSECUTOR}


def test_a_witness_account_does_not_open_the_case_file(world: World, cases: dict[str, Case]) -> None:
    citizen = UserFactory(username="witness")
    link(world, cases["here"], "witness", user=citizen)
    assert visible(citizen) == set()


def test_a_removed_participant_loses_sight_of_the_case(world: World, cases: dict[str, Case]) -> None:
    party = link(world, cases["here"], "lawyer", user=world.lawyer)
    participant = cases["here"].participants.get(party=party)
    with transaction.atomic():
        services.participant_remove(actor=world.clerk, participant=participant)
    assert visible(world.lawyer) == set()


def test_judges_act_only_on_their_cases_and_staff_only_in_their_court(world: World, cases: dict[str, Case]) -> None:
    here = cases["here"]
    assert access.case_roles(world.judge, here) == {Role.JUDGE}
    assert access.case_roles(world.judge2, here) == set()  # sees it, does not act on it
    assert access.can_view_case(world.judge2, here)
    assert access.case_roles(world.clerk, here) == {Role.CLERK}
    assert access.case_roles(world.other_clerk, here) == set()
    assert access.can(world.clerk, Action.CASE_REGISTER, world.court)
    assert not access.can(world.clerk, Action.CASE_REGISTER, world.other_court)
    assert not access.can(world.judge, Action.CASE_REGISTER, world.court)


def test_inactive_users_and_memberships_see_nothing(world: World, cases: dict[str, Case]) -> None:
    world.clerk.memberships.update(is_active=False)
    clerk = User.objects.get(pk=world.clerk.pk)
    assert visible(clerk) == set()  # no longer serves in the court, so no longer the cases' clerk
    assert not access.can_view_case(clerk, cases["sealed"])
    User.objects.filter(pk=world.judge.pk).update(is_active=False)
    assert visible(User.objects.get(pk=world.judge.pk)) == set()


def test_the_list_scope_and_the_single_case_check_always_agree(world: World, cases: dict[str, Case]) -> None:
    link(world, cases["sealed"], "lawyer", user=world.lawyer)
    link(world, cases["there"], "prosecutor", organization=world.prosecutor_office)
    users = [
        world.clerk,
        world.judge,
        world.judge2,
        world.chair,
        world.appeal_chair,
        world.other_clerk,
        world.other_judge,
        world.prosecutor,
        world.lawyer,
        world.stranger,
    ]
    for user in users:
        fresh = User.objects.get(pk=user.pk)
        seen = visible(fresh)
        for case in Case.objects.all():
            assert access.can_view_case(fresh, case) == (case.pk in seen or access.may_receive(fresh, case)), (
                user.username,
                case.number,
            )
