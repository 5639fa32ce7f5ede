"""Reading accounts: one's own API tokens and memberships, and every token for the operator's
``adalat token list``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adalat.core.errors import NotFound

from .models import ApiToken, Membership, User


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-pk")


def token_get_own(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; someone else's is ``NotFound``, as if it did not exist."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("No such token."))
    return token


def token_list_all(*, username: str | None = None) -> QuerySet[ApiToken]:
    """Every token (for the operator at the command line), or those of one user."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return tokens.filter(user__username=username) if username else tokens


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The user's active memberships, with their organizations."""
    return (
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        .select_related("organization")
        .order_by("organization__name", "role")
    )


def user_get(*, username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(_("No user %(username)s.") % {"username": username})
    return user
