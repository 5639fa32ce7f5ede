"""A criminal case from the investigator's registration to the court's inbox, in a real browser: the
investigator registers the report, arrests the suspect and moves the court for detention, charges
them and sends the case to the prosecutor; the court's registry receives the motion and the judge
decides it; the prosecutor receives the case and sends it to court, where the clerk finds it under
Incoming and receives it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from adalat.cases.models import Case
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from adalat.restraint.models import Measure
from tests.accounts.factories import PASSWORD, member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settle(page: Page) -> None:
    page.wait_for_function("() => document.querySelector('.htmx-request') === null")


def log_in(browser: Browser, url: str, username: str) -> Page:
    page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    return page


def open_details(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


def test_a_case_goes_from_the_investigators_registration_to_the_courts_inbox(
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    browser: Browser,
) -> None:
    url = live_server.url
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    member(police, Role.INVESTIGATOR, username="investigator")

    # the investigator registers the report of the offence with its suspect and supervising prosecutor
    page = log_in(browser, url, "investigator")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register a case").click()
    page.get_by_label("Kind").select_option(value="criminal")
    settle(page)
    page.locator("#id_title").fill("Robbery of a shop")
    page.locator("#id_articles").fill("191(2)")
    page.locator("#id_participants-0-role").select_option(value="suspect")
    page.locator("#id_participants-0-name").fill("Abenov Serik")
    page.get_by_role("button", name="Register the case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(kind="criminal")
    assert case.number.startswith("PD01-") and case.holder == police

    # arrests the suspect for 72 hours, then moves the court for their detention
    open_details(page, "Apply a measure")
    page.locator("#id_apply_kind").select_option(value="arrest")
    page.locator("#id_apply_term").fill("72")
    page.get_by_role("button", name="Apply the measure").click()
    expect(page.locator(".messages")).to_contain_text("The measure is applied.")
    open_details(page, "Move the court for a measure")
    page.locator("#id_move_kind").select_option(value="detention")
    page.locator("#id_move_term").fill("60")
    page.locator("#id_move_note").fill("No fixed address; may flee.")
    page.locator("#id_move_court").select_option(label="First District Court")
    page.get_by_role("button", name="File the motion").click()
    expect(page.locator(".messages")).to_contain_text("is on its way to First District Court")

    # charges the suspect and sends the case to the prosecutor
    page.locator("details.act > summary", has_text="Charge").click()
    page.get_by_role("button", name="Charge: Abenov Serik").click()
    expect(page.locator("main")).to_contain_text("Accused")
    page.get_by_role("button", name="Send to the prosecutor").click()
    expect(page.locator("main")).to_contain_text("The case is on its way to District Prosecutor")
    page.context.close()

    # the court's registry receives the motion and assigns the judge, who grants it for 30 days
    page = log_in(browser, url, "clerk")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incoming").click()
    page.get_by_role("link", name=f"{case.number}/M1").click()
    page.get_by_role("button", name="Receive the case").click()
    page.locator("#id_assign_judge").select_option(label=world.judge.display_name)
    page.get_by_role("button", name="Assign").click()
    page.context.close()
    page = log_in(browser, url, "judge1")
    motion_case = Case.objects.get(kind="custody_motion")
    page.goto(f"{url}/cases/{motion_case.pk}/")
    page.get_by_label("Grant the motion").check()
    page.locator("#id_term").fill("30")
    page.locator("#id_reasons").fill("The grounds are made out.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("The decision is recorded.")
    page.context.close()
    assert Measure.objects.get(case=case, kind="detention", ended_at__isnull=True)

    # the prosecutor receives the case, approves the indictment and sends it to court
    page = log_in(browser, url, "prosecutor")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incoming").click()
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Receive the case").click()
    page.locator("#id_send_to_court_receiver").select_option(label="First District Court")
    page.get_by_role("button", name="Approve the indictment and send to court").click()
    expect(page.locator("main")).to_contain_text("The case is on its way to First District Court")
    page.context.close()

    # the court's clerk finds it under Incoming and receives it with the court's number
    page = log_in(browser, url, "clerk")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incoming").click()
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Receive the case").click()
    case.refresh_from_db()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    assert case.number.startswith("DC01-CR-") and case.holder == world.court and case.stage == "received"
    page.context.close()
