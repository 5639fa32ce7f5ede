"""The one clock. Services take the current time from here; tests move it with time_machine."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def today_in(tz_name: str, at: dt.datetime | None = None) -> dt.date:
    """The calendar date at ``at`` (default: now) in the time zone ``tz_name``."""
    return (at or now()).astimezone(ZoneInfo(tz_name)).date()


def iso_utc(moment: dt.datetime) -> str:
    """A fixed-width ISO 8601 UTC form that sorts as text: 2026-01-31T09:05:00.000000Z."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
