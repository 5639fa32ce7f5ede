"""The second factor: TOTP devices (django-otp), whether a person needs one, checking a code,
and what an authenticator app needs to enrol (the otpauth:// URI as a QR code, the secret).

A person needs the second factor when the pack requires it of one of their roles
(``access.requires_second_factor``) or when they have enrolled a device of their own.
"""

from __future__ import annotations

import base64
import re
from enum import StrEnum
from urllib.parse import quote, urlencode

import segno
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.core.errors import ValidationFailed

from . import access
from .models import User

ISSUER = "Adalat"
CODE_RE = re.compile(r"^[0-9]{6}$")


class CodeCheck(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    THROTTLED = "throttled"  # django-otp asks for a pause after wrong codes; nothing was checked


def confirmed_device(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device


def enrolment_device(*, user_id: int, device_id: int) -> TOTPDevice | None:
    """The device a person began to enrol and has not confirmed yet."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.select_related("user").filter(pk=device_id, user_id=user_id, confirmed=False).first()
    )
    return device


def second_factor_required(user: User) -> bool:
    return access.requires_second_factor(user) or confirmed_device(user) is not None


def session_verified(user: User) -> bool:
    """Whether the session ``user`` came with gave the second factor (django-otp's middleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def second_factor_satisfied(user: User) -> bool:
    """Whether a logged-in session of ``user`` may pass: verified, or not needing the factor."""
    return session_verified(user) or not second_factor_required(user)


def code_clean(code: str | None, field: str = "otp") -> str:
    """The code without spaces, or ``ValidationFailed`` if it is not six digits (nothing is counted)."""
    cleaned = "".join((code or "").split())
    if not CODE_RE.match(cleaned):
        raise ValidationFailed({field: _("Enter the 6-digit code from your authenticator app.")})
    return cleaned


def code_check(device: TOTPDevice, code: str) -> CodeCheck:
    """Check ``code`` against ``device`` (a used code is not accepted twice). Call inside a transaction."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.THROTTLED
    return CodeCheck.RIGHT if device.verify_token(code) else CodeCheck.WRONG


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii")


def secret_text(device: TOTPDevice) -> str:
    """The secret as it is typed into an app by hand: base32 in groups of four."""
    secret = secret_base32(device).rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def otpauth_uri(device: TOTPDevice, username: str) -> str:
    label = quote(f"{ISSUER}:{username}")
    params = urlencode(
        {
            "secret": secret_base32(device).rstrip("="),
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{label}?{params}"


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code in an SVG ``data:`` URI (allowed by the Content-Security-Policy)."""
    uri: str = segno.make(text, error="m").svg_data_uri(scale=5, border=2)
    return uri
