"""Failed log-ins are throttled by source address, by username and by both, before any password
is hashed; a stranger cannot lock the owner out, and unknown names answer as known ones do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from adalat.accounts import throttle
from adalat.accounts.models import LoginFailures
from adalat.accounts.sources import Source
from adalat.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD
from tests.conftest import World

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
START = dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC)
THROTTLED = "Too many failed log-ins"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hashed (checking one hashes it too), with the test suite's hasher."""
    seen: list[str] = []
    original = MD5PasswordHasher.encode

    def encode(self: MD5PasswordHasher, password: str, salt: str) -> str:
        seen.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", encode)
    return seen


def api_login(username: str, password: str = PASSWORD, address: str = "10.0.0.1", forwarded: str = "") -> Any:
    body = {"username": username, "password": password}
    meta = {"REMOTE_ADDR": address, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    return Client().post(TOKEN_URL, body, content_type="application/json", **meta)


def page_login(username: str, password: str = PASSWORD, address: str = "10.0.0.1", client: Client | None = None) -> Any:
    browser = client or Client()
    return browser.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def answer(response: Any) -> tuple[int, str]:
    """What a caller sees of an API answer: the status and the message."""
    return response.status_code, response.json()["detail"]


def test_one_address_trying_many_names_is_stopped_before_any_hashing(
    world: World, settings: Any, hashes: list[str]
) -> None:
    settings.LOGIN_ADDRESS_FAILURES = 8
    for number in range(8):
        assert api_login(f"name{number}", "guess").status_code == 401
    hashes.clear()

    refused = [api_login(name, "guess") for name in ("clerk", "name99", "judge1")]

    assert {response.status_code for response in refused} == {429}
    assert THROTTLED in refused[0].json()["detail"]
    assert hashes == []
    # Another address is not concerned.
    assert api_login("clerk", address="10.0.0.2").status_code == 201


def test_the_log_in_form_is_throttled_by_address_too(world: World, settings: Any, hashes: list[str]) -> None:
    settings.LOGIN_ADDRESS_FAILURES = 3
    for name in ("a", "b", "c"):
        assert page_login(name, "guess").status_code == 200
    hashes.clear()

    response = page_login("clerk")

    assert response.status_code == 429 and THROTTLED in response.content.decode()
    assert hashes == [] and "_auth_user_id" not in response.client.session


def test_unknown_and_known_names_answer_alike_attempt_after_attempt(world: World) -> None:
    known = [answer(api_login("clerk", "guess", address="10.0.1.1")) for _ in range(8)]
    unknown = [answer(api_login("nobody-here", "guess", address="10.0.1.2")) for _ in range(8)]

    assert known == unknown
    assert [status for status, _ in known] == [401] * 5 + [429] * 3


def test_unknown_names_cost_a_password_hash_as_known_ones_do(world: World, hashes: list[str]) -> None:
    api_login("clerk", "guess")
    known = list(hashes)
    hashes.clear()
    api_login("nobody-here", "guess")
    assert len(hashes) == len(known) == 1


def test_a_stranger_cannot_lock_the_owner_out(world: World) -> None:
    for _ in range(12):
        api_login("clerk", "guess", address="203.0.113.7")

    assert api_login("clerk", address="10.0.0.5").status_code == 201
    assert page_login("clerk", address="10.0.0.6").status_code == 302


def test_the_owner_at_the_same_address_is_refused_until_the_window_ends(
    world: World, frozen: time_machine.Traveller
) -> None:
    for _ in range(5):
        api_login("clerk", "guess")
    refused = api_login("clerk")
    assert refused.status_code == 429
    # The window began at 09:00 UTC and lasts the pack's 15 minutes: 14:15 in Almaty.
    assert "Try again after 14:15 (Asia/Almaty)" in refused.json()["detail"]

    frozen.move_to(dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.UTC))
    assert api_login("clerk").status_code == 201


def test_many_addresses_on_one_name_leave_it_to_the_places_its_owner_knows(world: World, settings: Any) -> None:
    settings.LOGIN_NAME_FAILURES = 10
    owners_browser = Client()
    assert page_login("clerk", client=owners_browser, address="10.9.9.9").status_code == 302
    owners_browser.post(reverse("accounts:logout"))
    assert api_login("clerk", address="10.8.8.8").status_code == 201
    for address in range(10):
        api_login("clerk", "guess", address=f"198.51.100.{address}")

    # From a new place, the right password does not pass while the name is under attack,
    # and the answer is the one an unknown name gets.
    new_place = api_login("clerk", address="192.0.2.1")
    assert new_place.status_code == 429
    for address in range(10):
        api_login("nobody-here", "guess", address=f"198.51.100.{address}")
    assert answer(api_login("nobody-here", address="192.0.2.1")) == answer(new_place)
    # The owner's browser (its cookie) and the owner's usual address still get in.
    assert page_login("clerk", client=owners_browser, address="192.0.2.2").status_code == 302
    assert api_login("clerk", address="10.8.8.8").status_code == 201


def test_failed_log_ins_are_counted_outside_the_audit_chain(world: World) -> None:
    for _ in range(3):
        api_login("nobody-here", "guess")
    api_login("clerk", "guess")
    page_login("nobody-else", "guess")

    assert not AuditEntry.objects.exists()
    counted = {(row.scope, row.username, row.failures) for row in LoginFailures.objects.all()}
    assert ("address", "", 5) in counted
    assert ("name", "nobody-here", 3) in counted and ("pair", "clerk", 1) in counted


def test_a_success_is_audited_and_forgets_the_failures_of_its_own_address(world: World) -> None:
    for _ in range(4):
        api_login("clerk", "guess")
    assert api_login("clerk").status_code == 201
    for _ in range(4):
        assert api_login("clerk", "guess").status_code == 401
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["login.success", "token.create"]


def test_old_counts_are_pruned(world: World, frozen: time_machine.Traveller) -> None:
    api_login("nobody-here", "guess")
    frozen.shift(dt.timedelta(days=1, minutes=20))
    api_login("somebody-else", "guess")
    assert not LoginFailures.objects.filter(username="nobody-here").exists()
    assert LoginFailures.objects.filter(username="somebody-else").exists()


def test_the_forwarded_address_counts_only_behind_a_proxy(world: World, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURES = 2
    for _ in range(2):
        api_login("someone", "guess", forwarded="192.0.2.50, 10.0.0.1")
    assert api_login("clerk", forwarded="192.0.2.51").status_code == 429  # the header is ignored

    settings.BEHIND_PROXY = True
    LoginFailures.objects.all().delete()
    for _ in range(2):
        api_login("someone", "guess", forwarded="192.0.2.50, 10.0.0.1")
    assert api_login("clerk", forwarded="192.0.2.50").status_code == 429
    assert api_login("clerk", forwarded="192.0.2.51, 10.0.0.1").status_code == 201


def test_an_ipv6_network_counts_as_one_address(world: World, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURES = 2
    api_login("a", "guess", address="2001:db8:1:2::1")
    api_login("b", "guess", address="2001:db8:1:2:ffff::9")
    assert api_login("clerk", address="2001:db8:1:2::abcd").status_code == 429
    assert api_login("clerk", address="2001:db8:1:3::1").status_code == 201


def test_the_administrator_unlocking_a_person_forgets_their_failures(
    world: World, admin_browser: Client, settings: Any
) -> None:
    settings.LOGIN_NAME_FAILURES = 5
    for address in range(5):
        api_login("clerk", "guess", address=f"198.51.100.{address}")
    assert api_login("clerk", address="192.0.2.1").status_code == 429

    admin_browser.post(
        reverse("admin:accounts_user_changelist"), {"action": "unlock", "_selected_action": [world.clerk.pk]}
    )

    assert api_login("clerk", address="192.0.2.1").status_code == 201
    assert AuditEntry.objects.filter(action="user.unlock", object_id=str(world.clerk.pk)).exists()


def test_throttle_rows_stay_few_under_a_flood_from_one_address(world: World, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURES = 5
    for number in range(40):
        api_login(f"made-up-{number}", "guess")
    # One row for the address, one for everything, and a name and a pair row for each name checked.
    assert LoginFailures.objects.count() == 2 + 2 * 5
    assert throttle.window_start(START) == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_many_addresses_on_many_names_stop_being_checked_but_owners_places_stay_open(
    world: World, settings: Any, hashes: list[str]
) -> None:
    settings.LOGIN_ALL_FAILURES = 12
    assert api_login("judge1", address="10.7.7.7").status_code == 201
    for number in range(12):
        api_login(f"made-up-{number}", "guess", address=f"198.51.100.{number}")
    hashes.clear()

    refused = [api_login(name, "guess", address="192.0.2.9") for name in ("clerk", "made-up-99")]

    assert [r.status_code for r in refused] == [429, 429] and hashes == []
    assert answer(refused[0]) == answer(refused[1])
    assert api_login("judge1", address="10.7.7.7").status_code == 201


def test_when_every_place_of_the_whole_is_being_checked_a_new_place_is_refused_at_once(
    world: World, settings: Any
) -> None:
    settings.LOGIN_ALL_FAILURES = 2
    holds = [throttle.attempt_begin(username=f"someone{n}", source=Source("api", f"192.0.2.{n}")) for n in (1, 2)]

    with pytest.raises(throttle.Throttled) as refused:
        throttle.attempt_begin(username="clerk", source=Source("api", "192.0.2.3"))

    assert refused.value.busy and refused.value.scope == "all"
    throttle.attempt_passed(holds[0], logged_in=False)
    throttle.attempt_abandoned(throttle.attempt_begin(username="clerk", source=Source("api", "192.0.2.3")))
