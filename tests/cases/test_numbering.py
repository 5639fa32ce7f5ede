from __future__ import annotations

import threading

import pytest
from django.db import connection

from adalat.cases.models import Case, CaseNumberCounter
from adalat.cases.numbering import number_scope
from adalat.jurisdictions.current import get_pack
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import CourtFactory


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_registrations_get_twenty_consecutive_numbers(world: World) -> None:
    """Each registration runs in its own thread, connection and transaction, all at once."""
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            register(clerk=world.clerk, court=world.court)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    year = numbers[0].split("-")[2]
    assert numbers == [f"DC01-CR-{year}-{seq:05d}" for seq in range(1, 21)]


@pytest.mark.django_db
def test_a_failed_registration_gives_its_number_back(world: World) -> None:
    register(clerk=world.clerk, court=world.court)
    with pytest.raises(Exception, match="judge"):
        register(clerk=world.clerk, court=world.court, judge=world.other_judge)
    assert register(clerk=world.clerk, court=world.court).number.endswith("-00002")


def test_the_counter_scope_holds_only_the_fields_the_format_shows(db: None) -> None:
    court = CourtFactory(code="DC9")
    kind = get_pack().kind("civil")
    assert (
        number_scope("{court}-{kind}-{year}-{seq:05}", court=court, kind=kind, year=2026)
        == "court=DC9|kind=CV|year=2026"
    )
    assert number_scope("{year}/{seq}", court=court, kind=kind, year=2026) == "year=2026"
    assert number_scope("{seq:08}", court=court, kind=kind, year=2026) == "all"
    assert not CaseNumberCounter.objects.exists()
