"""The clerk's first morning: log in, register a case, see it on its page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from adalat.cases.models import Case, CaseEvent
from tests.accounts.factories import PASSWORD
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settle(page: Page) -> None:
    """Wait until no htmx request is in flight (htmx marks the element while it waits)."""
    page.wait_for_function("() => document.querySelector('.htmx-request') === null")


def test_the_clerk_logs_in_registers_a_case_and_sees_it_on_its_page(live_server, world: World, page: Page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register a case").click()
    # A changed choice redraws the form for the court and kind (htmx); let each redraw land.
    page.get_by_label("Court").select_option(label="First District Court")
    settle(page)
    page.get_by_label("Kind").select_option(value="criminal")
    settle(page)
    articles = page.locator("#id_articles")
    expect(articles).to_be_visible()  # the form was redrawn for a criminal case
    page.locator("#id_title").fill("Theft of a bicycle from a school yard")
    articles.fill("158(1)")
    page.locator("#id_participants-0-role").select_option(value="accused")
    page.locator("#id_participants-0-name").fill("Ivanov Ivan Ivanovich")
    page.get_by_role("button", name="Register the case").click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(page.locator("main")).to_contain_text("Theft of a bicycle from a school yard")
    expect(page.locator("main")).to_contain_text("Ivanov Ivan Ivanovich")
    assert case.number.startswith("DC01-CR-") and case.clerk == world.clerk
    assert CaseEvent.objects.filter(case=case, code="registered", actor=world.clerk).exists()
