"""Appending to the log: each entry is chained to the one before it, and the head follows."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from adalat.audit.chain import canonical
from adalat.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from adalat.audit.services import audit_record
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_services_leave_a_chain_of_entries(log: list[AuditEntry]) -> None:
    previous = GENESIS_HASH
    for number, entry in enumerate(log, start=1):
        content = canonical(
            previous,
            entry.seq,
            entry.at,
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.data,
        )
        assert entry.seq == number
        assert entry.prev_hash == previous
        assert entry.hash == hashlib.sha256(content).hexdigest()
        previous = entry.hash
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (log[-1].seq, log[-1].hash)


def test_an_entry_names_who_did_what_to_what(world: World, log: list[AuditEntry]) -> None:
    registered = next(e for e in log if e.action == "case.registered")
    assert (registered.actor_id, registered.actor_name, registered.object_type) == (world.clerk.pk, "clerk", "case")
    assert '"number":"DC01-CR-' in registered.data


@time_machine.travel(dt.datetime(2026, 5, 4, 3, 2, 1, 123456, tzinfo=dt.UTC), tick=False)
def test_the_system_acts_without_a_name_and_time_is_fixed_width_utc(db: None) -> None:
    entry = audit_record(actor=None, action="demo.loaded", object_type="pack", object_id="demo", data={"cases": 5})
    assert (entry.actor_id, entry.actor_name, entry.at) == (None, "system", "2026-05-04T03:02:01.123456Z")
    assert entry.data == '{"cases":5}'


def test_a_line_break_in_a_field_is_refused_and_nothing_is_written(db: None) -> None:
    with pytest.raises(ValueError, match="line break"):
        audit_record(actor=None, action="case\nregistered", object_type="case", object_id=1)
    assert not AuditEntry.objects.exists()
    assert AuditHead.objects.get().seq == 0


def test_entries_cannot_be_changed_in_place(log: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(actor_name="someone else")
    assert AuditEntry.objects.get(seq=1).actor_name == log[0].actor_name


@pytest.mark.parametrize("seqs", [("last",), ("middle",), ("last", "middle")])
def test_entries_cannot_be_deleted(log: list[AuditEntry], seqs: tuple[str, ...]) -> None:
    wanted = {"last": log[-1].seq, "middle": log[len(log) // 2].seq}
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq__in=[wanted[name] for name in seqs]).delete()
    assert AuditEntry.objects.count() == len(log)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq > %s", [log[-3].seq])  # noqa: S608
    assert AuditEntry.objects.count() == len(log)
