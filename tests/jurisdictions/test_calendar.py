from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from adalat.jurisdictions.calendar import WorkCalendar
from adalat.jurisdictions.schema import Calendar, DayCount, Holiday

NAME = {"en": "Holiday", "ru": "Праздник"}
CALENDAR = Calendar(
    weekend=["sat", "sun"],
    holidays=[
        Holiday(month=1, day=1, name=NAME),
        Holiday(date=dt.date(2026, 12, 16), name=NAME),
        Holiday(month=10, day=14, territories=["NORTH"], name=NAME),
    ],
    working_days=[dt.date(2026, 12, 19)],
)


def test_working_days_skip_weekends_and_holidays() -> None:
    calendar = WorkCalendar(CALENDAR)
    # Friday 11 December 2026 + 5 working days: 14, 15, (16 holiday), 17, 18, (19 Saturday declared working) -> 19
    assert calendar.add(dt.date(2026, 12, 11), 5, DayCount.WORKING) == dt.date(2026, 12, 19)


def test_calendar_days_roll_forward_off_a_day_off() -> None:
    calendar = WorkCalendar(CALENDAR)
    assert calendar.add(dt.date(2026, 12, 1), 15, DayCount.CALENDAR) == dt.date(2026, 12, 17)  # 16th is a holiday
    assert calendar.add(dt.date(2026, 12, 1), 5, DayCount.CALENDAR) == dt.date(2026, 12, 7)  # Sunday 6th -> Monday


def test_without_roll_forward_a_period_may_end_on_a_day_off() -> None:
    calendar = WorkCalendar(CALENDAR.model_copy(update={"roll_forward": False}))
    assert calendar.add(dt.date(2026, 12, 1), 5, DayCount.CALENDAR) == dt.date(2026, 12, 6)


def test_local_holidays_apply_only_in_their_territory() -> None:
    day = dt.date(2026, 10, 14)  # a Wednesday
    assert not WorkCalendar(CALENDAR, ["NORTH"]).is_working_day(day)
    assert WorkCalendar(CALENDAR, ["SOUTH"]).is_working_day(day)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(min_value=1, max_value=400))
def test_a_working_day_period_ends_on_a_working_day_and_spans_that_many(start: dt.date, days: int) -> None:
    calendar = WorkCalendar(CALENDAR)
    end = calendar.add(start, days, DayCount.WORKING)
    assert calendar.is_working_day(end)
    assert calendar.working_days_between(start, end) == days
