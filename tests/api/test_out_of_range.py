"""Numbers beyond what the database holds are bad input, named, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.clients import api_client, error_fields, problem
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
HUGE = 10**20


@pytest.mark.parametrize("name", ["holder", "judge", "page", "page_size"])
def test_list_filters_out_of_range_are_named(world: World, name: str) -> None:
    response = api_client(world.clerk).get("/api/v1/cases", {name: HUGE})
    assert error_fields(response) == {name}


def test_ids_out_of_range_in_a_new_case_are_named(world: World) -> None:
    body = {
        "organization": HUGE,
        "kind": "criminal",
        "title": "Theft",
        "received_on": "2026-01-01",
        "articles": ["158"],
        "judge": HUGE,
        "participants": [{"role": "accused", "party_id": HUGE}],
    }
    response = api_client(world.clerk).post("/api/v1/cases", body, content_type="application/json")
    assert error_fields(response) == {"organization", "judge", "participants[0].party_id"}


def test_a_huge_case_id_is_not_found_on_pages_and_in_the_api(world: World, client) -> None:  # type: ignore[no-untyped-def]
    problem(api_client(world.clerk).get(f"/api/v1/cases/{HUGE}"), 404)
    client.force_login(world.clerk)
    assert client.get(f"/cases/{HUGE}/").status_code == 404
    assert client.get("/cases/", {"holder": HUGE, "judge": HUGE}).status_code == 200
    assert client.get("/progress/", {"court": HUGE}).status_code in (200, 403)


def test_a_document_id_beyond_64_bits_is_not_found_on_pages_and_in_the_api(world: World, client) -> None:  # type: ignore[no-untyped-def]
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    problem(api_client(world.clerk).get(f"/api/v1/cases/{case.pk}/documents/{2**63}/versions/1/content"), 404)
    client.force_login(world.clerk)
    assert client.get(f"/cases/{case.pk}/documents/{2**63}/versions/1/").status_code == 404


def test_a_huge_expected_version_is_named(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    response = api_client(world.clerk).post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"action": "accept", "expected_version": HUGE},
        content_type="application/json",
    )
    assert error_fields(response) == {"expected_version"}


def test_a_call_with_a_wrong_token_and_no_session_is_unauthenticated(world: World) -> None:
    """Not a CSRF failure: without a session cookie there is no session to protect."""
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer adl_000000000000_wrong"})
    problem(client.post("/api/v1/cases", {}, content_type="application/json"), 401)


def test_a_session_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    assert client.post("/api/v1/cases", {}, content_type="application/json").status_code == 403
