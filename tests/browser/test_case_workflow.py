"""The workflow of a case in a real browser: on a phone the diagram shrinks to the screen and the page
does not scroll sideways; on a wide screen the history stands beside the diagram."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.accounts.factories import PASSWORD
from tests.api.test_case_workflow import criminal_case_at_court
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}


def open_case(browser: Browser, url: str, case_id: int, viewport: dict[str, int], language: str) -> Page:
    context = browser.new_context(locale="ru-RU" if language == "ru" else "en-GB", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.locator("#id_username").fill("clerk")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/work/$"))
    if language == "ru":
        context.add_cookies([{"name": "django_language", "value": "ru", "url": url}])
    page.goto(f"{url}/cases/{case_id}/")
    page.locator("details.workflow-map > summary").click()
    expect(page.locator("svg.workflow-svg")).to_be_visible()
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_on_a_phone_the_diagram_fits_the_screen(
    live_server,
    world: World,
    browser: Browser,
    language: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    case_id, _investigator = criminal_case_at_court(world)
    page = open_case(browser, live_server.url, case_id, PHONE, language)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing to scroll sideways
    box = page.locator("svg.workflow-svg").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    current = page.locator("svg.workflow-svg .workflow-current")
    expect(current).to_have_count(1)
    expect(page.locator(".workflow-stages [aria-current=step]")).to_contain_text(
        "Поступило" if language == "ru" else "Received"
    )
    page.locator("#panel-workflow").screenshot(path=tmp_path / f"workflow-390-{language}.png")
    page.context.close()


def test_on_a_wide_screen_the_history_is_beside_the_diagram(
    live_server,
    world: World,
    browser: Browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    case_id, _investigator = criminal_case_at_court(world)
    page = open_case(browser, live_server.url, case_id, WIDE, "en")

    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    diagram = page.locator("svg.workflow-svg").bounding_box()
    history = page.locator(".workflow-history").bounding_box()
    assert diagram is not None and history is not None
    assert history["x"] >= diagram["x"] + diagram["width"]  # beside it, not under it
    expect(page.locator(".workflow-history li")).to_have_count(3)
    # each step tells its name when pointed at
    first = page.locator("svg.workflow-svg .workflow-step title").first
    assert first.text_content() == "Extend the term of the investigation"
    page.locator("#panel-workflow").screenshot(path=tmp_path / "workflow-1366.png")
    page.context.close()
