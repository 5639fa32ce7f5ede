"""The outage register through the API: anyone reads it, administrators record outages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from adalat.cases.models import Outage
from adalat.core.roles import Role
from tests.accounts.factories import member
from tests.api.clients import api_client, error_fields, problem
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)
OUTAGE = {"started_at": "2026-11-23T10:00:00+05:00", "ended_at": "2026-11-23T11:30:00+05:00", "note": "Power cut"}


@time_machine.travel(NOW, tick=False)
def test_an_administrator_records_an_outage_and_anyone_reads_it(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 16, 4, 0, tzinfo=dt.UTC), tick=False):
        case = register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 11, 16))
    operator = member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin")
    answer = api_client(operator).post("/api/v1/outages", OUTAGE, content_type="application/json")
    assert answer.status_code == 201
    body = answer.json()
    assert (body["minutes"], body["moved"], body["note"]) == (90, 1, "Power cut")
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 11, 24)
    listed = Client().get("/api/v1/outages")  # no token
    assert listed.status_code == 200
    assert [(o["id"], o["started_at"]) for o in listed.json()] == [(body["id"], "2026-11-23T05:00:00Z")]


@time_machine.travel(NOW, tick=False)
def test_others_may_not_record_and_bad_input_is_refused_naming_the_field(world: World) -> None:
    operator = member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin")
    problem(api_client(world.clerk).post("/api/v1/outages", OUTAGE, content_type="application/json"), 403)
    problem(Client().post("/api/v1/outages", OUTAGE, content_type="application/json"), 401)
    client = api_client(operator)
    naive = {**OUTAGE, "started_at": "2026-11-23T10:00:00", "ended_at": "2026-11-23T11:30:00"}
    assert error_fields(client.post("/api/v1/outages", naive, content_type="application/json")) == {"started_at"}
    backwards = {**OUTAGE, "ended_at": "2026-11-23T09:00:00+05:00"}
    assert error_fields(client.post("/api/v1/outages", backwards, content_type="application/json")) == {"ended_at"}
    assert error_fields(
        client.post("/api/v1/outages", {**OUTAGE, "note": "x" * 501}, content_type="application/json")
    ) == {"note"}
    assert error_fields(client.post("/api/v1/outages", {"started_at": "soon"}, content_type="application/json")) >= {
        "started_at"
    }
    read_only = api_client(operator, scopes=["cases:read"])
    problem(read_only.post("/api/v1/outages", OUTAGE, content_type="application/json"), 403)
    assert not Outage.objects.exists()
