"""The whole API, fuzzed from its own OpenAPI document (schemathesis): valid and invalid input,
strings with lone surrogates and control characters, ids of what exists and of what does not,
sent to the WSGI application as a clerk with a token of every scope. No answer may be a server
error, and every answer must be one the document describes (status, media type, body)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import strategies as st

from adalat.accounts.tokens import token_create
from adalat.cases.models import Participant
from adalat.core import clock
from adalat.documents.services import document_upload
from adalat.wsgi import application
from tests.api.clients import ALL_SCOPES
from tests.api.wsgi import connections_kept
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF, document_storage

__all__ = ["document_storage"]  # each test stores documents in a folder of its own

EXAMPLES = 100  # per operation and generation mode
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)
# Text a client may send in JSON that no page or database can hold, or that is meant to break parsers.
HOSTILE = st.lists(
    st.one_of(
        st.characters(categories=["Cs"]),  # lone surrogates: "\ud800" in JSON
        st.characters(max_codepoint=0x1F),  # control characters, NUL among them
        st.sampled_from(["\x7f", "\u202e", "\ufeff", "\U0010ffff", "%00", "'", '"', "\\"]),
        st.characters(),
    ),
    min_size=1,
    max_size=12,
).map("".join)


@st.composite
def hostile(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with some of its texts (dictionary keys too) replaced by hostile ones, and some of
    its fields by values the world knows (a court, a kind of case, a step), so that requests reach
    the services as well as the schemas."""
    if isinstance(value, str):
        return draw(st.one_of(st.just(value), HOSTILE))
    if isinstance(value, list):
        return [draw(hostile(item)) for item in value]
    if isinstance(value, dict):
        changed = {}
        known_here = {**KNOWN, **PARTY} if "name" in value else KNOWN  # a party's kind is not a case's
        for key, item in value.items():
            known = known_here.get(key) if isinstance(key, str) else None
            if known is not None and draw(st.integers(0, 3)) > 0:
                changed[key] = draw(st.sampled_from(known))
            else:  # a key is changed seldom: most are the schema's own names
                name = draw(hostile(key)) if draw(st.integers(0, 7)) == 0 else key
                changed[name] = draw(hostile(item))
        return changed
    return value


def takes_json(context: Any) -> bool:
    operation = context.operation
    return operation is not None and any(body.media_type == "application/json" for body in operation.body)


CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": EXAMPLES, "deterministic": True},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
)
with connections_kept():  # the document is read once, as the suite is collected; it needs no database
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
EXISTING: dict[str, int] = {}  # ids of what the world holds, for path parameters; set by ``bearer``
KNOWN: dict[str, list[Any]] = {}  # good values of body fields, to reach past the schemas; set by ``bearer``
PARTY = {"kind": ["person", "organization"]}


@schema.hook
def flatmap_body(context: Any, body: Any) -> Any:
    return hostile(body) if takes_json(context) else st.just(body)


@schema.hook
def flatmap_path_parameters(context: Any, parameters: dict[str, Any] | None) -> Any:
    if not parameters:
        return st.just(parameters)
    known = {**parameters, **{name: value for name, value in EXISTING.items() if name in parameters}}
    return st.sampled_from([parameters, known])


@pytest.fixture
def bearer(world: World) -> Iterator[dict[str, str]]:
    """A clerk's token of every scope, and ids of a case, its participant and a document to aim at."""
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    participant = Participant.objects.get(case=case)
    with transaction.atomic():
        document = document_upload(
            actor=world.clerk, case=case, title="Claim", file=ContentFile(PDF, name="claim.pdf"), filename="claim.pdf"
        )
    EXISTING.update(case_id=case.pk, participant_id=participant.pk, document_id=document.pk, number=1)
    KNOWN.update(
        court=[world.court.pk, world.other_court.pk],
        judge=[world.judge.pk, world.judge2.pk],
        kind=["criminal", "civil", "administrative"],
        role=["accused", "witness", "plaintiff", "lawyer"],
        action=["accept", "schedule_trial", "suspend", "terminate"],
        received_on=[clock.today_in(world.court.time_zone).isoformat()],
        articles=[["158(1)"]],
        category=["contract", "tax"],
        confidentiality=["normal"],
        party_id=[participant.party_id],
        expected_version=[case.version],
    )
    _token, raw = token_create(actor=world.clerk, user=world.clerk, name="fuzz", scopes=ALL_SCOPES, days=1)
    yield {"Authorization": f"Bearer {raw}"}
    EXISTING.clear()
    KNOWN.clear()


@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(deadline=None, suppress_health_check=list(hypothesis.HealthCheck), derandomize=True, database=None)
def test_the_api_answers_every_request_as_its_document_says(case: schemathesis.Case, bearer: dict[str, str]) -> None:
    with connections_kept():
        case.call_and_validate(headers=bearer)
