"""Reading the signing keys' records. None of these hands out a private key: ``store`` does, to
the signing port only."""

from __future__ import annotations

import hashlib

from django.db.models import Q, QuerySet

from adalat.accounts.access import AnyUser
from adalat.core import clock

from .models import Authority, Certificate


def authority_current() -> Authority | None:
    return Authority.objects.filter(is_current=True).first()


def certificate_current(*, user: AnyUser) -> Certificate | None:
    """The certificate ``user`` signs with now: the latest one the current authority issued them
    that is neither revoked nor expired."""
    if not user.is_authenticated:
        return None
    return certificate_of(user_id=user.pk)


def certificate_of(*, user_id: int) -> Certificate | None:
    """``certificate_current`` by the user's id, with its authority."""
    now = clock.now()
    return (
        Certificate.objects.select_related("authority")
        .filter(user_id=user_id, authority__is_current=True, revoked_at__isnull=True)
        .filter(Q(not_before__lte=now) & Q(not_after__gt=now))
        .order_by("-issued_at", "-pk")
        .first()
    )


def certificates_by_serial(serials: set[int]) -> dict[int, Certificate]:
    """The certificates Adalat issued with these serial numbers, with their users."""
    if not serials:
        return {}
    found: QuerySet[Certificate] = Certificate.objects.select_related("user").filter(
        serial__in=[format(s, "x") for s in serials]
    )
    return {int(c.serial, 16): c for c in found}


def trust_state() -> tuple[tuple[int, int, str], ...]:
    """What verification depends on, in short: each authority, its revocation list's number and
    its root's digest. A revocation or a new authority changes it."""
    authorities = Authority.objects.order_by("pk").values_list("pk", "crl_number", "certificate")
    return tuple((pk, number, hashlib.sha256(bytes(root)).hexdigest()) for pk, number, root in authorities)
