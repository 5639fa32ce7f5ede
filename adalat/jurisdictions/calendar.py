"""Working days and deadlines on a pack's calendar, for one territory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .schema import WEEKDAYS, Calendar, DayCount


class WorkCalendar:
    """The days off of one territory: weekends, yearly and dated holidays, and transfers."""

    def __init__(self, calendar: Calendar, territories: Iterable[str] = ()) -> None:
        codes = set(territories)
        self._weekend = {WEEKDAYS.index(day) for day in calendar.weekend}
        self._working = set(calendar.working_days)
        self._dated: set[dt.date] = set()
        self._yearly: set[tuple[int, int]] = set()
        for holiday in calendar.holidays:
            if holiday.territories and not codes.intersection(holiday.territories):
                continue
            if holiday.date is not None:
                self._dated.add(holiday.date)
            elif holiday.month is not None and holiday.day is not None:
                self._yearly.add((holiday.month, holiday.day))
        self._roll_forward = calendar.roll_forward

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._working:
            return True
        if day.weekday() in self._weekend:
            return False
        return day not in self._dated and (day.month, day.day) not in self._yearly

    def next_working_day(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add(self, start: dt.date, days: int, count: DayCount) -> dt.date:
        """The last day of a period of ``days`` counted from the day after ``start``."""
        if count == DayCount.CALENDAR:
            end = start + dt.timedelta(days=days)
            return self.next_working_day(end) if self._roll_forward else end
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        sign = 1 if end >= start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        total, day = 0, lo
        while day < hi:
            day += dt.timedelta(days=1)
            total += self.is_working_day(day)
        return sign * total


_CACHE: dict[tuple[int, tuple[str, ...]], tuple[Calendar, WorkCalendar]] = {}


def work_calendar(calendar: Calendar, territories: Iterable[str] = ()) -> WorkCalendar:
    """The calendar of a territory, built once per process (the calendar is kept alive with it)."""
    key = (id(calendar), tuple(sorted(set(territories))))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not calendar:
        hit = _CACHE[key] = (calendar, WorkCalendar(calendar, key[1]))
    return hit[1]
