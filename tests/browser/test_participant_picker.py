"""The clerk adds the prosecutor's office to a case: typing its name shows it from the directory,
choosing it links the case to the office, and its prosecutors see the case."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from adalat.cases.models import Participant
from tests.accounts.factories import PASSWORD
from tests.cases.factories import register
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_the_offices_name_offers_it_and_choosing_it_links_it(live_server, world: World, page: Page) -> None:  # type: ignore[no-untyped-def]
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    page.get_by_text("Add a participant").click()
    page.locator("#id_add-role").select_option(value="prosecutor")
    page.locator("#id_add-name").press_sequentially("distr prosec", delay=20)
    office = page.get_by_role("radio", name="District Prosecutor")
    expect(office).to_be_visible()  # fetched by htmx as one types
    office.check()
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("District Prosecutor is added to the case.")
    party = Participant.objects.get(case=case, role="prosecutor").party
    assert party.organization == world.prosecutor_office
