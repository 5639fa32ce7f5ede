"""Changing accounts: logging in (password, then the second factor where needed, with the
lock-out), logging out, enrolling a second factor, and the reference data of people kept
in the Django admin (users, memberships). Every change leaves an audit entry.

The log-in services are the one exception to "the caller owns the transaction": a refused
attempt must be counted and audited even though the request fails, so they commit their own
small transactions and raise afterwards. Call them outside ``transaction.atomic``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.audit.services import Actor, audit_record
from adalat.core.errors import ApplicationError, Conflict
from adalat.organizations.reference import record_delete, record_save

from . import lockout
from .models import Membership, User
from .second_factor import CodeCheck, code_check, code_clean, confirmed_device, second_factor_required


class LoginRefused(ApplicationError):
    """Wrong username or password (the message never says which), or a wrong code."""

    status = 401

    def __init__(self, message: str = "", *, code: str = "login_refused", fields: dict[str, str] | None = None) -> None:
        super().__init__(message or _("The username or password is wrong."), code=code, fields=fields)


class LoginLocked(ApplicationError):
    status = 429

    def __init__(self, until: dt.datetime) -> None:
        shown = (until + dt.timedelta(seconds=59)).strftime("%Y-%m-%d %H:%M UTC")
        super().__init__(
            _("Too many failed attempts: this account is locked. Try again after %(time)s.") % {"time": shown},
            code="locked",
        )
        self.until = until


class SecondFactorNeeded(ApplicationError):
    status = 401


class CodeThrottled(ApplicationError):
    status = 429

    def __init__(self) -> None:
        super().__init__(_("Wait a few seconds before trying another code."), code="otp_throttled", fields={})


class Step(StrEnum):
    DONE = "done"  # logged in
    CODE = "code"  # the password was right; the second factor's code comes next
    ENROL = "enrol"  # the password was right; a second factor must be enrolled first


@dataclass(frozen=True)
class Login:
    user: User
    step: Step
    device: TOTPDevice | None = None  # the device that verified the code, when there was one


def _where(channel: str, address: str) -> dict[str, str]:
    return {"channel": channel, "address": address}


def _audit_failure(user: User | None, username: str, reason: str, where: dict[str, str]) -> None:
    audit_record(
        actor=None,
        action="login.failure",
        object_type="user",
        object_id=user.pk if user is not None else "",
        data={"username": username[:150], "reason": reason, **where},
    )


def _begin(user: User, where: dict[str, str]) -> lockout.Attempt:
    try:
        return lockout.attempt_begin(user_id=user.pk)
    except lockout.Locked as locked:
        with transaction.atomic():
            _audit_failure(user, user.username, "locked", where)
        raise LoginLocked(locked.until) from None


def _fail(attempt: lockout.Attempt, user: User, reason: str, where: dict[str, str]) -> dt.datetime | None:
    """Record a wrong password or code; return the end of the lock it caused, if any."""
    until = lockout.attempt_failed(attempt)
    _audit_failure(user, user.username, reason, where)
    if until is not None:
        audit_record(
            actor=None,
            action="login.lockout",
            object_type="user",
            object_id=user.pk,
            data={"until": until, "attempts": attempt.number, **where},
        )
    return until


def _succeed(attempt: lockout.Attempt, user: User, device: TOTPDevice | None, where: dict[str, str]) -> Login:
    lockout.attempt_succeeded(attempt)
    audit_record(
        actor=user,
        action="login.success",
        object_type="user",
        object_id=user.pk,
        data={"second_factor": device is not None, **where},
    )
    return Login(user=user, step=Step.DONE, device=device)


def _code_attempt(
    attempt: lockout.Attempt, user: User, device: TOTPDevice, code: str, where: dict[str, str], *, enrol: bool = False
) -> Login:
    until: dt.datetime | None = None
    with transaction.atomic():
        checked = code_check(device, code)
        if checked is CodeCheck.THROTTLED:
            lockout.attempt_pending(attempt)
        elif checked is CodeCheck.WRONG:
            until = _fail(attempt, user, "code", where)
        else:
            if enrol:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(
                    actor=user,
                    action="second_factor.enrol",
                    object_type="user",
                    object_id=user.pk,
                    data={"device": device.pk},
                )
            return _succeed(attempt, user, device, where)
    if checked is CodeCheck.THROTTLED:
        raise CodeThrottled()
    if until is not None:
        raise LoginLocked(until)
    raise LoginRefused(
        _("The code is wrong or has expired."), code="otp_wrong", fields={"otp": _("The code is wrong or has expired.")}
    )


def user_authenticate(
    *, username: str, password: str, otp: str | None = None, channel: str = "web", address: str = ""
) -> Login:
    """Check a username and password (and the second factor's code, when given).

    Returns ``Step.DONE`` when the person may be logged in, or, when the second factor is
    needed and ``otp`` was not given, ``Step.CODE`` (or ``Step.ENROL`` when they have no
    device yet) without logging them in. Raises ``LoginRefused`` (the same message for an
    unknown username and a wrong password), ``LoginLocked``, ``CodeThrottled``, or
    ``SecondFactorNeeded`` when a code is given for an account without a device.
    """
    where = _where(channel, address)
    code = code_clean(otp) if otp is not None else None
    user = User.objects.filter(username=username).first() if username else None
    if user is None or not user.is_active:
        User().set_password(password)  # take as long as checking a real password would
        with transaction.atomic():
            _audit_failure(user, username, "unknown" if user is None else "inactive", where)
        raise LoginRefused()
    attempt = _begin(user, where)
    if not user.check_password(password):
        with transaction.atomic():
            until = _fail(attempt, user, "password", where)
        raise LoginLocked(until) if until is not None else LoginRefused()
    if not second_factor_required(user):
        with transaction.atomic():
            return _succeed(attempt, user, None, where)
    device = confirmed_device(user)
    if code is None or device is None:
        lockout.attempt_pending(attempt)
        if code is not None:
            raise SecondFactorNeeded(
                _("This account has no second factor yet: log in on the web once to enrol one."),
                code="otp_enrolment_required",
            )
        return Login(user=user, step=Step.CODE if device is not None else Step.ENROL)
    return _code_attempt(attempt, user, device, code, where)


def _pending_user(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    return user


def user_verify_code(*, user_id: int, code: str, channel: str = "web", address: str = "") -> Login:
    """The second step of a log-in: the code of the person's enrolled device."""
    cleaned = code_clean(code)
    user = _pending_user(user_id)
    device = confirmed_device(user)
    if device is None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    attempt = _begin(user, _where(channel, address))
    return _code_attempt(attempt, user, device, cleaned, _where(channel, address))


def second_factor_enrol_begin(*, user_id: int) -> TOTPDevice:
    """A new secret to enrol, for a person whose password was just checked and who has no
    confirmed device yet. An enrolment begun earlier and never confirmed is dropped."""
    user = _pending_user(user_id)
    if confirmed_device(user) is not None:
        raise Conflict(_("A second factor is already enrolled."), code="otp_enrolled")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    audit_record(
        actor=user,
        action="second_factor.enrolment_begin",
        object_type="user",
        object_id=user.pk,
        data={"device": device.pk},
    )
    return device


def second_factor_enrol_confirm(
    *, user_id: int, device_id: int, code: str, channel: str = "web", address: str = ""
) -> Login:
    """Confirm the device being enrolled with one valid code, which completes the log-in."""
    cleaned = code_clean(code)
    user = _pending_user(user_id)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or confirmed_device(user) is not None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    attempt = _begin(user, _where(channel, address))
    return _code_attempt(attempt, user, device, cleaned, _where(channel, address), enrol=True)


def user_logout(*, actor: User, address: str = "") -> None:
    audit_record(actor=actor, action="logout", object_type="user", object_id=actor.pk, data={"address": address})


# --- People as reference data (the Django admin) ----------------------------------------

USER_PRIVATE_FIELDS = ("password", "last_login")


def user_save(*, actor: Actor, user: User) -> User:
    """Create or change a user; the audit entry says which fields changed, and if the password did."""
    extra: dict[str, Any] = {}
    if user.pk is not None:
        stored = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if stored is not None and stored != user.password:
            extra["password_changed"] = True
    return record_save(actor=actor, instance=user, object_type="user", exclude=USER_PRIVATE_FIELDS, extra=extra)


def user_password_changed(*, actor: Actor, user: User) -> None:
    """Audit a password the admin's own password forms have just written (their transaction is open)."""
    audit_record(
        actor=actor,
        action="user.password_change",
        object_type="user",
        object_id=user.pk,
        data={"username": user.username},
    )


def user_delete(*, actor: Actor, user: User) -> None:
    record_delete(actor=actor, instance=user, object_type="user", exclude=USER_PRIVATE_FIELDS)


def user_unlock(*, actor: Actor, user: User) -> None:
    """Lift a lock-out and forget the failed attempts."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit_record(
        actor=actor, action="user.unlock", object_type="user", object_id=user.pk, data={"username": user.username}
    )


def second_factor_reset(*, actor: Actor, user: User) -> int:
    """Remove the person's second-factor devices: they enrol a new one at their next log-in."""
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    audit_record(
        actor=actor, action="second_factor.reset", object_type="user", object_id=user.pk, data={"devices": removed}
    )
    return removed


def membership_save(*, actor: Actor, membership: Membership) -> Membership:
    return record_save(actor=actor, instance=membership, object_type="membership")


def membership_delete(*, actor: Actor, membership: Membership) -> None:
    record_delete(actor=actor, instance=membership, object_type="membership")


AUTOMATIC_PREFIX = "system:"


def automatic_actor(*, name: str) -> User:
    """Adalat's own actor for one kind of automatic act (``draws``, ``deadlines``, ``deliveries``):
    the timeline and the audit log name it instead of a person. It has no password and never logs
    in. Created the first time it is needed; safe when two processes need it at once."""
    if not name.isidentifier() or not name.islower():
        raise ValueError(f"an automatic actor's name is a lower-case identifier, not {name!r}")
    username = f"{AUTOMATIC_PREFIX}{name}"
    actor = User.objects.filter(username=username, kind=User.Kind.AUTOMATIC).first()
    if actor is not None:
        return actor
    try:
        with transaction.atomic():
            actor = User(username=username, kind=User.Kind.AUTOMATIC, first_name="Adalat", last_name=f"({name})")
            actor.set_unusable_password()
            actor.save()
            audit_record(actor=None, action="user.automatic", object_type="user", object_id=actor.pk, data={})
    except IntegrityError:
        actor = User.objects.get(username=username)
    if actor.kind != User.Kind.AUTOMATIC:
        raise ValueError(f"{username!r} belongs to an account that is not Adalat's own")
    return actor
