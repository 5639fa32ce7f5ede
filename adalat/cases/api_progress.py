"""REST endpoint of the court leader's progress: the same figures as the page, as JSON."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from adalat.accounts.api_auth import require_scope
from adalat.core.api_input import Input
from adalat.core.numbers import Id

from .progress import Figures, Progress, progress_get

router = Router(tags=["progress"])


class PendingByAgeOut(Schema):
    under_1_month: int
    months_1_to_3: int
    months_3_to_6: int
    months_6_to_12: int
    over_12_months: int


class FiguresOut(Schema):
    received_today: int
    received_month: int
    resolved_today: int
    resolved_month: int
    pending: int
    overdue: int
    pending_by_age: PendingByAgeOut


class JudgeOut(Schema):
    id: int | None
    name: str | None
    figures: FiguresOut


class CourtOut(Schema):
    id: int
    code: str
    name: str
    time_zone: str
    today: dt.date
    figures: FiguresOut
    judges: list[JudgeOut]


class SeriesOut(Schema):
    days: list[dt.date]
    received: list[int]
    resolved: list[int]
    pending: list[int]


class WeeksOut(Schema):
    starts: list[dt.date]
    ends: list[dt.date]
    received: list[int]
    resolved: list[int]
    pending: list[int]


class ProgressOut(Schema):
    court: int | None
    total: FiguresOut
    courts: list[CourtOut]
    last_days: SeriesOut
    last_weeks: WeeksOut = Field(description="periods of seven days, the last ending today, as the page's chart shows")


class ProgressQuery(Input):
    court: Id | None = None


def _figures(figures: Figures) -> FiguresOut:
    return FiguresOut.model_validate(figures.as_dict())


def _out(progress: Progress) -> ProgressOut:
    return ProgressOut(
        court=progress.chosen.pk if progress.chosen else None,
        total=_figures(progress.total),
        courts=[
            CourtOut(
                id=line.court.pk,
                code=line.court.code,
                name=line.court.name,
                time_zone=line.court.time_zone,
                today=line.today,
                figures=_figures(line.total),
                judges=[
                    JudgeOut(
                        id=judge.judge.pk if judge.judge else None,
                        name=judge.judge.display_name if judge.judge else None,
                        figures=_figures(judge.figures),
                    )
                    for judge in line.judges
                ],
            )
            for line in progress.courts
        ],
        last_days=SeriesOut(
            days=progress.series.days,
            received=progress.series.received,
            resolved=progress.series.resolved,
            pending=progress.series.pending,
        ),
        last_weeks=WeeksOut(
            starts=progress.weeks.starts,
            ends=progress.weeks.ends,
            received=progress.weeks.received,
            resolved=progress.weeks.resolved,
            pending=progress.weeks.pending,
        ),
    )


@router.get("", response=ProgressOut, summary="Daily progress of the courts the caller leads")
def progress(request: HttpRequest, query: Query[ProgressQuery]) -> ProgressOut:
    """Per court and per judge: received and resolved today and this month, pending, overdue and
    pending by age, each court counted in its own time zone; and the last 90 days, day by day,
    and the last 13 periods of seven days.
    Without ``court``: every court the caller leads and those below it."""
    user = require_scope(request, "cases:read")
    return _out(progress_get(user=user, court_id=query.court))
