"""What every answer goes through at the edge of the site: the content security policy on pages,
``no-store`` on what is meant for one person, problem details for every error under /api/ and
Adalat's page for a method an address does not take."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .error_pages import method_not_allowed
from .problems import CONTENT_TYPE, TITLES, is_api, problem

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
Answer = Callable[[HttpRequest], HttpResponse]
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


class ContentSecurityPolicyMiddleware:
    """Only Adalat's own scripts, styles and images run in its pages: no inline script."""

    def __init__(self, get_response: Answer) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class PrivateAnswersMiddleware:
    """``Cache-Control: private, no-store`` on every answer that may hold what only one person may
    see: every API answer, and every page answered to someone who is (or just became) logged in,
    or who carries a session (a log-in half done). Browsers and proxies then keep no copy of a case
    page on disk, and the back button after logging out shows nothing. Static files (served before
    this by WhiteNoise) and pages for visitors without a session stay cacheable.
    Goes before the session middleware, to see the session cookie it sets."""

    def __init__(self, get_response: Answer) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        personal = (
            is_api(request) or settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers
        )
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if personal or (user is not None and user.is_authenticated) or settings.SESSION_COOKIE_NAME in response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ErrorAnswersMiddleware:
    """Every error under /api/ is problem details, also those no endpoint wrote: a method the path
    does not take (405), and whatever an error page of Django's answers. On the pages, a method the
    address does not take (a form's address opened with GET, a reload) is Adalat's page, not the
    browser's empty "HTTP ERROR 405"."""

    def __init__(self, get_response: Answer) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400:
            return response
        if is_api(request):
            answer = self._problem(request, response)
        elif response.status_code == 405 and not response.content:
            answer = method_not_allowed(request)
        else:
            return response
        for name in KEPT_HEADERS:
            if name in response.headers:
                answer.headers[name] = response.headers[name]
        return answer

    @staticmethod
    def _problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.headers.get("Content-Type", "").startswith(CONTENT_TYPE):
            return response
        status = response.status_code
        return problem(request, status, "http", str(TITLES.get(status, "")) or str(response.reason_phrase))
