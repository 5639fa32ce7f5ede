"""What every page's navigation needs to know about the person looking at it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from adalat.core.roles import Role

from . import access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_can_register": bool(access.court_ids(user, {Role.CLERK})),
        "nav_can_see_progress": bool(access.supervised_court_ids(user)),
        "nav_is_admin": user.is_staff,
    }
