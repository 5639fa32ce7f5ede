"""The register of times when Adalat was unavailable, and what they do to deadlines.

The operator records an outage once it is over; it is published at once. Where the pack's rule
(``outages``) says so, a day on which Adalat was unavailable for longer than the rule allows (at once
or in several outages) within the day's hours, in an organization's time zone, is spoiled for the
cases that organization holds: their open deadlines falling that day move to its next working day,
each move an event of the case done by Adalat itself. Deadlines counted in hours, and those the pack
says an outage never moves (a term of custody), stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.accounts.services import automatic_actor
from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import ValidationFailed
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import OutageRule
from adalat.organizations.models import Organization

from .deadlines import HOURS, Place
from .event_types import DeadlineMoved
from .models import Case, Deadline, Outage
from .recording import bump, case_event_record, clocks_of, clocks_save
from .rules import OUTAGE_RECORD

MAX_NOTE = 500
LONGEST = dt.timedelta(days=31)  # recorded in parts beyond this
OLDEST = dt.timedelta(days=366)


def outage_list() -> QuerySet[Outage]:
    """Every outage, the latest first: public."""
    return Outage.objects.order_by("-started_at", "-id")


def _window(day: dt.date, zone: ZoneInfo, rule: OutageRule) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(day, rule.day_starts, tzinfo=zone), dt.datetime.combine(day, rule.day_ends, tzinfo=zone)


def _days(started_at: dt.datetime, ended_at: dt.datetime, zone: ZoneInfo) -> list[dt.date]:
    first, last = started_at.astimezone(zone).date(), ended_at.astimezone(zone).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _lost_minutes(
    day: dt.date, zone: ZoneInfo, rule: OutageRule, outages: Iterable[tuple[dt.datetime, dt.datetime]]
) -> float:
    """How long Adalat was unavailable within the hours of ``day`` in ``zone``, in minutes."""
    opens, closes = _window(day, zone, rule)
    lost = dt.timedelta()
    for started_at, ended_at in outages:
        overlap = min(ended_at, closes) - max(started_at, opens)
        if overlap > dt.timedelta():
            lost += overlap
    return lost.total_seconds() / 60


def spoiled_days(
    *, zone: ZoneInfo, rule: OutageRule, outages: Iterable[tuple[dt.datetime, dt.datetime]], days: Iterable[dt.date]
) -> list[dt.date]:
    """Those of ``days`` on which ``outages`` took longer than the rule allows, in ``zone``."""
    spans = list(outages)
    return [day for day in days if _lost_minutes(day, zone, rule, spans) > rule.longer_than_minutes]


def _clean(started_at: dt.datetime, ended_at: dt.datetime, note: str, now: dt.datetime) -> str:
    errors: dict[str, str] = {}
    note = " ".join(note.split())
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        errors["started_at"] = _("Give the times with their time zone.")
    elif ended_at <= started_at:
        errors["ended_at"] = _("The end of the outage must come after its start.")
    elif ended_at > now:
        errors["ended_at"] = _("Record an outage once it is over: its end cannot be in the future.")
    elif ended_at - started_at > LONGEST:
        errors["ended_at"] = _("An outage of more than 31 days is recorded in parts.")
    elif started_at < now - OLDEST:
        errors["started_at"] = _("The outage began more than a year ago.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("The note is longer than %(max)s characters.") % {"max": MAX_NOTE}
    if not errors:
        overlapping = Outage.objects.filter(started_at__lt=ended_at, ended_at__gt=started_at).first()
        if overlapping is not None:
            zone = ZoneInfo(get_pack().header.time_zone)
            errors["started_at"] = _("It overlaps the outage already recorded from %(start)s to %(end)s.") % {
                "start": f"{overlapping.started_at.astimezone(zone):%Y-%m-%d %H:%M}",
                "end": f"{overlapping.ended_at.astimezone(zone):%Y-%m-%d %H:%M}",
            }
    if errors:
        raise ValidationFailed(errors)
    return note


def outage_record(*, actor: User, started_at: dt.datetime, ended_at: dt.datetime, note: str = "") -> Outage:
    """Record and publish an outage, and move the deadlines of the days it spoiled. Call inside a
    transaction."""
    access.require(actor, OUTAGE_RECORD, message=_("Only Adalat's administrators record outages."))
    now = clock.now()
    note = _clean(started_at, ended_at, note, now)
    outage = Outage.objects.create(
        started_at=started_at, ended_at=ended_at, note=note, recorded_at=now, recorded_by=actor
    )
    rule = get_pack().header.outages
    moved = _move(outage, rule, now) if rule is not None else 0
    if moved:
        Outage.objects.filter(pk=outage.pk).update(moved=moved)
        outage.moved = moved
    audit_record(
        actor=actor,
        action="outage.record",
        object_type="outage",
        object_id=outage.pk,
        data={"started_at": started_at.isoformat(), "ended_at": ended_at.isoformat(), "moved": moved},
    )
    return outage


def _move(outage: Outage, rule: OutageRule, now: dt.datetime) -> int:
    """Move the open deadlines falling on the days ``outage`` spoiled; returns how many moved."""
    zones = sorted(set(Organization.objects.values_list("time_zone", flat=True)))
    moved = 0
    for name in zones:
        zone = ZoneInfo(name)
        days = _days(outage.started_at, outage.ended_at, zone)
        opens, _ = _window(days[0], zone, rule)
        _, closes = _window(days[-1], zone, rule)
        nearby = Outage.objects.filter(started_at__lt=closes, ended_at__gt=opens).values_list("started_at", "ended_at")
        for day in spoiled_days(zone=zone, rule=rule, outages=nearby, days=days):
            moved += _move_day(outage, day, name, now)
    return moved


def _move_day(outage: Outage, day: dt.date, zone: str, now: dt.datetime) -> int:
    falling = (
        Deadline.objects.filter(due_on=day, closed_at__isnull=True, paused_at__isnull=True)
        .filter(case__holder__time_zone=zone)
        .exclude(unit=HOURS)
    )
    case_ids = sorted(set(falling.values_list("case_id", flat=True)))
    if not case_ids:
        return 0
    actor = automatic_actor(name="outages")
    pack = get_pack()
    places: dict[int, Place] = {}  # by holder: its calendar is read once
    moved = 0
    cases = Case.objects.filter(pk__in=case_ids).select_related("holder").select_for_update(of=("self",))
    for case in cases.order_by("pk"):
        kind = pack.kinds.get(case.kind)
        place = places.get(case.holder_id) or places.setdefault(case.holder_id, Place.of(case.holder))
        next_day = place.calendar.next_working_day(day + dt.timedelta(days=1))
        clocks = clocks_of(case)
        changes: list[tuple[str, str]] = []
        for clock_ in clocks:
            if not clock_.running or clock_.unit == HOURS or clock_.due_on != day:
                continue
            spec = kind.deadline_spec(clock_.stage, clock_.code) if kind and kind.has_stage(clock_.stage) else None
            if spec is not None and not spec.moved_by_outage:
                continue
            clock_.due_on, clock_.changed = next_day, True
            changes.append((clock_.stage, clock_.code))
        if not changes:
            continue
        due = clocks_save(case, clocks, [])
        bump(case, due_on=due)
        for stage, code in changes:
            case_event_record(
                case=case,
                actor=actor,
                code="deadline_moved",
                at=now,
                payload=DeadlineMoved(outage=outage.pk, stage=stage, deadline=code, due_on=day, moved_to=next_day),
            )
        moved += len(changes)
    return moved
