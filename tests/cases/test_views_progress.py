"""The court leader's progress page."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
import time_machine
from django.test import Client

from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 6, 0, tzinfo=dt.UTC)


def chart(html: str) -> dict[str, object]:
    found = re.search(r'<script id="progress-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def row(html: str, heading: str) -> list[int]:
    """The figures of the table row headed ``heading`` (a figure may be a link to its cases)."""
    cells = html.split(heading, 1)[1].split("</tr>", 1)[0]
    return [int(n) for n in re.findall(r'<td class="num[^"]*">(?:<a href="[^"]*">)?(\d+)(?:</a>)?</td>', cells)]


def links(html: str) -> list[tuple[str, int]]:
    """The figures of the per-judge tables that are links: (address, figure)."""
    tables = "".join(part.split("</table>", 1)[0] for part in html.split('<table class="progress">')[1:])
    return [
        (unescape(url), int(n)) for url, n in re.findall(r'<td class="num[^"]*"><a href="([^"]+)">(\d+)</a>', tables)
    ]


@time_machine.travel(NOW, tick=False)
def test_a_chair_sees_each_judge_and_the_court(client: Client, world: World) -> None:
    register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 3, 16))
    register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 3, 2))
    register(clerk=world.clerk, court=world.court, received_on=dt.date(2025, 12, 1))
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):  # its deadline has passed since
        register(clerk=world.clerk, court=world.court, judge=world.judge2, received_on=dt.date(2026, 2, 20))
    client.force_login(world.chair)
    response = client.get("/progress/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "First District Court" in html and "Second District Court" not in html
    assert "Today is 2026-03-16 in this court (Asia/Almaty)." in html
    # received today, this month; resolved today, this month; pending; overdue; five age bands
    assert row(html, f">{world.judge.display_name}</a></th>") == [1, 2, 0, 0, 2, 0, 2, 0, 0, 0, 0]
    assert row(html, f">{world.judge2.display_name}</a></th>") == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    assert row(html, "No judge assigned yet") == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    assert row(html, "The whole court") == [1, 2, 0, 0, 4, 1, 3, 0, 1, 0, 0]
    data = chart(html)
    assert data["weeks"][-1] == "2026-03-16" and len(data["weeks"]) == 13  # type: ignore[index]
    assert data["received"][-1] == 1 and data["pending"][-1] == 4  # type: ignore[index]
    assert data["labels"]["counts"] and data["labels"]["pending_axis"]  # type: ignore[index]  # the axes' titles
    assert "adalat/vendor/uplot-1.6.32/uPlot.iife.min.js" in html and "cases/progress.js" in html
    assert "<td>2026-03-10 \u2013 2026-03-16</td>" in html  # the figures of the chart, readable without the chart


@time_machine.travel(NOW, tick=False)
def test_each_judge_and_each_figure_opens_the_list_of_the_cases_it_counts(client: Client, world: World) -> None:
    register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 3, 16))
    register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 3, 2))
    register(clerk=world.clerk, court=world.court, received_on=dt.date(2025, 12, 1))
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):
        register(clerk=world.clerk, court=world.court, judge=world.judge2, received_on=dt.date(2026, 2, 20))
    client.force_login(world.chair)
    html = client.get("/progress/").content.decode()

    found = links(html)
    assert len(found) == 15  # every figure that is not 0, in the judges' rows and the court's
    for url, figure in found:
        listed = client.get(url).content.decode()
        assert f"Cases 1\u2013{figure} of {figure}" in listed, url
    judge_link = re.search(rf'<th scope="row"><a href="([^"]+)">{world.judge2.display_name}</a>', html)
    assert judge_link is not None
    assert "Cases 1\u20131 of 1" in client.get(unescape(judge_link.group(1))).content.decode()
    nobody = re.search(r'<th scope="row"><a href="([^"]+)">No judge assigned yet</a>', html)
    assert nobody is not None and "no_judge=on" in nobody.group(1)
    for figure in ("received today", "pending", "overdue"):  # the figures at the top are links too
        assert re.search(
            rf'<a class="card figure" href="/cases/\?[^"]+"><span class="stat[^"]*">\d+</span>{figure}</a>', html
        )


@time_machine.travel(NOW, tick=False)
def test_a_chair_above_picks_one_court_or_all(client: Client, world: World) -> None:
    register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 3, 16))
    register(clerk=world.other_clerk, court=world.other_court, received_on=dt.date(2026, 3, 16))
    client.force_login(world.appeal_chair)

    everything = client.get("/progress/").content.decode()
    assert "First District Court</h2>" in everything and "Second District Court</h2>" in everything
    one = client.get("/progress/", {"court": world.other_court.pk}).content.decode()
    assert "Second District Court</h2>" in one and "First District Court</h2>" not in one
    assert f'<option value="{world.other_court.pk}" selected>' in one
    assert chart(one)["received"][-1] == 1  # type: ignore[index]


def test_only_chairs_and_only_their_courts(client: Client, world: World) -> None:
    client.force_login(world.chair)
    response = client.get("/progress/", {"court": world.other_court.pk})
    assert response.status_code == 403
    assert "You may see the progress of the courts you lead" in response.content.decode()
    assert client.get("/progress/", {"court": 999_999}).status_code == 404
    for user in (world.clerk, world.judge, world.lawyer):
        client.force_login(user)
        response = client.get("/progress/")
        assert response.status_code == 403
        assert "You lead no court" in response.content.decode()


@pytest.mark.parametrize("court", ["first", "\u00b2", "-1", "9" * 30])
def test_a_court_that_is_not_a_number_gets_a_message(client: Client, world: World, court: str) -> None:
    client.force_login(world.chair)
    response = client.get("/progress/", {"court": court})
    assert response.status_code == 200
    assert "Choose a court from the list." in response.content.decode()
