"""The chair's progress page in a real browser: the chart reads at a glance, in the reader's
language, and every figure opens the list of its cases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from adalat.core import clock
from tests.accounts.factories import PASSWORD
from tests.cases.factories import register
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/work/$"))


def cases(world: World) -> None:
    today = clock.today_in(world.court.time_zone)
    for days, judge in ((0, world.judge), (3, world.judge), (12, world.judge2), (40, None)):
        with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(days=days), tick=False):
            register(clerk=world.clerk, court=world.court, judge=judge, received_on=today - dt.timedelta(days=days))


def chart(page: Page, expression: str) -> object:
    return page.evaluate(
        f"() => {{ const plot = document.getElementById('progress-chart').uplot; return {expression}; }}"
    )


def test_the_chart_has_titled_zero_based_axes_weeks_and_a_legend_that_reads(
    live_server,
    world: World,
    page: Page,  # type: ignore[no-untyped-def]
) -> None:
    cases(world)
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/progress/")
    page.wait_for_function("() => document.getElementById('progress-chart').uplot !== undefined")

    assert chart(page, "[plot.scales.y.min, plot.scales.pending.min]") == [0, 0]
    assert chart(page, "plot.axes.map(a => a.label)") == [
        "Week ending",
        "Cases received or resolved in the week",
        "Cases pending at the end of the week",
    ]
    assert chart(page, "plot.data[0].length") == 13
    # The legend shows the latest week before anyone hovers, in the reader's words for dates.
    values = page.locator(".u-legend .u-value").all_inner_texts()
    assert "--" not in values
    today = clock.today_in(world.court.time_zone)
    assert values[0] == f"{today.day} {today:%B %Y}"  # en-GB: "16 March 2026", never "3/16"
    assert values[3] == "4"  # pending at the end of the last week
    ticks = chart(page, "plot.axes[0]._values")
    assert ticks and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2,4}", tick) for tick in ticks), ticks  # type: ignore[union-attr]


def test_in_russian_the_dates_are_russian_and_the_table_fits_a_laptop(
    live_server,
    world: World,
    browser: Browser,  # type: ignore[no-untyped-def]
) -> None:
    cases(world)
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "chair")
    context.add_cookies([{"name": "django_language", "value": "ru", "url": live_server.url}])
    page.goto(f"{live_server.url}/progress/")
    page.wait_for_function("() => document.getElementById('progress-chart').uplot !== undefined")

    ticks = chart(page, "plot.axes[0]._values")
    assert ticks and all(re.search(r"[\u0430-\u044f]", tick) for tick in ticks), ticks  # type: ignore[union-attr]
    table = page.locator("table.progress")
    scroller = page.locator(".table-scroll:has(table.progress)")
    assert table.bounding_box()["width"] <= scroller.bounding_box()["width"] + 1  # type: ignore[index]
    context.close()


def test_a_figure_opens_the_list_of_the_cases_it_counts(live_server, world: World, page: Page) -> None:  # type: ignore[no-untyped-def]
    cases(world)
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/progress/")
    row = page.locator("table.progress tbody tr", has_text=world.judge.display_name)
    pending = row.locator("td").nth(4)
    expect(pending).to_have_text("2")
    pending.locator("a").click()
    expect(page.locator("#case-results")).to_contain_text("Cases 1\u20132 of 2")

    page.goto(f"{live_server.url}/progress/")
    page.locator("table.progress th", has_text="No judge assigned yet").locator("a").click()
    expect(page.locator("#case-results")).to_contain_text("Cases 1\u20131 of 1")
