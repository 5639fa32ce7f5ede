"""Changing accounts: logging in (password, then the second factor where needed, behind the
throttle of ``throttle.py``), logging out (here or everywhere), enrolling a second factor, and
the reference data of people kept in the Django admin (users, memberships). Every change leaves
an audit entry; failed log-ins are counted by the throttle and logged instead (decision 0020).

The log-in services are the one exception to "the caller owns the transaction": an attempt
must be counted before it is checked, where other attempts see it, and a refused one stays
counted although the request fails, so they commit their own small writes and raise afterwards.
Call them outside ``transaction.atomic``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.audit.services import Actor, audit_record
from adalat.core.errors import ApplicationError, Conflict
from adalat.organizations.reference import record_delete, record_save

from . import throttle, zones
from .models import Membership, User
from .second_factor import CodeCheck, code_check, code_clean, confirmed_device, second_factor_required
from .sources import Source

logger = logging.getLogger(__name__)
NOWHERE = Source()


class LoginRefused(ApplicationError):
    """Wrong username or password (the message never says which), or a wrong code."""

    status = 401

    def __init__(self, message: str = "", *, code: str = "login_refused", fields: dict[str, str] | None = None) -> None:
        super().__init__(message or _("The username or password is wrong."), code=code, fields=fields)


class LoginThrottled(ApplicationError):
    """Refused before anything was checked: too many failed log-ins from here or for this name.
    The same answer whether or not the name exists; the time is in the pack's zone."""

    status = 429

    def __init__(self, refused: throttle.Throttled) -> None:
        if refused.busy:
            message = _("Too many log-ins at the same moment: try again in a few seconds.")
        else:
            message = _("Too many failed log-ins. Try again after %(time)s.") % {
                "time": zones.moment_text(refused.until, zones.pack_zone())
            }
            if refused.scope in (throttle.Scope.NAME, throttle.Scope.ALL):
                message += " " + _("Its owner can still log in from a browser or a place they logged in from before.")
        super().__init__(message, code="throttled")
        self.until = refused.until


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


def _refusal_logged(username: str, reason: str, source: Source) -> None:
    """A failed attempt goes to the application's log (and is counted by the throttle), not to
    the audit chain, which strangers could otherwise fill at will."""
    logger.warning(
        "log-in refused: reason=%s channel=%s address=%s username=%r",
        reason,
        source.channel,
        source.address or "-",
        username[:150],
    )


@contextmanager
def _attempt(username: str, source: Source) -> Iterator[throttle.Hold]:
    """The throttle's places for one attempt, taken before anything is checked and given back
    if the attempt ends without being settled (an unexpected error)."""
    try:
        hold = throttle.attempt_begin(username=username, source=source)
    except throttle.Throttled as refused:
        raise LoginThrottled(refused) from None
    try:
        yield hold
    finally:
        throttle.attempt_abandoned(hold)


def _succeed(hold: throttle.Hold, user: User, device: TOTPDevice | None, source: Source) -> Login:
    throttle.attempt_passed(hold, logged_in=True)
    audit_record(
        actor=user,
        action="login.success",
        object_type="user",
        object_id=user.pk,
        data={"second_factor": device is not None, "channel": source.channel, "address": source.address},
    )
    return Login(user=user, step=Step.DONE, device=device)


def _code_attempt(
    hold: throttle.Hold, user: User, device: TOTPDevice, code: str, source: Source, *, enrol: bool = False
) -> Login:
    with transaction.atomic():
        checked = code_check(device, code)
        if checked is CodeCheck.THROTTLED:
            throttle.attempt_abandoned(hold)
        elif checked is CodeCheck.WRONG:
            # After a right password: this account's own matter, so it is audited (a few at most).
            throttle.attempt_failed(hold)
            audit_record(
                actor=None,
                action="login.failure",
                object_type="user",
                object_id=user.pk,
                data={
                    "username": user.username,
                    "reason": "code",
                    "channel": source.channel,
                    "address": source.address,
                },
            )
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
            return _succeed(hold, user, device, source)
    if checked is CodeCheck.THROTTLED:
        raise CodeThrottled()
    _refusal_logged(user.username, "code", source)
    raise LoginRefused(
        _("The code is wrong or has expired."), code="otp_wrong", fields={"otp": _("The code is wrong or has expired.")}
    )


def user_authenticate(*, username: str, password: str, otp: str | None = None, source: Source = NOWHERE) -> Login:
    """Check a username and password (and the second factor's code, when given).

    Returns ``Step.DONE`` when the person may be logged in, or, when the second factor is
    needed and ``otp`` was not given, ``Step.CODE`` (or ``Step.ENROL`` when they have no
    device yet) without logging them in. Raises ``LoginThrottled`` before checking anything
    when the throttle says so, ``LoginRefused`` (the same message, after the same work, for an
    unknown username and a wrong password), ``CodeThrottled``, or ``SecondFactorNeeded`` when
    a code is given for an account without a device.
    """
    code = code_clean(otp) if otp is not None else None
    with _attempt(username, source) as hold:
        user = User.objects.filter(username=username).first() if username else None
        if user is None or not user.is_active:
            make_password(password)  # take as long as checking a real password would
            right, reason = False, "unknown" if user is None else "inactive"
        else:
            right, reason = user.check_password(password), "password"
        if user is None or not right:
            throttle.attempt_failed(hold)
            _refusal_logged(username, reason, source)
            raise LoginRefused()
        if not second_factor_required(user):
            with transaction.atomic():
                return _succeed(hold, user, None, source)
        device = confirmed_device(user)
        if code is None or device is None:
            throttle.attempt_passed(hold, logged_in=False)  # the code comes next
            if code is not None:
                raise SecondFactorNeeded(
                    _("This account has no second factor yet: log in on the web once to enrol one."),
                    code="otp_enrolment_required",
                )
            return Login(user=user, step=Step.CODE if device is not None else Step.ENROL)
        return _code_attempt(hold, user, device, code, source)


def _pending_user(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    return user


def user_verify_code(*, user_id: int, code: str, source: Source = NOWHERE) -> Login:
    """The second step of a log-in: the code of the person's enrolled device."""
    cleaned = code_clean(code)
    user = _pending_user(user_id)
    device = confirmed_device(user)
    if device is None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    with _attempt(user.username, source) as hold:
        return _code_attempt(hold, user, device, cleaned, source)


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


def second_factor_enrol_confirm(*, user_id: int, device_id: int, code: str, source: Source = NOWHERE) -> Login:
    """Confirm the device being enrolled with one valid code, which completes the log-in."""
    cleaned = code_clean(code)
    user = _pending_user(user_id)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or confirmed_device(user) is not None:
        raise LoginRefused(_("Your log-in has expired; start again."), code="login_expired")
    with _attempt(user.username, source) as hold:
        return _code_attempt(hold, user, device, cleaned, source, enrol=True)


def user_logout(*, actor: User, address: str = "") -> None:
    audit_record(actor=actor, action="logout", object_type="user", object_id=actor.pk, data={"address": address})


def user_logout_everywhere(*, actor: Actor, user: User) -> None:
    """End every session and every API token of ``user``: their credentials' generation moves on."""
    User.objects.filter(pk=user.pk).update(credentials_generation=F("credentials_generation") + 1)
    user.refresh_from_db(fields=["credentials_generation"])
    audit_record(
        actor=actor,
        action="user.logout_everywhere",
        object_type="user",
        object_id=user.pk,
        data={"username": user.username, "generation": user.credentials_generation},
    )


# --- People as reference data (the Django admin) ----------------------------------------

USER_PRIVATE_FIELDS = ("password", "last_login", "credentials_generation")


def user_save(*, actor: Actor, user: User) -> User:
    """Create or change a user; the audit entry says which fields changed, and if the password did.
    Deactivating the account ends its sessions and tokens (they stay ended if it comes back)."""
    extra: dict[str, Any] = {}
    if user.pk is not None:
        stored = User.objects.filter(pk=user.pk).values("password", "is_active").first()
        if stored is not None:
            if stored["password"] != user.password:
                extra["password_changed"] = True
            if stored["is_active"] and not user.is_active:
                user.end_credentials()
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
    """Forget the failed log-ins counted for the person's username in this window, from anywhere."""
    throttle.forget(username=user.username)
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
