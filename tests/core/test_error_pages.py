"""Every error a person can reach is Adalat's own page, in their language, with a way back:
an address that leads nowhere, an id no database holds, a form from a page that is out of date,
a request that cannot be read, a failure on our side. The language switch on a page answered to
a failed POST returns to a page that answers GET. Under /api/ the same errors are problems."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver

from adalat.cases.models import Case
from adalat.core import error_pages
from tests.api.clients import api_client, problem
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
TOO_BIG = 2**63


@pytest.fixture(autouse=True)
def _not_debugging(settings: Any) -> None:
    settings.DEBUG = False


@pytest.fixture
def case(world: World) -> Case:
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def person(world: World, *, language: str = "en", **kwargs: Any) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.force_login(world.clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def adalat_page(response: Any, status: int) -> str:
    """The page in Adalat's frame: its stylesheet, its header with the language switch."""
    assert response.status_code == status, response.content[:300]
    html: str = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "/static/adalat/adalat.css" in html and 'class="brand"' in html and 'name="language"' in html
    return html


@pytest.mark.parametrize(
    "path",
    [
        "/nonexistent/",
        "/cases/abc/",
        "/cases/-1/",
        "/cases/0/",
        f"/cases/{TOO_BIG}/",
        "/cases/99999999999999999999999/",
        f"/cases/1/documents/{TOO_BIG}/versions/1/",
        f"/cases/1/documents/1/versions/{TOO_BIG}/",
        f"/cases/{TOO_BIG}/participants/1/remove/",
        f"/accounts/tokens/{TOO_BIG}/revoke/",
    ],
)
def test_an_address_that_leads_nowhere_is_the_not_found_page(world: World, case: Case, path: str) -> None:
    html = adalat_page(person(world).get(path), 404)
    assert "Not found" in html and "There is no page at this address." in html
    assert 'href="/work/"' in html and "Back to my work" in html


def test_the_not_found_page_speaks_russian_and_offers_the_home_page_to_visitors() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = adalat_page(client.get("/nonexistent/"), 404)
    assert '<html lang="ru">' in html and "найдено" in html and "По этому адресу нет страницы." in html
    assert "главную страницу" in html and 'href="/"' in html


def test_the_not_found_page_links_back_to_the_page_that_led_there(world: World, case: Case) -> None:
    html = adalat_page(
        person(world).get("/cases/abc/", headers={"Referer": f"http://testserver/cases/{case.pk}/"}), 404
    )
    assert f'href="/cases/{case.pk}/"' in html and "Back to the page you came from" in html


@pytest.mark.parametrize(
    "referer",
    [
        "https://elsewhere.example/x/",
        "http://testserver//elsewhere.example/x/",
        "http://testserver/\\elsewhere.example/",
    ],
)
def test_a_link_from_another_site_is_not_offered_back(world: World, referer: str) -> None:
    html = adalat_page(person(world).get("/cases/abc/", headers={"Referer": referer}), 404)
    assert "elsewhere.example" not in html


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_form_from_a_page_out_of_date_explains_and_offers_to_reload(world: World, case: Case, language: str) -> None:
    """Logged out and in again in another tab: the open case page's form carries the old token."""
    client = person(world, language=language, enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = client.post(
        f"/cases/{case.pk}/transition/",
        {"action": "accept", "expected_version": "1", "csrfmiddlewaretoken": "y" * 32},
        headers={"Referer": f"http://testserver/cases/{case.pk}/"},
    )
    html = adalat_page(response, 403)
    assert "CSRF verification failed" not in html and "DEBUG" not in html
    assert f'href="/cases/{case.pk}/"' in html
    if language == "en":
        assert "This page was out of date" in html and "Reload the page" in html and "Nothing was changed." in html
    else:
        assert "Страница устарела" in html and "Обновить страницу" in html
    case.refresh_from_db()
    assert case.stage == "received"


@pytest.mark.parametrize(
    "path", ["/cases/{case}/transition/", "/cases/{case}/documents/1/versions/", "/accounts/tokens/1/revoke/"]
)
def test_an_address_that_only_takes_a_form_opened_as_a_page_is_adalats_page(
    world: World, case: Case, path: str
) -> None:
    response = person(world).get(path.format(case=case.pk), headers={"Referer": f"http://testserver/cases/{case.pk}/"})
    html = adalat_page(response, 405)
    assert "This address only takes a form sent from its page." in html and "POST" in response["Allow"]
    assert f'href="/cases/{case.pk}/"' in html
    html = adalat_page(person(world, language="ru").get(path.format(case=case.pk)), 405)
    assert "принимается только форма" in html


def test_a_request_that_cannot_be_read_is_the_bad_request_page(world: World) -> None:
    query = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    html = adalat_page(person(world).get(f"/cases/?{query}"), 400)
    assert "Cannot be done" in html and "The request could not be read." in html


def test_a_failure_on_our_side_is_our_page(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr("adalat.cases.work.work_get", broken)
    html = adalat_page(person(world, language="ru").get("/work/"), 500)
    assert "Что-то пошло не так" in html and "Вернуться на рабочий стол" in html


def test_every_error_handler_is_adalats() -> None:
    resolver = get_resolver()
    assert resolver.resolve_error_handler(400) is error_pages.bad_request
    assert resolver.resolve_error_handler(403) is error_pages.permission_denied
    assert resolver.resolve_error_handler(404) is error_pages.page_not_found
    assert resolver.resolve_error_handler(500) is error_pages.server_error
    assert settings.CSRF_FAILURE_VIEW == "adalat.core.error_pages.csrf_failure"


def test_the_forbidden_page_is_adalats() -> None:
    response = error_pages.permission_denied(RequestFactory().get("/admin/x/"), Exception())
    assert response.status_code == 403 and "Not allowed" in response.content.decode()


def test_a_host_not_allowed_is_the_bad_request_page() -> None:
    html = adalat_page(Client(raise_request_exception=False).get("/", headers={"Host": "elsewhere.example"}), 400)
    assert "The request could not be read." in html


# --- the language switch after a failed POST ---------------------------------------------------------


def language_next(html: str) -> str:
    start = html.index('name="next" type="hidden" value="') + len('name="next" type="hidden" value="')
    return html[start : html.index('"', start)]


def test_the_language_switch_after_a_refused_step_returns_to_the_case_page(world: World, case: Case) -> None:
    client = person(world)
    refused = client.post(
        f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1", "note": "x" * 2001}
    )
    assert refused.status_code == 422
    assert language_next(refused.content.decode()) == f"/cases/{case.pk}/"

    switched = client.post("/i18n/setlang/", {"language": "ru", "next": language_next(refused.content.decode())})
    assert switched.status_code == 302 and switched["Location"] == f"/cases/{case.pk}/"
    page = client.get(switched["Location"])
    assert page.status_code == 200 and '<html lang="ru">' in page.content.decode()


def test_on_other_pages_answered_to_a_post_it_returns_to_the_page_the_form_was_on(world: World) -> None:
    client = person(world)
    refused = client.post("/cases/new/", {"title": ""}, headers={"Referer": "http://testserver/cases/new/?court=1"})
    assert refused.status_code == 422
    assert language_next(refused.content.decode()) in ("/cases/new/?court=1", "/")
    page = client.get("/cases/?stage=received")
    assert language_next(page.content.decode()) == "/cases/?stage=received"


# --- the API --------------------------------------------------------------------------------------


def test_the_api_answers_problems_for_unknown_paths_and_methods(world: World) -> None:
    client = api_client(world.clerk)
    client.raise_request_exception = False
    problem(client.get("/api/v1/nonexistent"), 404)
    not_allowed = client.put("/api/v1/cases")
    problem(not_allowed, 405)
    assert "POST" in not_allowed["Allow"]
