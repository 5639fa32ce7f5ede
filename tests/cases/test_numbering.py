from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from adalat.cases import numbering, recording
from adalat.cases.models import Case, CaseNumberCounter, Participant
from adalat.cases.numbering import number_scope
from adalat.cases.services import ParticipantData
from adalat.core.errors import ValidationFailed
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
def test_a_failed_registration_gives_its_number_back(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The registration fails after it has taken its number: the same party twice in one role is
    only found out once the case is written."""
    known = Participant.objects.get(case=register(clerk=world.clerk, court=world.court)).party
    taken: list[str] = []

    def allocate(*args: Any, **kwargs: Any) -> str:
        taken.append(numbering.number_allocate(*args, **kwargs))
        return taken[-1]

    monkeypatch.setattr(recording, "number_allocate", allocate)
    with pytest.raises(ValidationFailed) as caught:
        register(clerk=world.clerk, court=world.court, participants=[ParticipantData("accused", party_id=known.pk)] * 2)
    assert set(caught.value.fields) == {"role"}
    assert taken == ["DC01-CR-" + taken[0].split("-")[2] + "-00002"]  # the number was taken, then given back
    assert register(clerk=world.clerk, court=world.court).number == taken[0]


def test_the_counter_scope_holds_only_the_fields_the_format_shows(db: None) -> None:
    court = CourtFactory(code="DC9")
    kind = get_pack().kind("civil")
    assert number_scope("{org}-{kind}-{year}-{seq:05}", org=court, kind=kind, year=2026) == "org=DC9|kind=CV|year=2026"
    assert number_scope("{year}/{seq}", org=court, kind=kind, year=2026) == "year=2026"
    assert number_scope("{seq:08}", org=court, kind=kind, year=2026) == "all"
    assert not CaseNumberCounter.objects.exists()
