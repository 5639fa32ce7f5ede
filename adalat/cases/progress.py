"""The court leader's daily progress: per court and per judge, cases received and resolved
today and this month, pending, overdue and pending by age, and the last days and weeks as
series; and, for each figure, the filters of the case list that lists the cases it counts.

"Today" is each court's own day in its time zone, so courts are read in groups of one time
zone. Each group costs one grouped query for the table and two for the series; they filter
on date ranges that the case indexes (court + received_on, court + resolved_on, court +
status + due_on) serve, and count with conditional aggregation instead of a query per judge.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import Action, AnyUser
from adalat.accounts.models import User
from adalat.core import clock
from adalat.core.errors import NotFound, PermissionDenied
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

from .models import Case
from .selectors import court_judges

# Pending cases by months since receipt: under 1, 1-3, 3-6, 6-12, over 12.
AGE_LIMITS = (1, 3, 6, 12)
AGE_KEYS = ("under_1_month", "months_1_to_3", "months_3_to_6", "months_6_to_12", "over_12_months")
CHART_DAYS = 90
CHART_WEEKS = 13  # the chart's periods of seven days, the last ending today
COUNTS = ("received_today", "received_month", "resolved_today", "resolved_month", "pending", "overdue")


@dataclass
class Figures:
    received_today: int = 0
    received_month: int = 0
    resolved_today: int = 0
    resolved_month: int = 0
    pending: int = 0
    overdue: int = 0
    ages: list[int] = field(default_factory=lambda: [0] * len(AGE_KEYS))

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ages = [a + b for a, b in zip(self.ages, other.ages, strict=True)]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in COUNTS}
        out["pending_by_age"] = dict(zip(AGE_KEYS, self.ages, strict=True))
        return out


@dataclass
class JudgeProgress:
    judge: User | None  # None: the cases no judge is assigned to yet
    figures: Figures


@dataclass
class CourtProgress:
    court: Organization
    today: dt.date
    judges: list[JudgeProgress]
    total: Figures


@dataclass
class Series:
    """One value per day, oldest first; pending is counted at the end of each day."""

    days: list[dt.date]
    received: list[int]
    resolved: list[int]
    pending: list[int]


@dataclass
class Weeks:
    """One value per seven days, the last seven ending today, oldest first: every period holds
    the same working days, so none dips for a weekend or a week just begun. Pending is counted
    at the end of each period."""

    starts: list[dt.date]
    ends: list[dt.date]
    received: list[int]
    resolved: list[int]
    pending: list[int]


@dataclass
class Progress:
    courts: list[CourtProgress]
    total: Figures
    series: Series
    weeks: Weeks
    chosen: Organization | None  # the one court asked for, or None for all
    available: list[Organization]  # every court the user may choose


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def progress_courts(*, user: AnyUser) -> list[Organization]:
    """The courts whose progress ``user`` may see: the courts they lead and those below."""
    courts = organization_selectors.court_list(ids=access.supervised_court_ids(user))
    return [court for court in courts if access.can(user, Action.PROGRESS_VIEW, court)]


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(
        **{name: row[name] for name in COUNTS},
        ages=[row[f"age_{i}"] for i in range(len(AGE_KEYS))],
    )


def _table_rows(court_ids: list[int], today: dt.date) -> list[dict[str, Any]]:
    """One row of counts per court and judge, for courts that share ``today``."""
    month_start = today.replace(day=1)
    limits = [months_before(today, months) for months in AGE_LIMITS]
    pending = Q(resolved_on__isnull=True)
    ages = [pending & Q(received_on__gt=limits[0])]
    ages += [pending & Q(received_on__gt=limits[i + 1], received_on__lte=limits[i]) for i in range(len(limits) - 1)]
    ages.append(pending & Q(received_on__lte=limits[-1]))
    overdue = Q(status=Case.Status.OPEN, due_on__lt=today)
    counts: dict[str, Any] = {
        "received_today": Count("pk", filter=Q(received_on=today)),
        "received_month": Count("pk", filter=Q(received_on__gte=month_start, received_on__lte=today)),
        "resolved_today": Count("pk", filter=Q(resolved_on=today)),
        "resolved_month": Count("pk", filter=Q(resolved_on__gte=month_start, resolved_on__lte=today)),
        "pending": Count("pk", filter=pending),
        "overdue": Count("pk", filter=overdue),
    }
    counts.update({f"age_{i}": Count("pk", filter=condition) for i, condition in enumerate(ages)})
    # Only the rows some figure counts: pending, this month's, or overdue.
    wanted = pending | Q(received_on__gte=month_start) | Q(resolved_on__gte=month_start) | overdue
    rows = Case.objects.filter(holder_id__in=court_ids).filter(wanted).order_by().values("holder_id", "judge_id")
    return [dict(row) for row in rows.annotate(**counts)]


def _daily(court_ids: list[int], column: str, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    rows = (
        Case.objects.filter(holder_id__in=court_ids, **{f"{column}__gte": start, f"{column}__lte": end})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
    )
    return {row[column]: row["n"] for row in rows}


def _series(
    by_day: list[tuple[dict[dt.date, int], dict[dt.date, int]]], end: dt.date, pending_now: int, days: int
) -> Series:
    received: dict[dt.date, int] = defaultdict(int)
    resolved: dict[dt.date, int] = defaultdict(int)
    for group_received, group_resolved in by_day:
        for day, n in group_received.items():
            received[day] += n
        for day, n in group_resolved.items():
            resolved[day] += n
    dates = [end - dt.timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    pending: list[int] = []
    level = pending_now
    for day in reversed(dates):  # pending(d - 1) = pending(d) - received(d) + resolved(d)
        pending.append(level)
        level = level - received[day] + resolved[day]
    pending.reverse()
    return Series(
        days=dates, received=[received[d] for d in dates], resolved=[resolved[d] for d in dates], pending=pending
    )


def _weeks(series: Series, weeks: int) -> Weeks:
    """The last ``weeks`` periods of seven days of a daily ``series`` that covers them."""
    out = Weeks(starts=[], ends=[], received=[], resolved=[], pending=[])
    total = len(series.days)
    for start in range(total - 7 * weeks, total, 7):
        stop = start + 7
        out.starts.append(series.days[start])
        out.ends.append(series.days[stop - 1])
        out.received.append(sum(series.received[start:stop]))
        out.resolved.append(sum(series.resolved[start:stop]))
        out.pending.append(series.pending[stop - 1])
    return out


def _last(series: Series, days: int) -> Series:
    return Series(
        days=series.days[-days:],
        received=series.received[-days:],
        resolved=series.resolved[-days:],
        pending=series.pending[-days:],
    )


def _span(days: int) -> int:
    """How many days the series covers: the last ``days``, and the chart's weeks."""
    return max(days, 7 * CHART_WEEKS)


def figure_filters(*, today: dt.date, holder: int | None, judge: int | None, no_judge: bool = False) -> dict[str, Any]:
    """The case list's filters that list what each figure counts (``Figures``' names, and
    ``ages``: one per band), for one court (``holder``) and judge, or without them."""
    base: dict[str, str] = {}
    if holder is not None:
        base["holder"] = str(holder)
    if judge is not None:
        base["judge"] = str(judge)
    elif no_judge:
        base["no_judge"] = "on"
    day, month_start = today.isoformat(), today.replace(day=1).isoformat()
    limits = [months_before(today, months) for months in AGE_LIMITS]
    pending = {**base, "pending": "on"}
    ages = [{**pending, "received_from": (limits[0] + dt.timedelta(days=1)).isoformat()}]
    ages += [
        {
            **pending,
            "received_from": (limits[i + 1] + dt.timedelta(days=1)).isoformat(),
            "received_to": limits[i].isoformat(),
        }
        for i in range(len(limits) - 1)
    ]
    ages.append({**pending, "received_to": limits[-1].isoformat()})
    return {
        "received_today": {**base, "received_from": day, "received_to": day},
        "received_month": {**base, "received_from": month_start, "received_to": day},
        "resolved_today": {**base, "resolved_from": day, "resolved_to": day},
        "resolved_month": {**base, "resolved_from": month_start, "resolved_to": day},
        "pending": pending,
        "overdue": {**base, "overdue": "on"},
        "ages": ages,
    }


def _choose(courts: list[Organization], court_id: int | None) -> tuple[list[Organization], Organization | None]:
    if not courts:
        raise PermissionDenied(_("You lead no court, so there is no progress to show."), code="no_court")
    if court_id is None:
        return courts, None
    for court in courts:
        if court.pk == court_id:
            return [court], court
    if organization_selectors.organization_get(organization_id=court_id) is None:
        raise NotFound(_("No such court."))
    raise PermissionDenied(_("You may see the progress of the courts you lead and of those below them only."))


def progress_get(*, user: AnyUser, court_id: int | None = None, days: int = CHART_DAYS) -> Progress:
    """The figures of one court the user leads (or is above), or of all of them."""
    available = progress_courts(user=user)
    courts, chosen = _choose(available, court_id)
    by_zone: dict[str, list[Organization]] = defaultdict(list)
    for court in courts:
        by_zone[court.time_zone].append(court)
    judges = court_judges(court_ids=[c.pk for c in courts])
    today_of: dict[int, dt.date] = {}
    rows: list[dict[str, Any]] = []
    by_day: list[tuple[dict[dt.date, int], dict[dt.date, int]]] = []
    for zone, members in by_zone.items():
        today = clock.today_in(zone)
        ids = [c.pk for c in members]
        today_of.update(dict.fromkeys(ids, today))
        rows += _table_rows(ids, today)
        start = today - dt.timedelta(days=_span(days) - 1)
        by_day.append((_daily(ids, "received_on", start, today), _daily(ids, "resolved_on", start, today)))

    known = {judge.pk: judge for group in judges.values() for judge in group}
    missing = {row["judge_id"] for row in rows if row["judge_id"] is not None} - set(known)
    known.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    by_court: dict[int, dict[int | None, Figures]] = defaultdict(dict)
    for row in rows:
        by_court[row["holder_id"]][row["judge_id"]] = _figures(row)

    total = Figures()
    result: list[CourtProgress] = []
    for court in courts:
        figures = by_court.get(court.pk, {})
        court_total = Figures()
        for value in figures.values():
            court_total.add(value)
        total.add(court_total)
        judge_ids = [j.pk for j in judges.get(court.pk, [])]
        judge_ids += sorted(
            (pk for pk in figures if pk is not None and pk not in judge_ids), key=lambda pk: known[pk].display_name
        )
        lines = [JudgeProgress(judge=known[pk], figures=figures.get(pk, Figures())) for pk in judge_ids]
        if None in figures:
            lines.append(JudgeProgress(judge=None, figures=figures[None]))
        result.append(CourtProgress(court=court, today=today_of[court.pk], judges=lines, total=court_total))
    end = max(today_of.values())
    series = _series(by_day, end, total.pending, _span(days))
    return Progress(
        courts=result,
        total=total,
        series=_last(series, days),
        weeks=_weeks(series, CHART_WEEKS),
        chosen=chosen,
        available=available,
    )
