"""The court leader's figures on a small known set of cases, and the same figures through the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import transaction
from django.http import QueryDict
from django.test import Client

from adalat.accounts.models import User
from adalat.cases import selectors, services
from adalat.cases.forms import CaseFilterForm
from adalat.cases.models import Case
from adalat.cases.progress import AGE_KEYS, COUNTS, Figures, figure_filters, months_before, progress_get
from adalat.core.errors import NotFound, PermissionDenied
from adalat.organizations.models import Organization
from tests.api.clients import api_client, problem
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
# 11:00 on Sunday 15 March 2026 in Almaty (UTC+5), where the courts of the world fixture are.
NOW = dt.datetime(2026, 3, 15, 6, 0, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC)


def resolve(case: Case, judge: User, when: dt.datetime) -> None:
    """Accept the case and terminate it: it is resolved on that day."""
    with time_machine.travel(when, tick=False):
        for action in ("accept", "terminate"):
            with transaction.atomic():
                locked = selectors.case_get(user=judge, case_id=case.pk, for_update=True)
                services.case_transition(actor=judge, case=locked, action=action)


def received(world: World, day: dt.date, judge: User | None, court: Organization | None = None) -> Case:
    with time_machine.travel(at(day), tick=False):
        clerk = world.clerk if court is None else world.other_clerk
        return register(clerk=clerk, court=court or world.court, judge=judge, received_on=day)


@dataclass
class Known:
    """The cases of the First District Court: (received, resolved) of each."""

    dates: list[tuple[dt.date, dt.date | None]]


@pytest.fixture
def known(world: World) -> Known:
    d = dt.date
    received(world, d(2026, 3, 15), world.judge)  # A: received today, pending
    b = received(world, d(2026, 3, 2), world.judge)  # B: resolved today
    resolve(b, world.judge, NOW)
    received(world, d(2026, 1, 10), world.judge2)  # C: pending 1-3 months, overdue
    received(world, d(2025, 3, 1), None)  # D: pending over 12 months, no judge, overdue
    received(world, d(2025, 11, 1), world.judge2)  # E: pending 3-6 months, overdue
    received(world, d(2025, 8, 1), world.judge)  # F: pending 6-12 months, overdue
    g = received(world, d(2026, 2, 20), world.judge2)  # G: resolved earlier this month
    resolve(g, world.judge2, at(d(2026, 3, 5)))
    h = received(world, d(2026, 1, 5), world.judge2)  # H: resolved last month
    resolve(h, world.judge2, at(d(2026, 2, 10)))
    received(world, d(2026, 3, 15), world.other_judge, court=world.other_court)  # another court
    return Known(
        dates=[
            (d(2026, 3, 15), None),
            (d(2026, 3, 2), d(2026, 3, 15)),
            (d(2026, 1, 10), None),
            (d(2025, 3, 1), None),
            (d(2025, 11, 1), None),
            (d(2025, 8, 1), None),
            (d(2026, 2, 20), d(2026, 3, 5)),
            (d(2026, 1, 5), d(2026, 2, 10)),
        ]
    )


def figures(**values: int | list[int]) -> Figures:
    return Figures(**values)  # type: ignore[arg-type]


@time_machine.travel(NOW, tick=False)
def test_figures_per_judge_and_for_the_court(world: World, known: Known) -> None:
    progress = progress_get(user=world.chair)

    assert [line.court for line in progress.courts] == [world.court]
    court = progress.courts[0]
    assert court.today == dt.date(2026, 3, 15)
    by_judge = {line.judge: line.figures for line in court.judges}
    assert by_judge[world.judge] == figures(
        received_today=1,
        received_month=2,
        resolved_today=1,
        resolved_month=1,
        pending=2,
        overdue=1,
        ages=[1, 0, 0, 1, 0],
    )
    assert by_judge[world.judge2] == figures(
        received_today=0,
        received_month=0,
        resolved_today=0,
        resolved_month=1,
        pending=2,
        overdue=2,
        ages=[0, 1, 1, 0, 0],
    )
    assert by_judge[None] == figures(pending=1, overdue=1, ages=[0, 0, 0, 0, 1])
    assert court.judges[-1].judge is None  # the unassigned cases come last
    expected_total = figures(
        received_today=1,
        received_month=2,
        resolved_today=1,
        resolved_month=2,
        pending=5,
        overdue=4,
        ages=[1, 1, 1, 1, 1],
    )
    assert court.total == expected_total
    assert progress.total == expected_total


@time_machine.travel(NOW, tick=False)
def test_the_last_90_days_agree_with_counting_each_day(world: World, known: Known) -> None:
    series = progress_get(user=world.chair).series

    assert len(series.days) == 90
    assert series.days[-1] == dt.date(2026, 3, 15)
    assert series.days[0] == dt.date(2025, 12, 16)
    for i, day in enumerate(series.days):
        assert series.received[i] == sum(1 for r, _ in known.dates if r == day)
        assert series.resolved[i] == sum(1 for _, s in known.dates if s == day)
        pending = sum(1 for r, s in known.dates if r <= day and (s is None or s > day))
        assert series.pending[i] == pending, day


@time_machine.travel(NOW, tick=False)
def test_the_weeks_are_seven_days_each_the_last_ending_today(world: World, known: Known) -> None:
    weeks = progress_get(user=world.chair).weeks

    assert len(weeks.starts) == 13
    assert weeks.ends[-1] == dt.date(2026, 3, 15) and weeks.starts[-1] == dt.date(2026, 3, 9)
    for i, (start, end) in enumerate(zip(weeks.starts, weeks.ends, strict=True)):
        assert (end - start).days == 6  # no week is cut short, so none dips
        assert weeks.received[i] == sum(1 for r, _ in known.dates if start <= r <= end)
        assert weeks.resolved[i] == sum(1 for _, s in known.dates if s is not None and start <= s <= end)
        assert weeks.pending[i] == sum(1 for r, s in known.dates if r <= end and (s is None or s > end))
    assert weeks.received[-1] == 1 and weeks.resolved[-2:] == [1, 1]


def _listed(world: World, filters: dict[str, str], today: dt.date) -> int:
    """How many cases the case list shows the chair with these filters, as the page reads them."""
    form = CaseFilterForm(
        QueryDict(urlencode(filters)),
        courts=[world.court],
        judges={world.court.pk: [world.judge, world.judge2]},
        language="en",
    )
    assert form.is_valid(), form.errors
    return selectors.case_list(user=world.chair, filters=form.filters(), today=today).count()


@time_machine.travel(NOW, tick=False)
def test_each_figure_opens_a_case_list_of_the_cases_it_counts(world: World, known: Known) -> None:
    court = progress_get(user=world.chair).courts[0]
    rows = [(line.figures, line.judge, line.judge is None) for line in court.judges]
    rows.append((court.total, None, False))  # the whole court
    for figures, judge, no_judge in rows:
        found = figure_filters(
            today=court.today, holder=world.court.pk, judge=judge.pk if judge else None, no_judge=no_judge
        )
        for name in COUNTS:
            assert _listed(world, found[name], court.today) == getattr(figures, name), (judge, name)
        for band, (count, filters) in enumerate(zip(figures.ages, found["ages"], strict=True)):
            assert _listed(world, filters, court.today) == count, (judge, AGE_KEYS[band])


@time_machine.travel(NOW, tick=False)
def test_a_judge_without_cases_is_listed_with_zeros(world: World) -> None:
    court = progress_get(user=world.chair).courts[0]
    assert {line.judge for line in court.judges} == {world.judge, world.judge2}
    assert all(line.figures == Figures() for line in court.judges)


def test_each_court_counts_today_in_its_own_time_zone(world: World) -> None:
    Organization.objects.filter(pk=world.other_court.pk).update(time_zone="America/New_York")
    world.other_court.refresh_from_db()
    # 02:00 UTC on 15 March: already the 15th in Almaty, still the 14th in New York.
    with time_machine.travel(dt.datetime(2026, 3, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        register(clerk=world.other_clerk, court=world.other_court, received_on=dt.date(2026, 3, 14))
        register(clerk=world.clerk, court=world.court, received_on=dt.date(2026, 3, 14))
        progress = progress_get(user=world.appeal_chair)

    by_court = {line.court: line for line in progress.courts}
    assert set(by_court) == {world.appeal, world.court, world.other_court}
    assert by_court[world.other_court].today == dt.date(2026, 3, 14)
    assert by_court[world.other_court].total.received_today == 1
    assert by_court[world.court].today == dt.date(2026, 3, 15)
    assert by_court[world.court].total.received_today == 0
    assert progress.total.received_month == 2
    assert progress.series.days[-1] == dt.date(2026, 3, 15)
    assert progress.series.received[-2:] == [2, 0]


@time_machine.travel(NOW, tick=False)
def test_a_chair_sees_the_courts_below_theirs_and_may_pick_one(world: World, known: Known) -> None:
    everything = progress_get(user=world.appeal_chair)
    assert [line.court for line in everything.courts] == [world.appeal, world.court, world.other_court]
    assert everything.total.received_today == 2

    one = progress_get(user=world.appeal_chair, court_id=world.other_court.pk)
    assert one.chosen == world.other_court
    assert [line.court for line in one.courts] == [world.other_court]
    assert one.total.received_today == 1
    assert one.available == [world.appeal, world.court, world.other_court]


def test_only_the_courts_a_chair_leads_are_open_to_them(world: World) -> None:
    with pytest.raises(PermissionDenied):
        progress_get(user=world.chair, court_id=world.other_court.pk)
    with pytest.raises(PermissionDenied):
        progress_get(user=world.chair, court_id=world.appeal.pk)
    with pytest.raises(NotFound):
        progress_get(user=world.chair, court_id=999_999)
    for user in (world.clerk, world.judge, world.lawyer, world.prosecutor):
        with pytest.raises(PermissionDenied):
            progress_get(user=user)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 15), 1, dt.date(2026, 2, 15)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 31), 3, dt.date(2025, 10, 31)),
        (dt.date(2024, 8, 29), 6, dt.date(2024, 2, 29)),
        (dt.date(2026, 3, 15), 12, dt.date(2025, 3, 15)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert months_before(day, months) == expected


# --- the API --------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_api_gives_the_same_figures(world: World, known: Known) -> None:
    client = Client()
    client.force_login(world.chair)
    response = client.get("/api/v1/progress")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["court"] is None
    assert body["total"] == {
        "received_today": 1,
        "received_month": 2,
        "resolved_today": 1,
        "resolved_month": 2,
        "pending": 5,
        "overdue": 4,
        "pending_by_age": dict.fromkeys(AGE_KEYS, 1),
    }
    [court] = body["courts"]
    assert (court["code"], court["today"], court["time_zone"]) == ("DC01", "2026-03-15", "Asia/Almaty")
    judges = {line["id"]: line for line in court["judges"]}
    assert judges[world.judge.pk]["name"] == world.judge.display_name
    assert judges[world.judge.pk]["figures"]["pending"] == 2
    assert judges[None]["figures"]["pending_by_age"]["over_12_months"] == 1
    series = body["last_days"]
    assert len(series["days"]) == 90 and series["days"][-1] == "2026-03-15"
    assert series["pending"][-1] == 5
    weeks = body["last_weeks"]
    assert len(weeks["ends"]) == 13 and weeks["ends"][-1] == "2026-03-15" and weeks["starts"][-1] == "2026-03-09"
    assert weeks["received"][-1] == 1 and weeks["pending"][-1] == 5


@time_machine.travel(NOW, tick=False)
def test_the_api_takes_one_court_with_the_same_rule_as_the_page(world: World) -> None:
    client = api_client(world.appeal_chair, scopes=["cases:read"])
    response = client.get("/api/v1/progress", {"court": world.other_court.pk})
    assert response.status_code == 200
    assert response.json()["court"] == world.other_court.pk
    assert [c["id"] for c in response.json()["courts"]] == [world.other_court.pk]

    chair = api_client(world.chair, scopes=["cases:read"])
    problem(chair.get("/api/v1/progress", {"court": world.other_court.pk}), 403)
    problem(chair.get("/api/v1/progress", {"court": 999_999}), 404)
    problem(chair.get("/api/v1/progress", {"court": "first"}), 422)
    problem(api_client(world.clerk, scopes=["cases:read"]).get("/api/v1/progress"), 403)


def test_the_api_needs_the_cases_read_scope_and_a_caller(world: World) -> None:
    problem(api_client(world.chair, scopes=["documents:read"]).get("/api/v1/progress"), 403)
    problem(Client().get("/api/v1/progress"), 401)
