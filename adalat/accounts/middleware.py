"""Times on every page in the viewer's time zone: that of the organization they belong to (their
first active membership), else the jurisdiction's. Pages that speak of one court's day (a case's
timeline) still say so themselves with ``{% timezone %}``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from adalat.jurisdictions.current import get_pack

from . import access


def viewer_time_zone(request: HttpRequest) -> str:
    memberships = access.memberships(request.user)
    if memberships:
        return min(memberships, key=lambda membership: membership.pk).organization.time_zone
    return get_pack().header.time_zone


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with timezone.override(viewer_time_zone(request)):
            return self.get_response(request)
