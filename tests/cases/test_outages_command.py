"""``adalat outages``: what an operator runs at the console after an outage."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from adalat.cases.models import Outage
from adalat.core.roles import Role
from tests.accounts.factories import member
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("outages", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_an_operator_records_an_outage_at_the_console_and_lists_it(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 16, 4, 0, tzinfo=dt.UTC), tick=False):
        register(clerk=world.clerk, court=world.court, kind="civil", received_on=dt.date(2026, 11, 16))
    member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin")
    assert run("list").strip() == "No outage has been recorded."
    # without an offset, times are the jurisdiction's (Almaty)
    said = run("record", "--from", "2026-11-23T10:00", "--to", "2026-11-23T11:30", "--by", "admin", "--note", "Disk")
    outage = Outage.objects.get()
    assert said.strip() == f"Outage {outage.pk} recorded and published: 90 minutes; 1 deadlines moved."
    assert outage.started_at == dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC)
    assert run("list").split("\t") == [str(outage.pk), "2026-11-23 10:00", "2026-11-23 11:30", "90", "1", "Disk\n"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "noon", "--to", "2026-11-23T11:30", "--by", "admin"], "--from: 'noon' is not a date and time"),
        (
            ["--from", "2026-11-23T10:00", "--to", "2026-11-23T11:30", "--by", "ghost"],
            "No active account is called ghost.",
        ),
        (
            ["--from", "2026-11-23T12:00", "--to", "2026-11-23T11:30", "--by", "admin"],
            "ended_at: The end of the outage",
        ),
        (["--from", "2026-11-23T10:00", "--to", "2026-11-23T11:30", "--by", "clerk"], "administrator"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_console_names_what_is_wrong_and_records_nothing(world: World, args: list[str], message: str) -> None:
    member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin")
    with pytest.raises(CommandError) as refused:
        run("record", *args)
    assert message in str(refused.value)
    assert not Outage.objects.exists()
