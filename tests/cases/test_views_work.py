"""The "My work" page of each kind of user."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from adalat.cases.models import Party
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC)


def page(client: Client) -> str:
    response = client.get("/work/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_judge_sees_assigned_cases_deadlines_and_events(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY - dt.timedelta(days=14), tick=False):
        late = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with time_machine.travel(MONDAY, tick=False):
        soon = register(clerk=world.clerk, court=world.court, judge=world.judge)
        theirs = register(clerk=world.clerk, court=world.court, judge=world.judge2)
        client.force_login(world.judge)
        html = page(client)

    assigned = html.split('id="assigned-heading"')[1].split("</section>")[0]
    assert late.number in assigned and soon.number in assigned and theirs.number not in assigned
    overdue = html.split('id="overdue-heading"')[1].split("</section>")[0]
    assert late.number in overdue and soon.number not in overdue
    due_soon = html.split('id="soon-heading"')[1].split("</section>")[0]
    assert soon.number in due_soon and "2026-03-23" in due_soon
    events = html.split('id="events-heading"')[1]
    assert f"assigned the case to judge {world.judge.display_name}" in events
    assert theirs.number not in events
    assert f'href="/cases/?judge={world.judge.pk}"' in html


def test_a_clerk_sees_what_the_court_received_and_may_register(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court)
        elsewhere = register(clerk=world.other_clerk, court=world.other_court)
        client.force_login(world.clerk)
        html = page(client)
    received = html.split('id="received-heading"')[1].split("</section>")[0]
    assert case.number in received and elsewhere.number not in received
    assert 'href="/cases/new/"' in received
    assert case.number in html.split('id="clerked-heading"')[1].split("</section>")[0]


def test_a_chair_is_pointed_to_the_figures(client: Client, world: World) -> None:
    client.force_login(world.appeal_chair)
    html = page(client)
    figures = html.split('id="progress-heading"')[1].split("</section>")[0]
    assert 'href="/progress/"' in figures
    for court in (world.appeal, world.court, world.other_court):
        assert court.name in figures


def test_a_chair_sees_the_deadlines_missed_and_coming_in_the_court_they_lead(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY - dt.timedelta(days=14), tick=False):
        late = register(clerk=world.clerk, court=world.court, judge=world.judge)
        also_late = register(clerk=world.clerk, court=world.court)
        elsewhere = register(clerk=world.other_clerk, court=world.other_court)
    with time_machine.travel(MONDAY, tick=False):
        soon = register(clerk=world.clerk, court=world.court, judge=world.judge2)
        client.force_login(world.chair)
        html = page(client)

    overdue = html.split('id="overdue-heading"')[1].split("</section>")[0]
    assert "Overdue deadlines in your courts" in html
    assert late.number in overdue and also_late.number in overdue and elsewhere.number not in overdue
    assert "2 cases are past their deadline" in overdue
    assert f'href="/cases/?overdue=on&amp;holder={world.court.pk}"' in overdue
    assert soon.number in html.split('id="soon-heading"')[1].split("</section>")[0]


def test_a_person_on_a_case_sees_only_their_cases(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    other = register(clerk=world.clerk, court=world.court)
    Party.objects.filter(participations__case=case).update(user=world.lawyer)  # the accused has this account
    client.force_login(world.lawyer)
    html = page(client)
    mine = html.split('id="mine-heading"')[1].split("</section>")[0]
    assert case.number in mine
    assert other.number not in html
    assert 'id="received-heading"' not in html and 'id="progress-heading"' not in html


def test_the_people_on_a_case_are_not_shown_the_courts_deadlines(client: Client, world: World) -> None:
    with time_machine.travel(MONDAY - dt.timedelta(days=14), tick=False):
        late = register(clerk=world.clerk, court=world.court, judge=world.judge)
    Party.objects.filter(participations__case=late).update(user=world.lawyer)  # the accused has this account
    with time_machine.travel(MONDAY, tick=False):
        client.force_login(world.lawyer)
        html = page(client)
        client.force_login(world.judge)
        judges = page(client)
    assert late.number in html.split('id="mine-heading"')[1]
    assert 'id="overdue-heading"' not in html and 'id="soon-heading"' not in html  # the case page says what is next
    assert late.number in judges.split('id="overdue-heading"')[1].split("</section>")[0]


def test_someone_without_cases_is_told_so(client: Client, world: World) -> None:
    client.force_login(world.stranger)
    html = page(client)
    assert "You have no open cases." in html
    assert "Nothing has happened on your cases yet." in html


def test_my_work_needs_a_login(client: Client) -> None:
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/work/"


def test_the_pages_wait_for_the_second_factor_where_the_pack_wants_it(client: Client, world: World) -> None:
    admin = member(world.court, Role.ADMIN, username="administrator")
    client.force_login(admin)  # the password alone, no second factor yet
    for path in ("/work/", "/cases/", "/cases/new/", "/progress/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_the_statistician_and_the_officer_read_what_they_will_do_here(client: Client, world: World) -> None:
    office = OrganizationFactory(code="STAT", kind=Organization.Kind.STATISTICS_OFFICE)
    authority = OrganizationFactory(code="CA", kind=Organization.Kind.CENTRAL_AUTHORITY)
    for user, heading, other in (
        (member(office, Role.STATISTICIAN, username="statistician"), "Justice statistics", "legal cooperation"),
        (member(authority, Role.OFFICER, username="officer"), "International legal cooperation", "statistics"),
    ):
        client.force_login(user)
        html = client.get("/work/").content.decode()
        assert heading in html and other not in html
        assert "You have no open cases." not in html and "Overdue deadlines" not in html
