"""Where a page sends people back to: the address the language switch returns to, and the page
an error page offers to go back to.

The language switch posts to Django's ``set_language``, which redirects to the ``next`` it is
given. On a page answered to a GET that is the page itself. A page answered to a POST (a form
shown again with its errors) may live at an address that only takes POST (``/cases/7/transition/``):
there the view passes the page's own address as ``page_url`` (the case page), or else the page
the form was sent from (the Referer, when it is this site's) is used, or else the home page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

HOME = "/"
READING = frozenset({"GET", "HEAD"})


def referer_path(request: HttpRequest) -> str | None:
    """The path and query of the page the request came from, when it is a page of this site."""
    referer = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    if not parts.path.startswith("/") or parts.path.startswith(("//", "/\\")):
        return None  # "//elsewhere/" in a link would lead to another site
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_url(request: HttpRequest) -> str:
    """Where the language switch returns to, unless the view names the page (``page_url``)."""
    if request.method in READING:
        return request.get_full_path()
    came_from = referer_path(request)
    if came_from is not None and urlsplit(came_from).path != request.path:
        return came_from
    return HOME


def back_url(request: HttpRequest) -> str | None:
    """The page an error page offers to go back to, when there is one other than itself."""
    came_from = referer_path(request)
    if came_from is None or urlsplit(came_from).path == request.path:
        return None
    return came_from


def context(request: HttpRequest) -> dict[str, Any]:
    """A context processor; a view's own ``page_url`` in its context wins over this one."""
    return {"page_url": page_url(request), "back_url": back_url(request)}
