"""Text that is no Unicode (a lone UTF-16 surrogate, which JSON can spell as ``"\\ud800"``) is bad
input named by its field, in every field and dictionary key, never a server error; and an error
answer that echoes such text is still a problem document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from pydantic import ValidationError as PydanticValidationError

from adalat.core.api_input import Input
from adalat.core.problems import problem as problem_answer
from tests.api.clients import api_client, error_fields
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
LONE = "a\ud800"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    """JSON as a client would send it: the surrogate spelled ``\\ud800`` (it has no UTF-8 form)."""
    return client.post(url, json.dumps(body), content_type="application/json")


def new_case(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organization": world.court.pk,
        "kind": "criminal",
        "title": "Theft",
        "received_on": "2026-01-01",
        "articles": ["158"],
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": LONE}, "title"),
        ({"kind": LONE}, "kind"),
        ({"articles": [LONE]}, "articles"),
        (
            {"participants": [{"role": "accused", "party": {"kind": "person", "name": LONE}}]},
            "participants[0].party.name",
        ),
        ({"participants": [{"role": LONE, "party": {"kind": "person", "name": "Ivanov"}}]}, "participants[0].role"),
    ],
)
def test_a_new_case_with_a_lone_surrogate_is_refused_by_field(
    world: World, changes: dict[str, Any], field: str
) -> None:
    client = api_client(world.clerk)
    before = database_state()
    response = post(client, "/api/v1/cases", new_case(world, **changes))
    assert error_fields(response) == {field}
    assert database_state() == before


def test_a_participant_with_lone_surrogates_is_refused_by_field(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    before = database_state()
    party = {"kind": "person", "name": LONE, "address": LONE, "messaging": {LONE: "@ivanov"}}
    response = post(client, f"/api/v1/cases/{case.pk}/participants", {"role": "witness", "party": party})
    assert error_fields(response) == {"party.name", "party.address", "party.messaging"}
    assert database_state() == before


def test_a_step_with_lone_surrogates_is_refused_by_field(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client = api_client(world.clerk)
    before = database_state()
    url = f"/api/v1/cases/{case.pk}/transitions"
    assert error_fields(post(client, url, {"action": "accept", "note": LONE})) == {"note"}
    assert error_fields(post(client, url, {"action": LONE})) == {"action"}
    assert database_state() == before


class Inner(Input):
    name: str


class Outer(Input):
    note: str = ""
    tags: list[str] = []
    labels: dict[str, str] = {}
    inner: Inner | None = None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"note": LONE}, "note"),
        ({"tags": ["ok", LONE]}, "tags"),
        ({"labels": {LONE: "x"}}, "labels"),
        ({"labels": {"x": LONE}}, "labels"),
        ({"inner": {"name": LONE}}, "name"),
    ],
)
def test_every_input_schema_refuses_lone_surrogates_anywhere(data: dict[str, Any], field: str) -> None:
    """Query strings and form fields are read as UTF-8 (tests/core/test_request_encoding.py) and
    cannot carry one; the schemas of every input refuse it all the same."""
    with pytest.raises(PydanticValidationError) as refused:
        Outer.model_validate(data)
    assert [error["loc"][-1] for error in refused.value.errors()] == [field]


def test_an_error_naming_a_key_that_is_no_text_is_still_a_problem(world: World) -> None:
    """A wrong value under such a key is named by the key, which the answer echoes, replaced."""
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    party = {"kind": "person", "name": "Ivanov", "messaging": {LONE: 5}}
    response = post(
        api_client(world.clerk), f"/api/v1/cases/{case.pk}/participants", {"role": "witness", "party": party}
    )
    (field,) = error_fields(response)
    assert field.startswith("party.messaging.a\ufffd")


def test_a_problem_echoing_a_lone_surrogate_is_written() -> None:
    request = RequestFactory().get("/api/v1/cases")
    response = problem_answer(
        request, 422, "validation", f"kind: Unknown kind of case: {LONE}.", [{"field": LONE, "message": LONE}]
    )
    body = json.loads(response.content.decode("utf-8"))
    assert response.status_code == 422
    assert body["detail"] == "kind: Unknown kind of case: a\ufffd."
    assert body["errors"] == [{"field": "a\ufffd", "message": "a\ufffd"}]
