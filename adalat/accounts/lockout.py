"""Lock-out after repeated failed log-ins, counted in the database.

An attempt (a password or a second-factor code) is counted *before* it is checked, in one
``UPDATE`` that also refuses while the account is locked. So parallel guesses each take
their own number, and those past the pack's ``lockout_attempts`` are refused without being
checked: they cannot slip through while another guess is being verified.

- a failed attempt keeps its count; the one that reaches the limit locks the account for
  the pack's ``lockout_minutes``;
- a right password that still waits for its code gives its count back, so that logging in
  in two steps does not count against the person;
- full success sets the count back to zero;
- the first attempt after a lock has expired starts counting again from one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, Value, When

from adalat.core import clock
from adalat.jurisdictions.current import get_pack

from .models import User


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: its number in the current run of failures, and the limit."""

    user_id: int
    number: int
    limit: int


class Locked(Exception):
    """The account is locked until ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


def _rules() -> tuple[int, dt.timedelta]:
    security = get_pack().header.security
    return security.lockout_attempts, dt.timedelta(minutes=security.lockout_minutes)


def locked_until(user_id: int) -> dt.datetime | None:
    at = clock.now()
    until = User.objects.filter(pk=user_id).values_list("locked_until", flat=True).first()
    return until if until is not None and until > at else None


def attempt_begin(*, user_id: int) -> Attempt:
    """Count one attempt before it is checked; raise ``Locked`` if the account is locked."""
    limit, duration = _rules()
    at = clock.now()
    with transaction.atomic():
        counted = (
            User.objects.filter(pk=user_id)
            .exclude(locked_until__gt=at)
            .update(
                failed_logins=Case(When(locked_until__isnull=False, then=Value(1)), default=F("failed_logins") + 1),
                locked_until=None,
            )
        )
        if not counted:
            raise Locked(locked_until(user_id) or at)
        number = User.objects.filter(pk=user_id).values_list("failed_logins", flat=True).get()
        if number > limit:
            # A guess made while the last allowed one was being checked: refused unchecked.
            until = at + duration
            User.objects.filter(pk=user_id).update(locked_until=until)
    if number > limit:
        raise Locked(until)
    return Attempt(user_id=user_id, number=number, limit=limit)


def attempt_failed(attempt: Attempt) -> dt.datetime | None:
    """The attempt was wrong: lock the account if it was the last one allowed; return until when."""
    if attempt.number < attempt.limit:
        return None
    _, duration = _rules()
    until = clock.now() + duration
    User.objects.filter(pk=attempt.user_id).update(locked_until=until)
    return until


def attempt_pending(attempt: Attempt) -> None:
    """The password was right and the code is still to come: give the count back."""
    User.objects.filter(pk=attempt.user_id, failed_logins__gt=0).update(failed_logins=F("failed_logins") - 1)


def attempt_succeeded(attempt: Attempt) -> None:
    User.objects.filter(pk=attempt.user_id).update(failed_logins=0, locked_until=None)
