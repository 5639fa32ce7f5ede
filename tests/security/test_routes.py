"""Every page and every API operation is accounted for by the access tests: either the access matrix
(``test_idor.ENDPOINTS``) calls it with objects the caller must not reach, or it takes no object and
is listed here with what guards it. A new route that is in neither fails this test, so it cannot be
forgotten."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from adalat.api.urls import api
from tests.security.test_idor import ENDPOINTS

# Routes that take no object a caller could reach into, and what guards them.
NO_OBJECT = {
    # pages
    "": "public: the home page",
    "i18n/setlang/": "public: the language switch",
    "accounts/login/": "public: logging in (tests/accounts)",
    "accounts/login/code/": "the second factor of a password just checked (tests/accounts)",
    "accounts/login/enrol/": "enrolling a second factor after the password (tests/accounts)",
    "accounts/logout/": "the caller's own session",
    "accounts/logout-everywhere/": "the caller's own sessions and tokens (tests/accounts/test_token_credentials.py)",
    "accounts/tokens/": "the caller's own tokens (tests/accounts/test_tokens_page.py)",
    "accounts/tokens/{}/revoke/": "only the caller's own tokens (tests/accounts/test_tokens_page.py)",
    "work/": "the caller's own work, scoped by the policy",
    "incoming/": "cases on their way to the caller's organization, scoped by the policy",
    "cases/": "the case list, scoped by the policy (test_access_policy.py)",
    "cases/new/": "registering where the policy lets the caller (tests/cases/test_views_register.py)",
    "directory/": "organizations, and the parties the policy lets the caller attach (tests/cases/test_directory.py)",
    "petitions/": "the motions and complaints the caller answers or filed, scoped by the policy (tests/petitions)",
    "cases/{}/petitions/{}/answer/": "a motion or complaint of a case, checked with it (tests/petitions)",
    "instructions/": "the instructions waiting for the caller, scoped by the policy (tests/supervision)",
    "cases/{}/instructions/{}/answer/": "an instruction of a case, checked with it (tests/supervision)",
    "claims/": "the caller's own claims and those waiting at their court's registry (tests/filing)",
    "claims/new/": "writing one's own claim (tests/filing)",
    "claims/{}/": "a claim: its filer, and its court's registry once submitted (tests/filing/test_surfaces.py)",
    "claims/{}/attachments/": "a claim's files: its filer, its court's registry (tests/filing/test_surfaces.py)",
    "claims/{}/attachments/{}/": "a claim's file: its filer, its court's registry (tests/filing/test_surfaces.py)",
    "claims/{}/attachments/{}/remove/": "a draft claim's file: its filer only (tests/filing)",
    "claims/{}/pay/": "a draft claim: its filer only (tests/filing/test_surfaces.py)",
    "claims/{}/accept/": "a submitted claim: its court's registry only (tests/filing/test_surfaces.py)",
    "claims/{}/return/": "a submitted claim: its court's registry only (tests/filing)",
    "custody/": "the custody terms in the cases the policy lets the caller see (tests/restraint)",
    "outages/": "public: the outage register; recording one, administrators only (tests/cases/test_views_outages.py)",
    # API
    "GET api/v1/openapi.json": "public: the API's description",
    "GET api/v1/docs": "public: the API's documentation",
    "GET api/v1/": "public: the API's root",
    "POST api/v1/auth/token": "logging in for a token (tests/accounts/test_token_api.py)",
    "GET api/v1/auth/me": "the caller's own account",
    "POST api/v1/auth/logout-everywhere": "the caller's own sessions and tokens (tests/accounts)",
    "GET api/v1/auth/tokens": "the caller's own tokens (tests/accounts/test_token_api.py)",
    "DELETE api/v1/auth/tokens/{}": "only the caller's own tokens (tests/accounts/test_token_api.py)",
    "GET api/v1/audit/entries": "administrators only (tests/audit/test_api.py)",
    "POST api/v1/audit/verify": "administrators only (tests/audit/test_api.py)",
    "POST api/v1/cases": "registering where the policy lets the caller (tests/api/test_case_create.py)",
    "GET api/v1/cases": "the case list, scoped by the policy (tests/api/test_case_read.py)",
    "GET api/v1/cases/incoming": "cases on their way to the caller's organization, scoped by the policy",
    "GET api/v1/petitions": "the motions and complaints the caller answers or filed, scoped by the policy",
    "POST api/v1/cases/{}/petitions/{}/answer": "a motion or complaint of a case, checked with it (tests/petitions)",
    "GET api/v1/instructions": "the instructions waiting for the caller, scoped by the policy (tests/supervision)",
    "POST api/v1/cases/{}/instructions/{}/answer": "an instruction of a case, checked with it (tests/supervision)",
    "GET api/v1/filings": "the caller's own claims and those waiting at their court's registry (tests/filing)",
    "POST api/v1/filings": "writing one's own claim (tests/filing)",
    "GET api/v1/filings/courts": "public: the courts taking claims online",
    "GET api/v1/filings/fee": "public: the court fee from the pack's tariff",
    "GET api/v1/filings/{}": "a claim: its filer, and its court's registry once submitted (tests/filing)",
    "POST api/v1/filings/{}/attachments": "a draft claim: its filer only (tests/filing)",
    "DELETE api/v1/filings/{}/attachments/{}": "a draft claim: its filer only (tests/filing/test_surfaces.py)",
    "POST api/v1/filings/{}/pay": "a draft claim: its filer only (tests/filing/test_surfaces.py)",
    "POST api/v1/filings/{}/accept": "a submitted claim: its court's registry only (tests/filing/test_surfaces.py)",
    "POST api/v1/filings/{}/return": "a submitted claim: its court's registry only (tests/filing)",
    "GET api/v1/custody": "the custody terms in the cases the policy lets the caller see (tests/restraint)",
    "GET api/v1/outages": "public: the outage register (tests/api/test_outages_api.py)",
    "POST api/v1/outages": "administrators only (tests/api/test_outages_api.py)",
    "GET api/v1/directory": "organizations, and the parties the policy lets the caller attach (tests/api)",
}
PLACEHOLDER = re.compile(r"<[^>]+>|\{[^}]+\}|(?<=/)\d+(?=/|$)")


def _normal(path: str) -> str:
    return PLACEHOLDER.sub("{}", path.split("?")[0].lstrip("/"))


def _pages(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route in ("admin/", "api/v1/"):
                continue  # the admin site's own guard (tests/accounts/test_admin_site.py); the API below
            yield from _pages(pattern.url_patterns, route)
        else:
            yield _normal(route)


def _operations() -> Iterator[str]:
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield f"{method.upper()} {_normal(path)}"
    for path in ("api/v1/openapi.json", "api/v1/docs", "api/v1/"):
        yield f"GET {path}"


def _covered() -> set[str]:
    covered = set(NO_OBJECT)
    for endpoint in ENDPOINTS:
        path = _normal(endpoint.path)
        covered.add(f"{endpoint.method.upper()} {path}" if endpoint.api else path)
    return covered


def test_every_page_and_api_operation_is_in_the_access_tests() -> None:
    routes = set(_pages(get_resolver().url_patterns)) | set(_operations())
    missing = sorted(routes - _covered())
    assert missing == [], "not in the access matrix (test_idor.ENDPOINTS) nor in NO_OBJECT: " + ", ".join(missing)


def test_the_lists_name_no_route_that_does_not_exist() -> None:
    routes = set(_pages(get_resolver().url_patterns)) | set(_operations())
    assert sorted(_covered() - routes) == []
