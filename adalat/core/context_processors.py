"""What every page's header needs: the navigation entries the person may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"nav": nav_for(user)}
