"""A file over the size limit is named beside the field as soon as it is chosen, and nothing is
sent; an upload that the server refuses, or whose connection is cut, says so beside the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, Route, expect

from adalat.cases.models import Case
from adalat.documents.models import Document
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LIMIT = 1000


def logged_in(page: Page, live_server: Any, world: World) -> None:
    client = Client()
    client.force_login(world.clerk)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def documents_section(page: Page, live_server: Any, case: Case) -> None:
    """The case page, whose documents section htmx loads."""
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator("#document-file")).to_be_visible()


def choose(page: Page, name: str, data: bytes) -> None:
    page.locator("#document-title").fill("Indictment")
    page.locator("#document-file").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )


@pytest.fixture
def case(world: World, settings: Any) -> Case:
    settings.DOCUMENT_MAX_BYTES = LIMIT
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def test_a_file_over_the_limit_is_named_before_anything_is_sent(
    live_server: Any, world: World, case: Case, page: Page
) -> None:
    logged_in(page, live_server, world)
    documents_section(page, live_server, case)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    choose(page, "big.pdf", PDF + b"%" * (LIMIT + 1))
    note = page.locator("#document-file-check")
    expect(note).to_be_visible()
    expect(note).to_contain_text("The file is larger than the limit of 1000")
    expect(page.locator("#document-file")).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_timeout(300)
    assert posts == [] and Document.objects.count() == 0
    expect(note).to_be_visible()

    choose(page, "indictment.pdf", PDF)  # a file within the limit: the note goes, the upload goes through
    expect(note).to_be_hidden()
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#case-documents")).to_contain_text("The document was added.")
    assert Document.objects.count() == 1


def test_a_cut_connection_and_a_refusal_by_the_server_are_said(
    live_server: Any, world: World, case: Case, page: Page
) -> None:
    logged_in(page, live_server, world)
    documents_section(page, live_server, case)
    answers: list[str] = ["cut"]

    def server(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif answers.pop(0) == "cut":
            route.abort("connectionreset")  # as a server that stops reading a body over its limit
        else:
            route.fulfill(
                status=413, content_type="text/html", body="<html><h1>413 Request Entity Too Large</h1></html>"
            )

    page.route(f"**/cases/{case.pk}/documents/", server)
    choose(page, "indictment.pdf", PDF)
    note = page.locator("#document-file-check")

    page.get_by_role("button", name="Upload", exact=True).click()
    expect(note).to_contain_text("The file did not reach the server")
    expect(note).to_be_visible()

    answers.append("refused")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(note).to_contain_text("The file is larger than the limit of 1000")
    assert Document.objects.count() == 0
