"""Throttling failed log-ins before any password is hashed (decision 0020).

Failures are counted in the database, so that every process and server shares them, in fixed
windows of the pack's ``lockout_minutes``, four ways:

- by source address (``LOGIN_ADDRESS_FAILURES``): one machine guessing across many names;
- by the username and the address together (the pack's ``lockout_attempts``): one machine on
  one name. The owner elsewhere is not concerned;
- by username, whether or not it exists (``LOGIN_NAME_FAILURES``): many machines on one name;
- all together (``LOGIN_ALL_FAILURES``): many machines on many names, which would otherwise keep
  the server busy hashing passwords.

The last two count only attempts from places new to the username, and past their limits only
the places its owner logged in from before may try it: a browser whose signed cookie names it, an
address it fully logged in from in the last 90 days. So strangers cannot keep the owner out of
their usual places, and nothing tells them whether a name exists: unknown names are counted and
answered exactly as known ones.

An attempt takes a place in each counter *before* its password or code is checked (``pending``),
with an ``UPDATE`` that only succeeds while ``failures + pending`` is below the limit. A failure
turns its place into a failure; a right password gives its place back. So parallel guesses
check no more passwords than the limits, while parallel right passwords wait a moment for the
places of those being checked, instead of being refused. The counter of everything does not
wait: when all its places are being checked the attempt is refused at once ("busy"), so that a
flood never holds the server's threads waiting. A counter at its limit refuses with one read and
no write; old rows are deleted as new ones are made.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, F, Q, QuerySet, Value, When

from adalat.core import clock
from adalat.jurisdictions.current import get_pack

from .models import KnownSource, LoginFailures
from .sources import Source

Scope = LoginFailures.Scope
WAIT_SECONDS = 10.0  # the longest an attempt waits for the places of attempts being checked
POLL_SECONDS = 0.05
KEEP = dt.timedelta(days=1)  # how long counts are kept for the operators to look at
KNOWN_FOR = dt.timedelta(days=90)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class Throttled(Exception):
    """Refused before checking: a counter is at its limit until ``until`` (or busy: every place
    is taken by attempts being checked, for longer than an attempt waits)."""

    def __init__(self, until: dt.datetime, *, scope: str, busy: bool = False) -> None:
        super().__init__(until.isoformat())
        self.until = until
        self.scope = scope
        self.busy = busy


@dataclass(frozen=True)
class Counter:
    scope: str
    address: str
    username: str
    limit: int
    waits: bool = True  # for the places of attempts being checked; else refused at once


@dataclass
class Hold:
    """The places one attempt holds, in its window, until it is settled once."""

    window: dt.datetime
    username: str
    source: Source
    counters: list[Counter] = field(default_factory=list)
    settled: bool = False


def window_length() -> dt.timedelta:
    return dt.timedelta(minutes=get_pack().header.security.lockout_minutes)


def window_start(at: dt.datetime) -> dt.datetime:
    """The start of the fixed window ``at`` falls in (windows are counted from the epoch)."""
    length = window_length()
    return EPOCH + length * ((at - EPOCH) // length)


def _rows(counter: Counter, window: dt.datetime) -> QuerySet[LoginFailures]:
    return LoginFailures.objects.filter(
        scope=counter.scope, address=counter.address, username=counter.username, window=window
    )


def _less_pending() -> Case:
    return Case(When(pending__gt=0, then=F("pending") - 1), default=Value(0))


def _take(counter: Counter, window: dt.datetime, deadline: float) -> None:
    """Take a place among the attempts of ``counter``, or raise ``Throttled``."""
    rows = _rows(counter, window)
    until = window + window_length()
    while True:
        found = rows.values_list("failures", "pending").first()
        if found is None:
            made = LoginFailures(scope=counter.scope, address=counter.address, username=counter.username, window=window)
            LoginFailures.objects.bulk_create([made], ignore_conflicts=True)
            prune(at=clock.now())
            found = (0, 0)
        failures, pending = found
        if failures >= counter.limit:
            raise Throttled(until, scope=counter.scope)
        if failures + pending < counter.limit:
            if rows.filter(failures__lt=counter.limit - F("pending")).update(pending=F("pending") + 1):
                return
            continue  # another attempt took the place: look again
        if not counter.waits or time.perf_counter() >= deadline:
            raise Throttled(until, scope=counter.scope, busy=True)
        time.sleep(POLL_SECONDS)


def _refuse_if_full(counters: list[Counter], window: dt.datetime) -> None:
    """Refuse with one read and no write when a counter is already at its limit (what a flood
    mostly meets)."""
    wanted = Q()
    for counter in counters:
        wanted |= Q(scope=counter.scope, address=counter.address, username=counter.username)
    counted = {
        (scope, address, username): failures
        for scope, address, username, failures in LoginFailures.objects.filter(wanted, window=window).values_list(
            "scope", "address", "username", "failures"
        )
    }
    for counter in counters:
        if counted.get((counter.scope, counter.address, counter.username), 0) >= counter.limit:
            raise Throttled(window + window_length(), scope=counter.scope)


def is_known(username: str, source: Source) -> bool:
    """Whether ``username`` logged in from this browser or this address before."""
    if username in source.devices:
        return True
    if not source.address:
        return False
    since = clock.now() - KNOWN_FOR
    return KnownSource.objects.filter(username=username, address=source.address, last_at__gte=since).exists()


def attempt_begin(*, username: str, source: Source) -> Hold:
    """Take the attempt's places before anything is checked; raise ``Throttled`` if it may not
    be checked now. Call outside a transaction: the places must be seen by other attempts."""
    hold = Hold(window=window_start(clock.now()), username=username, source=source)
    deadline = time.perf_counter() + WAIT_SECONDS
    counters = [Counter(Scope.ADDRESS, source.address, "", settings.LOGIN_ADDRESS_FAILURES)]
    if not is_known(username, source):
        # Strangers' failures elsewhere do not keep the owner out of their own places.
        counters.append(Counter(Scope.ALL, "", "", settings.LOGIN_ALL_FAILURES, waits=False))
        counters.append(Counter(Scope.NAME, "", username, settings.LOGIN_NAME_FAILURES))
    counters.append(Counter(Scope.PAIR, source.address, username, get_pack().header.security.lockout_attempts))
    _refuse_if_full(counters, hold.window)
    try:
        for counter in counters:
            _take(counter, hold.window, deadline)
            hold.counters.append(counter)
    except BaseException:
        attempt_abandoned(hold)
        raise
    return hold


def attempt_failed(hold: Hold) -> None:
    """The password or code was wrong: each place becomes a failure."""
    if hold.settled:
        return
    hold.settled = True
    for counter in hold.counters:
        _rows(counter, hold.window).update(failures=F("failures") + 1, pending=_less_pending())


def attempt_passed(hold: Hold, *, logged_in: bool) -> None:
    """The password (or code) was right: give the places back. A full log-in also forgets the
    failures of its own address on that name and remembers the address as the owner's."""
    if hold.settled:
        return
    hold.settled = True
    for counter in hold.counters:
        changes: dict[str, Any] = {"pending": _less_pending()}
        if logged_in and counter.scope == Scope.PAIR:
            changes["failures"] = Value(0)
        _rows(counter, hold.window).update(**changes)
    if logged_in and hold.source.address:
        KnownSource.objects.bulk_create(
            [KnownSource(username=hold.username, address=hold.source.address, last_at=clock.now())],
            update_conflicts=True,
            unique_fields=["username", "address"],
            update_fields=["last_at"],
        )


def attempt_abandoned(hold: Hold) -> None:
    """Nothing was decided (an error, or a refusal that checked nothing): give the places back."""
    if hold.settled:
        return
    hold.settled = True
    for counter in hold.counters:
        _rows(counter, hold.window).update(pending=_less_pending())


def forget(*, username: str) -> int:
    """Forget the failures counted for ``username`` (alone and from any address) in this window."""
    deleted: int = LoginFailures.objects.filter(
        username=username, window__gte=window_start(clock.now()), scope__in=[Scope.NAME, Scope.PAIR]
    ).delete()[0]
    return deleted


def prune(*, at: dt.datetime) -> None:
    """Delete counts older than a day and addresses not logged in from for 90 days."""
    LoginFailures.objects.filter(window__lt=at - KEEP).delete()
    KnownSource.objects.filter(last_at__lt=at - KNOWN_FOR).delete()
