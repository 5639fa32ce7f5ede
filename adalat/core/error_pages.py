"""Adalat's own pages for the errors a person can reach: an address that leads nowhere (404), a
refusal (403), a request that cannot be read (400), an address that only takes a form (405), a
form from a page that is out of date (the CSRF check) and a failure on our side (500). Each is
translated, in the site's frame, with a way back. Under /api/ each answers problem details
instead."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from .pages import referer_path
from .problems import is_api, problem

logger = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int, message: str, **context: object) -> HttpResponse:
    if not hasattr(request, "user"):
        # Refused before the authentication middleware ran (a host not allowed): a visitor.
        request.user = AnonymousUser()
    return render(request, "problem.html", {"status": status, "message": message, **context}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem(request, 404, "not_found", _("Nothing is at this address."))
    return _page(request, 404, _("There is no page at this address. It may have been mistyped, or the link is old."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem(request, 403, "forbidden", _("You may not do this."))
    return _page(request, 403, _("You may not do this."))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem(
            request, 400, "malformed", _("The request could not be read (too many fields or files, or a broken body).")
        )
    return _page(request, 400, _("The request could not be read. Go back, reload the page and try again."))


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """An address that only takes a form, opened as a page (typed, reloaded, from the history)."""
    return _page(
        request,
        405,
        _("This address only takes a form sent from its page. Go back to the page and send the form from there."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that is out of date: after logging out, or in again, in another tab
    (the form's token belongs to the old session), or from a page kept open for very long."""
    if is_api(request):
        return problem(
            request,
            403,
            "csrf",
            _("A call with the session cookie needs the X-CSRFToken header; other programs send a bearer token."),
        )
    reload_url = referer_path(request) or (request.get_full_path() if request.method == "GET" else None)
    message = _(
        "The page you sent this from was out of date: you may have logged out, or logged in again, in another "
        "tab. Nothing was changed. Reload the page and try again."
    )
    return _page(request, 403, message, stale=True, reload_url=reload_url)


def server_error(request: HttpRequest) -> HttpResponse:
    """Our failure: the page says so in the site's frame; if even that cannot be drawn (the
    database may be what failed), Django's plain page."""
    if is_api(request):
        return problem(request, 500, "internal", _("Something went wrong on our side; it has been logged."))
    try:
        return _page(request, 500, _("Something went wrong on our side; it has been logged. Try again in a moment."))
    except Exception:
        logger.exception("the error page could not be drawn for %s %s", request.method, request.path)
        return defaults.server_error(request)
