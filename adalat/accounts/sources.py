"""Where a log-in attempt comes from: the source address (one key per IPv4 address or IPv6
/64 network), and the browser's signed cookie naming the accounts that logged in from it.

The address is ``REMOTE_ADDR``, or the first ``X-Forwarded-For`` hop when ``ADALAT_BEHIND_PROXY``
is set (the proxy must then set that header itself, replacing what the client sent).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

DEVICE_COOKIE = "adalat_device"
DEVICE_SALT = "adalat.accounts.sources.device"
DEVICE_DAYS = 90
DEVICE_NAMES = 5  # a browser shared by a few people remembers the last five
ADDRESS_MAX = 64


@dataclass(frozen=True)
class Source:
    """One attempt's origin: the channel (web, api), the address key, and the usernames the
    browser's cookie vouches for."""

    channel: str = "web"
    address: str = ""
    devices: frozenset[str] = field(default_factory=frozenset)


def address_key(text: str) -> str:
    """An address as the throttle counts it: an IPv4 address, or the /64 an IPv6 address is in
    (one subscriber's share); empty when it is not an address."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_address(request: HttpRequest) -> str:
    """The caller's address key: the first forwarded hop behind a proxy, else the peer's address."""
    if settings.BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")[0]
        key = address_key(forwarded)
        if key:
            return key
    return address_key(str(request.META.get("REMOTE_ADDR", "")))[:ADDRESS_MAX]


def _device_names(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return []
    try:
        names = signing.loads(raw, salt=DEVICE_SALT, max_age=dt.timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return []
    return [n for n in names if isinstance(n, str)][:DEVICE_NAMES] if isinstance(names, list) else []


def request_source(request: HttpRequest, channel: str) -> Source:
    return Source(channel=channel, address=client_address(request), devices=frozenset(_device_names(request)))


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """Have the browser remember that ``username`` logged in on it (a signed cookie)."""
    names = [username, *(n for n in _device_names(request) if n != username)][:DEVICE_NAMES]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(names, salt=DEVICE_SALT, compress=True),
        max_age=DEVICE_DAYS * 24 * 3600,
        path="/accounts/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
