"""What every page for people who are logged in shares: the log-in guard (with the second factor
where the pack wants it), the domain's refusals shown as pages, and htmx fragments of a page."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from adalat.core.errors import ApplicationError, NotFound, PermissionDenied

from .guards import login_required
from .models import User

View = Callable[..., HttpResponseBase]


def problem_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "problem.html", {"status": status, "message": message}, status=status)


def screen(view: View) -> View:
    """A page for people who are logged in: ``NotFound`` is the 404 page and ``PermissionDenied``
    the 403 page with its reason; another refusal the view does not handle is shown likewise."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return problem_page(request, 404, exc.message)
        except PermissionDenied as exc:
            return problem_page(request, 403, exc.message)
        except ApplicationError as exc:
            return problem_page(request, exc.status, exc.message)

    return login_required(wrapper)


def screen_user(request: HttpRequest) -> User:
    """The person behind a ``screen`` (which lets only people through)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied()
    return user


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for a part of the page (not a boosted link or a history restore)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


def render_part(
    request: HttpRequest, full: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The fragment ``partial`` when htmx asks for it, the page ``full`` otherwise."""
    response = render(request, partial if is_partial(request) else full, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def errors_onto(
    form: forms.Form, fields: Mapping[str, str], *, rename: Mapping[str, str] | None = None, message: str = ""
) -> None:
    """A service's field errors beside the form's fields (``rename`` maps a service's field name to
    the form's), the others above the form; ``message`` above it when no field was named."""
    for key, text in fields.items():
        name = (rename or {}).get(key, key)
        form.add_error(name if name in form.fields else None, text)
    if not fields and message:
        form.add_error(None, message)
