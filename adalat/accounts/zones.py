"""The time zone a person reads times in: that of the organization of their (earliest) active
membership, else the jurisdiction pack's. Before log-in nobody is known yet, so messages shown
then use the pack's zone (an account's own zone would tell a stranger that the name exists)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from adalat.core import clock
from adalat.jurisdictions.current import get_pack

from . import access


def pack_zone() -> str:
    return get_pack().header.time_zone


def user_zone(user: access.AnyUser) -> str:
    memberships = sorted(access.memberships(user), key=lambda m: m.pk)
    return memberships[0].organization.time_zone if memberships else pack_zone()


def moment_text(moment: dt.datetime, zone: str) -> str:
    """``14:15 (Asia/Almaty)``, with the date when it is not today there."""
    local = moment.astimezone(ZoneInfo(zone))
    today = clock.now().astimezone(ZoneInfo(zone)).date()
    shown = f"{local:%H:%M}" if local.date() == today else f"{local:%Y-%m-%d %H:%M}"
    return f"{shown} ({zone})"
