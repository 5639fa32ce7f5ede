"""The outage register's page: public to read, in both languages; administrators record there."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from adalat.accounts.models import User
from adalat.cases.models import Outage
from adalat.core.roles import Role
from tests.accounts.factories import browser, member
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)  # 09:00 in Almaty


@pytest.fixture
def operator(world: World) -> User:
    return member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin")


def _form(**fields: str) -> dict[str, str]:
    data = {"started_at": "2026-11-23T10:00", "ended_at": "2026-11-23T11:30", "note": "Power cut"}
    data.update(fields)
    return data


@time_machine.travel(NOW, tick=False)
def test_anyone_reads_the_register_in_either_language_and_only_operators_see_the_form(
    client: Client, world: World, operator: User
) -> None:
    Outage.objects.create(
        started_at=dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC),
        ended_at=dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC),
        note="Power cut <b>",
        recorded_at=NOW,
        recorded_by=operator,
    )
    html = client.get("/outages/").content.decode()
    assert "When Adalat is unavailable for more than 60 minutes in all between 06:00 and 23:00" in html
    assert "2026-11-23 10:00" in html and "2026-11-23 11:30" in html and "Power cut &lt;b&gt;" in html
    assert 'name="started_at"' not in html
    russian = client.get("/outages/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Когда Adalat был недоступен" in russian and "Перенесено сроков" in russian
    client.force_login(world.clerk)
    assert 'name="started_at"' not in client.get("/outages/").content.decode()
    assert client.post("/outages/", _form()).status_code == 403
    assert Outage.objects.count() == 1
    assert 'name="started_at"' in browser(operator).get("/outages/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_administrator_records_an_outage_in_their_time_zone(operator: User) -> None:
    client = browser(operator)
    response = client.post("/outages/", _form())
    assert response.status_code == 302 and response["Location"] == "/outages/"
    outage = Outage.objects.get()
    # the administrator's time zone is the jurisdiction's here: Almaty, five hours ahead of UTC
    assert outage.started_at == dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC)
    assert outage.recorded_by == operator and outage.note == "Power cut"
    assert "The outage is recorded and published; 0 deadlines were moved." in client.get("/outages/").content.decode()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"ended_at": "2026-11-23T09:00"}, "The end of the outage must come after its start."),
        ({"ended_at": "2026-11-25T09:00"}, "its end cannot be in the future"),
        ({"started_at": "yesterday"}, "Enter a valid date/time."),
        ({"note": "x" * 501}, "The note is longer than 500 characters."),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_record_is_shown_beside_its_field_and_saves_nothing(
    operator: User, fields: dict[str, str], error: str
) -> None:
    client = browser(operator)
    response = client.post("/outages/", _form(**fields))
    assert response.status_code == 422 and error in response.content.decode()
    assert not Outage.objects.exists()
