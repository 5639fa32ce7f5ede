"""What is meant for one person is not stored by browsers or proxies: every page answered to
someone logged in, and every API answer, says ``Cache-Control: private, no-store``. Static files
and the public home page stay cacheable."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adalat.cases.models import Case, Participant
from adalat.documents.models import Document
from tests.accounts.factories import PASSWORD
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF, upload

pytestmark = pytest.mark.django_db


def not_stored(response: Any) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def case(world: World) -> Case:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = Client()
    client.force_login(world.clerk)
    client.post(f"/cases/{case.pk}/documents/", {"title": "Indictment", "file": upload("a.pdf", PDF)})
    return case


def test_pages_for_people_logged_in_are_not_stored(world: World, case: Case) -> None:
    client = Client()
    client.force_login(world.clerk)
    participant = Participant.objects.get(case=case)
    pages = [
        "/work/",
        "/cases/",
        "/cases/?q=Ivanov",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/documents/",
        f"/cases/{case.pk}/documents/{Document.objects.get().pk}/versions/1/",
        "/cases/new/",
        "/accounts/tokens/",
        "/",  # the home page sends them to their work
        "/cases/999999/",  # the not-found page, in the frame of their session
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert not_stored(response), (path, response.get("Cache-Control"))
    chair = Client()
    chair.force_login(world.chair)
    assert not_stored(chair.get("/progress/"))
    refused = client.post(
        f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1", "note": "x" * 2001}
    )
    assert refused.status_code == 422 and not_stored(refused)
    removed = client.post(f"/cases/{case.pk}/participants/{participant.pk}/remove/", {"reason": "x" * 501})
    assert not_stored(removed)


def test_the_page_right_after_logging_in_is_not_stored(world: World) -> None:
    response = Client().post("/accounts/login/", {"username": world.clerk.username, "password": PASSWORD})
    assert response.status_code == 302 and not_stored(response)


def test_every_api_answer_is_not_stored(world: World, case: Case) -> None:
    client = api_client(world.clerk)
    for path, status in [
        ("/api/v1/cases", 200),
        (f"/api/v1/cases/{case.pk}", 200),
        (f"/api/v1/cases/{case.pk}/participants", 200),
        (f"/api/v1/cases/{case.pk}/documents", 200),
        (f"/api/v1/cases/{case.pk}/documents/{Document.objects.get().pk}/versions/1/content", 200),
        ("/api/v1/auth/me", 200),
        ("/api/v1/cases/999999", 404),
        ("/api/v1/cases?page=0", 422),
        ("/api/v1/nonexistent", 404),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert not_stored(response), (path, response.get("Cache-Control"))
    assert not_stored(Client().get("/api/v1/cases"))  # refused: 401


def test_static_files_and_the_public_home_page_stay_cacheable() -> None:
    visitor = Client()
    home = visitor.get("/")
    assert home.status_code == 200 and not not_stored(home)
    stylesheet = visitor.get("/static/adalat/adalat.css")
    assert stylesheet.status_code == 200 and not not_stored(stylesheet)
