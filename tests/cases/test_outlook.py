"""What the people on a case read of it in plain words: where it is, what may happen next and by
when, and what has been decided — and that the court's own deadline tables stay the court's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from adalat.accounts.models import User
from adalat.cases import selectors, services
from adalat.cases.models import Case, Participant, Party
from adalat.cases.services import ParticipantData, PartyData
from tests.accounts.factories import UserFactory
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC)  # 11:00 in Almaty


def step(case: Case, judge: User, *actions: str) -> None:
    for action in actions:
        with transaction.atomic():
            locked = selectors.case_get(user=judge, case_id=case.pk, for_update=True)
            services.case_transition(actor=judge, case=locked, action=action)


@pytest.fixture
def citizen(world: World) -> User:
    return UserFactory(username="citizen", first_name="Aigerim", last_name="Nurova")


def join(world: World, case: Case, user: User, role: str) -> None:
    """Put ``user`` on ``case`` in ``role``: a citizen known to the court from an earlier case (the
    clerk may attach only parties already on the court's cases, and lawyers)."""
    party = Party.objects.create(kind="person", name=user.display_name, search_name="x", user=user, created_at=MONDAY)
    Participant.objects.create(
        case=register(clerk=world.clerk, court=world.court), party=party, role="accused", added_at=MONDAY
    )
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.participant_add(actor=world.clerk, case=locked, data=ParticipantData(role=role, party_id=party.pk))


@pytest.fixture
def claim(world: World, citizen: User) -> Case:
    """A civil claim brought by the citizen, with a judge."""
    with time_machine.travel(MONDAY, tick=False):
        case = register(
            clerk=world.clerk,
            court=world.court,
            kind="civil",
            judge=world.judge,
            received_on=dt.date(2026, 3, 16),
            participants=[ParticipantData(role="defendant", party=PartyData(kind="organization", name="Stroy LLP"))],
        )
        join(world, case, citizen, "plaintiff")
    return case


def panel(html: str) -> str:
    assert 'id="panel-outlook"' in html
    return html.split('id="panel-outlook"', 1)[1].split("</section>", 1)[0]


@time_machine.travel(MONDAY, tick=False)
def test_a_party_reads_where_the_case_is_and_what_comes_next_by_when(
    client: Client, world: World, citizen: User, claim: Case
) -> None:
    client.force_login(citizen)
    html = client.get(f"/cases/{claim.pk}/").content.decode()

    shown = panel(html)
    assert "Where the case is and what comes next" in html
    assert (
        "<strong>Received.</strong> The court has received the claim and is checking whether it can be accepted."
        in shown
    )
    assert f"The next step is due by {claim.due_on:%Y-%m-%d}. It will be one of these:" in shown
    assert "<li>Accept the claim</li>" in shown and "<li>Return the claim</li>" in shown
    assert "No decision has been made yet." in shown
    assert 'id="panel-deadlines"' not in html  # the court's deadline tables are not the party's

    client.cookies["django_language"] = "ru"
    russian = panel(client.get(f"/cases/{claim.pk}/").content.decode())
    assert "<strong>Поступило.</strong> Суд получил иск и проверяет" in russian
    assert "<li>Принять иск к производству</li>" in russian and "Решений пока нет." in russian


def test_the_decisions_so_far_with_their_day_and_a_closed_case_says_so(
    client: Client, world: World, citizen: User, claim: Case
) -> None:
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        step(claim, world.judge, "accept", "schedule_hearing", "decide")
    client.force_login(citizen)
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        decided = panel(client.get(f"/cases/{claim.pk}/").content.decode())
        assert "<strong>Decided.</strong> The court has decided the case." in decided
        assert '<time datetime="2026-03-17">2026-03-17</time> <strong>Decided.</strong>' in decided
        assert "<li>Record entry into force</li>" in decided
        step(claim, world.judge, "enter_into_force")
        closed = panel(client.get(f"/cases/{claim.pk}/").content.decode())
    assert "The case is closed: nothing more happens in it." in closed
    assert "Entered into force." in closed.split("Decisions so far", 1)[1]
    assert "The next step" not in closed


def test_a_lawyer_on_the_case_reads_it_too_but_the_court_reads_its_deadlines(
    client: Client, world: World, claim: Case
) -> None:
    join(world, claim, world.lawyer, "representative")
    client.force_login(world.lawyer)
    assert "Accept the claim" in panel(client.get(f"/cases/{claim.pk}/").content.decode())
    for staff in (world.clerk, world.judge, world.chair):
        client.force_login(staff)
        html = client.get(f"/cases/{claim.pk}/").content.decode()
        assert 'id="panel-outlook"' not in html and 'id="panel-deadlines"' in html, staff.username
