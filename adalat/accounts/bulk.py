"""Loading people in one go: users, their memberships and second factors.

This is a data load (the demo accounts, an initial import of staff), not an act of someone
using the system: it writes no audit entry per row. The caller writes one entry that
summarises the load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.core.roles import Role
from adalat.organizations.models import Organization

from .models import Membership, User
from .second_factor import secret_base32


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_superuser: bool = False
    is_staff: bool = False
    memberships: Sequence[tuple[Organization, Role]] = field(default_factory=tuple)


def users_bulk_create(*, users: Sequence[UserSpec], password: str) -> dict[str, User]:
    """Create the users and their memberships, all with ``password``.

    The password is hashed once and the hash shared: the accounts of one load have the same
    password anyway, and hashing it for each of them would take seconds. Call inside a transaction.
    """
    digest = make_password(password)
    User.objects.bulk_create(
        User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=spec.email,
            is_superuser=spec.is_superuser,
            is_staff=spec.is_staff,
            password=digest,
        )
        for spec in users
    )
    by_name = {user.username: user for user in User.objects.filter(username__in=[spec.username for spec in users])}
    Membership.objects.bulk_create(
        Membership(user=by_name[spec.username], organization=organization, role=role.value)
        for spec in users
        for organization, role in spec.memberships
    )
    return by_name


def totp_device_create(*, user: User, name: str) -> TOTPDevice:
    """A confirmed TOTP device with a new random secret (the secret is shown with ``totp_secret``)."""
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret as authenticator apps take it (base32, no padding)."""
    return secret_base32(device).rstrip("=")


@dataclass(frozen=True)
class LoadedUser:
    user: User
    memberships: list[Membership]
    totp_devices: list[TOTPDevice]


def users_loaded(usernames: Iterable[str]) -> dict[str, LoadedUser]:
    """The users a previous load created (those still there), with memberships and devices."""
    wanted = list(usernames)
    users = {user.username: user for user in User.objects.filter(username__in=wanted)}
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(user__in=users.values()).select_related("organization").order_by("pk"):
        memberships.setdefault(membership.user_id, []).append(membership)
    devices: dict[int, list[TOTPDevice]] = {}
    for device in TOTPDevice.objects.filter(user__in=users.values(), confirmed=True).order_by("pk"):
        devices.setdefault(device.user_id, []).append(device)
    return {
        name: LoadedUser(user=user, memberships=memberships.get(user.pk, []), totp_devices=devices.get(user.pk, []))
        for name, user in users.items()
    }
