"""Reading the signing keys' records. None of these hands out a private key: ``store`` does, to
the signing port only."""

from __future__ import annotations

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
    now = clock.now()
    return (
        Certificate.objects.filter(user_id=user.pk, authority__is_current=True, revoked_at__isnull=True)
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
