"""Keeping half-verified sessions out: a session of someone who needs the second factor but
has not given it may not pass, on a page (``login_required``, ``SecondFactorMiddleware``),
in the API (``api_auth.Session``) or in the Django admin (``admin_site``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from .models import User
from .second_factor import second_factor_satisfied

View = Callable[..., HttpResponseBase]


def session_satisfied(request: HttpRequest) -> bool:
    """Whether the session is a person logged in with every factor they need (worked out once
    per request: the middleware, the page guard and the API's session auth all ask)."""
    answer: bool | None = getattr(request, "_adalat_session_satisfied", None)
    if answer is None:
        user = request.user
        answer = bool(user.is_authenticated and isinstance(user, User) and second_factor_satisfied(user))
        request._adalat_session_satisfied = answer  # type: ignore[attr-defined]
    return answer


def login_required(view: View) -> View:
    """Like Django's, and a session that lacks the second factor it needs must log in again."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not session_satisfied(request):
            if request.user.is_authenticated:
                logout(request)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


class SecondFactorMiddleware:
    """Ends, on any page, the session of someone who now needs a second factor they have not given
    (their roles changed, or the pack did, since they logged in). Goes after ``OTPMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not session_satisfied(request):
            logout(request)
        return self.get_response(request)
