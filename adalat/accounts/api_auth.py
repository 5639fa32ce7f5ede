"""Who is calling: a bearer token (people and other systems) or the browser's session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from adalat.accounts.guards import session_satisfied
from adalat.accounts.models import ApiToken, User
from adalat.accounts.tokens import token_authenticate
from adalat.core.errors import PermissionDenied


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is not None:
            request.user = found.user
        return found


class Session(SessionAuth):
    """The logged-in browser (CSRF-checked); it needs the second factor where the pack requires it."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # A call without a session cookie is not a browser session: it is unauthenticated (401),
        # not a failed CSRF check (403). One with the cookie is CSRF-checked as before.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not session_satisfied(request):
            return None
        return user


def acting_user(request: HttpRequest) -> User:
    """The person (or system) an authenticated call acts for."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise AuthenticationError()
    return user


def require_scope(request: HttpRequest, scope: str) -> User:
    """The acting user, if the call may use ``scope``: sessions may do all, tokens what they were given."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken) and scope not in auth.scopes:
        raise PermissionDenied(_("This token lacks the scope %(scope)s.") % {"scope": scope}, code="scope")
    return acting_user(request)


AUTH = [BearerToken(), Session()]
