"""The case list on a phone: each case a card whose stage and deadline are in view, the cases on
the first screen, and the filters one tap away; on a wide screen the filters are open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.accounts.factories import PASSWORD
from tests.cases.factories import register
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def open_list(browser: Browser, url: str, viewport: dict[str, int], language: str = "en") -> Page:
    context = browser.new_context(locale="ru-RU" if language == "ru" else "en-GB", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.locator("#id_username").fill("clerk")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/work/$"))
    if language == "ru":
        context.add_cookies([{"name": "django_language", "value": "ru", "url": url}])
    page.goto(f"{url}/cases/")
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_on_a_phone_each_case_shows_its_stage_and_deadline_within_the_screen(
    live_server,
    world: World,
    browser: Browser,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    for _ in range(3):
        register(clerk=world.clerk, court=world.court, judge=world.judge, kind="civil")
    page = open_list(browser, live_server.url, PHONE, language)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing to scroll sideways
    rows = page.locator("#case-results table tbody tr")
    expect(rows).to_have_count(3)
    first = rows.first
    for cell in ("td:first-child", "td:nth-child(4)", "td:last-child"):  # number, stage, deadline
        box = first.locator(cell).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell
    deadline = first.locator("td:last-child")
    label = page.evaluate("(cell) => getComputedStyle(cell, '::before').content", deadline.element_handle())
    assert label == ('"Процессуальный срок: "' if language == "ru" else '"Deadline: "')  # each value says what it is
    # The cases are on the first screen: the filters beyond the search are folded away.
    expect(page.locator("#id_holder")).to_be_hidden()
    assert first.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    page.locator("details.more-filters > summary").click()
    expect(page.locator("#id_holder")).to_be_visible()
    page.context.close()


def test_on_a_wide_screen_the_filters_are_open_and_the_list_is_a_table(
    live_server, world: World, browser: Browser
) -> None:  # type: ignore[no-untyped-def]
    register(clerk=world.clerk, court=world.court)
    page = open_list(browser, live_server.url, {"width": 1366, "height": 900})

    expect(page.locator("#id_holder")).to_be_visible()
    expect(page.locator("table.case-list thead")).to_be_visible()
    page.locator("#id_kind").select_option("civil")  # a change asks again (htmx)
    expect(page.locator("#case-results")).to_contain_text("No case matches.")
    page.context.close()
