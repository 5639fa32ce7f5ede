"""The court leader's progress page: the figures of the courts they lead, each a link to the
case list that lists what it counts, and the last weeks as a chart and a table."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from adalat.accounts import screens

from . import progress as progress_selectors
from .views import screen, whole_number
from .workflow import pack_today


def _list_url(filters: dict[str, str]) -> str:
    return reverse("cases:list") + "?" + urlencode(filters)


def _figure_links(today: dt.date, *, holder: int | None, judge: int | None, no_judge: bool = False) -> dict[str, Any]:
    """The address of the case list of each figure (``ages``: a list, one per band)."""
    found = progress_selectors.figure_filters(today=today, holder=holder, judge=judge, no_judge=no_judge)
    links: dict[str, Any] = {name: _list_url(value) for name, value in found.items() if name != "ages"}
    links["ages"] = [_list_url(value) for value in found["ages"]]
    return links


def _cells(figures: progress_selectors.Figures, links: dict[str, Any]) -> list[dict[str, Any]]:
    """A table row's figures in the order of its columns, each with the address of its cases."""
    cells = [
        {"count": getattr(figures, name), "url": links[name], "overdue": name == "overdue"}
        for name in progress_selectors.COUNTS
    ]
    cells += [
        {"count": count, "url": url, "overdue": False} for count, url in zip(figures.ages, links["ages"], strict=True)
    ]
    return cells


@screen
def progress(request: HttpRequest) -> HttpResponse:
    user = screens.screen_user(request)
    raw = request.GET.get("court", "")
    court_id = whole_number(raw, limit=2**62)
    if raw and court_id is None:
        messages.error(request, _("Choose a court from the list."))
    figures = progress_selectors.progress_get(user=user, court_id=court_id)
    weeks = figures.weeks
    chart = {
        "weeks": [day.isoformat() for day in weeks.ends],
        "received": weeks.received,
        "resolved": weeks.resolved,
        "pending": weeks.pending,
        "labels": {
            "week": _("Week ending"),
            "received": _("Received"),
            "resolved": _("Resolved"),
            "pending": _("Pending"),
            "counts": _("Cases received or resolved in the week"),
            "pending_axis": _("Cases pending at the end of the week"),
        },
    }
    chosen = figures.chosen.pk if figures.chosen else None
    today = max((court.today for court in figures.courts), default=pack_today())
    courts = [
        {
            "court": court,
            "cells": _cells(court.total, _figure_links(court.today, holder=court.court.pk, judge=None)),
            "lines": [
                (
                    line,
                    _cells(
                        line.figures,
                        _figure_links(
                            court.today,
                            holder=court.court.pk,
                            judge=line.judge.pk if line.judge else None,
                            no_judge=line.judge is None,
                        ),
                    ),
                )
                for line in court.judges
            ],
        }
        for court in figures.courts
    ]
    within = {"holder": str(chosen)} if chosen else {}
    week_rows = [
        {
            "start": start,
            "end": end,
            "received": received,
            "resolved": resolved,
            "pending": pending,
            "received_url": _list_url({**within, "received_from": start.isoformat(), "received_to": end.isoformat()}),
            "resolved_url": _list_url({**within, "resolved_from": start.isoformat(), "resolved_to": end.isoformat()}),
        }
        for start, end, received, resolved, pending in zip(
            weeks.starts, weeks.ends, weeks.received, weeks.resolved, weeks.pending, strict=True
        )
    ]
    context = {
        "progress": figures,
        "courts": figures.available,
        "court_lines": courts,
        "total_links": _figure_links(today, holder=chosen, judge=None),
        "chart": chart,
        "week_rows": week_rows,
    }
    return render(request, "cases/progress.html", context)
