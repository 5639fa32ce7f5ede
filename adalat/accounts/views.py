"""Log in (password, then the second factor's code, or its enrolment), log out (here or
everywhere), and one's account page with the API tokens. Thin: the services check, count,
write and audit.

Between the two steps of a log-in the person is not logged in: the session only remembers,
for a few minutes, whose password was right and where they were going.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from adalat.core import clock
from adalat.core.errors import ApplicationError, NotFound

from . import access, selectors, services, zones
from .forms import CodeForm, LoginForm, TokenForm, add_service_error
from .guards import login_required, session_satisfied
from .models import User
from .second_factor import (
    confirmed_device,
    enrolment_device,
    otpauth_uri,
    qr_data_uri,
    second_factor_required,
    secret_text,
    session_verified,
)
from .sources import client_address, remember_device, request_source
from .tokens import token_create, token_revoke, token_state

PENDING = "accounts.pending_login"
PENDING_FOR = dt.timedelta(minutes=5)
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Refusals after which the second step cannot go on: back to the password.
RESTART_CODES = frozenset({"throttled", "login_expired", "otp_enrolled"})


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if pending is None:
        return None
    if clock.now() - dt.datetime.fromisoformat(pending["at"]) > PENDING_FOR:
        del request.session[PENDING]
        return None
    return pending


def _restart(request: HttpRequest, message: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.error(request, message)
    return redirect("accounts:login")


def _complete(request: HttpRequest, login: services.Login, next_url: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    auth_login(request, login.user, backend=BACKEND)
    if login.device is not None:
        django_otp.login(request, login.device)
    response = redirect(next_url)
    remember_device(request, response, login.user.get_username())
    return response


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.method == "GET" and session_satisfied(request):
        return redirect(next_url)
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        try:
            result = services.user_authenticate(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                source=request_source(request, "web"),
            )
            if result.step is services.Step.DONE:
                return _complete(request, result, next_url)
            pending: dict[str, Any] = {"user": result.user.pk, "at": clock.now().isoformat(), "next": next_url}
            if result.step is services.Step.ENROL:
                with transaction.atomic():
                    pending["device"] = services.second_factor_enrol_begin(user_id=result.user.pk).pk
        except ApplicationError as error:
            add_service_error(form, error)
            status = 429 if isinstance(error, services.LoginThrottled) else 200
        else:
            request.session.cycle_key()
            request.session[PENDING] = pending
            return redirect("accounts:enrol" if result.step is services.Step.ENROL else "accounts:verify")
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None or "device" in pending:
        return _restart(request, _("Your log-in has expired; start again."))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            result = services.user_verify_code(
                user_id=pending["user"], code=form.cleaned_data["code"], source=request_source(request, "web")
            )
        except ApplicationError as error:
            if error.code in RESTART_CODES:
                return _restart(request, error.message)
            add_service_error(form, error, rename={"otp": "code"})
        else:
            return _complete(request, result, pending["next"])
    return render(request, "accounts/verify.html", {"form": form})


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    device = (
        enrolment_device(user_id=pending["user"], device_id=pending["device"])
        if pending and "device" in pending
        else None
    )
    if pending is None or device is None:
        return _restart(request, _("Your log-in has expired; start again."))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            result = services.second_factor_enrol_confirm(
                user_id=device.user_id,
                device_id=device.pk,
                code=form.cleaned_data["code"],
                source=request_source(request, "web"),
            )
        except ApplicationError as error:
            if error.code in RESTART_CODES:
                return _restart(request, error.message)
            add_service_error(form, error, rename={"otp": "code"})
        else:
            messages.success(request, _("Your second factor is enrolled."))
            return _complete(request, result, pending["next"])
    uri = otpauth_uri(device, device.user.get_username())
    context = {"form": form, "qr": qr_data_uri(uri), "secret": secret_text(device), "uri": uri}
    return render(request, "accounts/enrol.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and isinstance(user, User):
        with transaction.atomic():
            services.user_logout(actor=user, address=client_address(request))
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session and API token of the person, this browser's session included."""
    user = cast(User, request.user)  # login_required lets only people through
    with transaction.atomic():
        services.user_logout_everywhere(actor=user, user=user)
    auth_logout(request)
    messages.success(request, _("You are logged out everywhere, and your API tokens no longer work."))
    return redirect("accounts:login")


def _account_context(user: User) -> dict[str, Any]:
    at, needs = clock.now(), second_factor_required(user)
    tokens = [
        (token, token_state(token, at=at, needs_second_factor=needs)) for token in selectors.token_list(user=user)
    ]
    return {
        "tokens": tokens,
        "memberships": access.memberships(user),
        "has_second_factor": confirmed_device(user) is not None,
        "needs_second_factor": access.requires_second_factor(user),
        "time_zone": zones.user_zone(user),
    }


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    """One's account: memberships, the second factor, API tokens; a new token's secret is shown once."""
    user = cast(User, request.user)  # login_required lets only people through
    form = TokenForm(request.POST if request.method == "POST" else None)
    created = secret = None
    if form.is_valid():
        try:
            with transaction.atomic():
                created, secret = token_create(
                    actor=user, user=user, second_factor=session_verified(user), **form.cleaned_data
                )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            form = TokenForm()
    context = {"form": form, "created": created, "secret": secret, **_account_context(user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    user = cast(User, request.user)  # login_required lets only people through
    try:
        with transaction.atomic():
            token = token_revoke(actor=user, token_id=selectors.token_get_own(user=user, token_id=token_id).pk)
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
