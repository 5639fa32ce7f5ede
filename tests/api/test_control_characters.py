"""Text with NUL or other control characters is bad input in every field, never a server error."""

from __future__ import annotations

import pytest

from adalat.cases.models import Participant
from tests.api.clients import api_client, error_fields
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_search_with_a_nul_is_named(world: World) -> None:
    assert error_fields(api_client(world.clerk).get("/api/v1/cases", {"q": "iv\x00an"})) == {"q"}


def test_nested_names_and_notes_with_control_characters_are_named(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    before = database_state()
    response = client.post(
        f"/api/v1/cases/{case.pk}/participants",
        {"role": "witness", "party": {"kind": "person", "name": "Sidorov\x00", "messaging": {"telegram": "@a\x07"}}},
        content_type="application/json",
    )
    assert error_fields(response) == {"party.name", "party.messaging"}
    body = {"action": "accept", "note": "ok\x00"}
    response = client.post(f"/api/v1/cases/{case.pk}/transitions", body, content_type="application/json")
    assert error_fields(response) == {"note"}
    participant = Participant.objects.get(case=case)
    url = f"/api/v1/cases/{case.pk}/participants/{participant.pk}?reason=a%00b"
    assert error_fields(client.delete(url)) == {"reason"}
    assert database_state() == before


def test_line_breaks_and_tabs_are_text(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    body = {"action": "accept", "note": "First line\n\tsecond line"}
    response = api_client(world.clerk).post(
        f"/api/v1/cases/{case.pk}/transitions", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
