"""The case list page: filters, search, sorting, pages, bad input, and the htmx partial."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from adalat.cases import views
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def numbers(html: str) -> list[str]:
    """The case numbers in the table, in order."""
    return re.findall(r'<a href="/cases/\d+/">([A-Z0-9-]+)</a>', html)


@pytest.fixture
def cases(world: World) -> dict[str, Case]:
    accused = [ParticipantData(role="accused", party=PartyData(kind="person", name="Petrova Anna"))]
    return {
        "criminal": register(
            clerk=world.clerk,
            court=world.court,
            judge=world.judge,
            participants=accused,
            received_on=clock.today_in(world.court.time_zone) - dt.timedelta(days=3),
        ),
        "civil": register(clerk=world.clerk, court=world.court, kind="civil"),
        "elsewhere": register(clerk=world.other_clerk, court=world.other_court),
    }


def test_the_list_shows_the_cases_of_my_court_only(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.clerk)
    response = client.get("/cases/")

    assert response.status_code == 200
    html = response.content.decode()
    assert set(numbers(html)) == {cases["criminal"].number, cases["civil"].number}
    assert "Cases 1\u20132 of 2" in html
    # Only the courts the user may see are offered as a filter.
    assert f'<option value="{world.court.pk}">' in html
    assert f'<option value="{world.other_court.pk}">' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "civil"}, {"civil"}),
        ({"q": "petrova"}, {"criminal"}),
        ({"q": "Petrova An"}, {"criminal"}),
        ({"status": "closed"}, set()),
        ({"stage": "received"}, {"criminal", "civil"}),
        ({"judge": "JUDGE"}, {"criminal"}),
    ],
)
def test_filters_narrow_the_list(
    client: Client, world: World, cases: dict[str, Case], query: dict[str, str], expected: set[str]
) -> None:
    if query.get("judge") == "JUDGE":
        query = {"judge": str(world.judge.pk)}
    client.force_login(world.clerk)
    html = client.get("/cases/", query).content.decode()
    assert set(numbers(html)) == {cases[name].number for name in expected}


def test_search_by_number_and_by_received_dates(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.clerk)
    number = cases["civil"].number
    assert numbers(client.get("/cases/", {"q": number.lower()}).content.decode()) == [number]
    criminal = cases["criminal"]
    query = {"received_from": str(criminal.received_on), "received_to": str(criminal.received_on)}
    assert numbers(client.get("/cases/", query).content.decode()) == [criminal.number]


def test_overdue_only(client: Client, world: World, cases: dict[str, Case]) -> None:
    Case.objects.filter(pk=cases["civil"].pk).update(due_on=dt.date(2020, 1, 1))
    client.force_login(world.clerk)
    html = client.get("/cases/", {"overdue": "on"}).content.decode()
    assert numbers(html) == [cases["civil"].number]
    assert 'class="overdue"' in html


def test_the_cases_without_a_judge_resolved_on_some_days_or_not_yet_resolved(
    client: Client, world: World, cases: dict[str, Case]
) -> None:
    Case.objects.filter(pk=cases["civil"].pk).update(resolved_on=dt.date(2026, 3, 5))
    client.force_login(world.clerk)

    def listed(query: dict[str, str]) -> set[str]:
        return set(numbers(client.get("/cases/", query).content.decode()))

    assert listed({"no_judge": "on"}) == {cases["civil"].number}
    assert listed({"pending": "on"}) == {cases["criminal"].number}
    assert listed({"resolved_from": "2026-03-05", "resolved_to": "2026-03-05"}) == {cases["civil"].number}
    assert listed({"resolved_from": "2026-03-06"}) == set()
    assert listed({"no_judge": "on", "pending": "on"}) == set()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"judge": "JUDGE", "no_judge": "on"}, "no_judge", "Choose a judge or the cases without one, not both."),
        ({"pending": "on", "resolved_from": "2026-03-01"}, "pending", "A case not yet resolved has no date"),
        ({"resolved_from": "2026-03-02", "resolved_to": "2026-03-01"}, "resolved_to", "The end of the period"),
    ],
)
def test_filters_that_contradict_each_other_are_named(
    client: Client, world: World, cases: dict[str, Case], query: dict[str, str], field: str, message: str
) -> None:
    if query.get("judge") == "JUDGE":
        query = {**query, "judge": str(world.judge.pk)}
    client.force_login(world.clerk)
    html = client.get("/cases/", query).content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert numbers(html) == []


def test_a_page_past_the_end_says_so_and_leads_to_the_last_page(
    client: Client, world: World, cases: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(world.clerk)
    html = client.get("/cases/", {"kind": "criminal", "page": "99999"}).content.decode()
    assert "There is no page 99999: the list has 1 page." in html
    assert 'href="?kind=criminal&amp;page=1"' in html and "Go to the last page" in html
    assert "Cases 99999" not in html and 'rel="prev"' not in html
    two = client.get("/cases/", {"page": "7"}).content.decode()
    assert "There is no page 7: the list has 2 pages." in two and 'href="?page=2"' in two


def test_the_search_and_the_order_come_first_and_the_other_filters_fold(
    client: Client, world: World, cases: dict[str, Case]
) -> None:
    client.force_login(world.clerk)
    html = client.get("/cases/").content.decode()
    assert (
        '<details class="more-filters" data-open-wide>' in html
    )  # folded on a phone (opened by the script on a wide screen)
    order = html.split('name="sort"', 1)[1].split("</select>", 1)[0]
    first = re.search(r'<option value="([^"]*)"', order)
    assert first is not None and first.group(1) == "-received"  # the list's own order is the one shown
    chosen = client.get("/cases/", {"kind": "civil", "overdue": "on"}).content.decode()
    assert '<details class="more-filters" data-open-wide>' in chosen and "2 chosen" in chosen  # still folded
    wrong = client.get("/cases/", {"received_from": "yesterday"}).content.decode()
    assert '<details class="more-filters" data-open-wide open>' in wrong  # open on the field to put right


def test_sortable_columns_in_a_stable_order(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.clerk)
    newest_first = numbers(client.get("/cases/").content.decode())
    assert newest_first == [cases["civil"].number, cases["criminal"].number]
    oldest_first = client.get("/cases/", {"sort": "received"}).content.decode()
    assert numbers(oldest_first) == [cases["criminal"].number, cases["civil"].number]
    assert 'aria-sort="ascending"' in oldest_first
    assert "?sort=-received" in oldest_first  # the header now offers the other direction
    by_number = numbers(client.get("/cases/", {"sort": "number"}).content.decode())
    assert by_number == sorted(by_number)


def test_pages_of_the_list(
    client: Client, world: World, cases: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    register(clerk=world.clerk, court=world.court)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.clerk)

    first = client.get("/cases/").content.decode()
    second = client.get("/cases/", {"page": "2"}).content.decode()

    assert len(numbers(first)) == 2 and len(numbers(second)) == 1
    assert set(numbers(first)).isdisjoint(numbers(second))
    assert 'href="?page=2"' in first and 'rel="prev"' not in first
    assert 'href="?page=1"' in second and 'rel="next"' not in second
    assert "Cases 3\u20133 of 3" in second


def test_past_the_count_limit_the_total_is_given_as_more_than(
    client: Client, world: World, cases: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "COUNT_LIMIT", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)  # a list that fits on one page is not counted
    client.force_login(world.clerk)
    html = client.get("/cases/").content.decode()
    assert "of more than 1" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"received_from": "2026-05-02", "received_to": "2026-05-01"}, "The end of the period is before its start."),
        ({"received_from": "yesterday"}, "Enter a valid date."),
        ({"kind": "piracy"}, "Select a valid choice."),
        ({"holder": "OTHER"}, "Select a valid choice."),
        ({"judge": "abc"}, "Select a valid choice."),
        ({"sort": "title"}, "Select a valid choice."),
        ({"page": "0"}, "Pages are numbered from 1."),
        ({"page": "x"}, "Pages are numbered from 1."),
        ({"page": "\u00b2"}, "Pages are numbered from 1."),
        ({"q": "x" * 101}, "at most 100 characters"),
    ],
)
def test_bad_filter_values_get_a_message_not_an_error_page(
    client: Client, world: World, cases: dict[str, Case], query: dict[str, str], message: str
) -> None:
    if query.get("holder") == "OTHER":
        query = {"holder": str(world.other_court.pk)}
    client.force_login(world.clerk)
    response = client.get("/cases/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert numbers(html) == []


def test_an_htmx_request_gets_only_the_results(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.clerk)
    response = client.get("/cases/", {"kind": "civil"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="case-results"')
    assert "<html" not in html and "<form" not in html
    assert numbers(html) == [cases["civil"].number]
    assert "HX-Request" in response["Vary"]
    restore = client.get("/cases/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_the_full_page_works_without_javascript(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.clerk)
    html = client.get("/cases/").content.decode()
    assert '<form method="get" action="/cases/"' in html
    assert 'hx-get="/cases/"' in html and 'hx-push-url="true"' in html


def test_a_lawyer_sees_no_case_of_the_court(client: Client, world: World, cases: dict[str, Case]) -> None:
    client.force_login(world.lawyer)
    html = client.get("/cases/").content.decode()
    assert numbers(html) == []
    assert "No case matches." in html


def test_the_list_needs_a_login(client: Client, world: World) -> None:
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cases/")
