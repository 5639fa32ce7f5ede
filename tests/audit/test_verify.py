"""``audit_verify`` walks the chain and names the first entry that was changed, removed,
reordered or added, whichever way the attacker went about it."""

from __future__ import annotations

import pytest
from django.db import connection

from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.audit.verify import BreakKind, VerifyResult, audit_verify, describe
from tests.audit import tampering
from tests.audit.factories import chained_log

pytestmark = pytest.mark.django_db


def broken(result: VerifyResult) -> tuple[int, BreakKind]:
    assert result.broken is not None, "the log should not verify"
    return result.broken.seq, result.broken.kind


def test_a_whole_log_verifies(log: list[AuditEntry]) -> None:
    result = audit_verify()
    assert result.ok
    assert (result.checked, result.head_seq, result.head_hash) == (len(log), log[-1].seq, log[-1].hash)
    assert describe(result).startswith(f"The audit log is whole: {len(log)} entries checked, head #{len(log)}")


def test_a_walk_stopped_early_leaves_the_transaction_usable(db: None) -> None:
    chained_log(20_000)
    tampering.update(10, action="case.closed")
    assert broken(audit_verify(batch_size=50)) == (10, BreakKind.CHANGED)
    assert AuditEntry.objects.filter(seq__gte=10).count() == 20_000 - 9


def test_an_empty_log_verifies(db: None) -> None:
    result = audit_verify()
    assert result.ok and result.checked == 0 and result.head_seq == 0


def test_batches_join_without_a_seam(log: list[AuditEntry]) -> None:
    assert audit_verify(batch_size=2).checked == len(log)
    tampering.update(5, action="case.closed")
    assert broken(audit_verify(batch_size=2)) == (5, BreakKind.CHANGED)


@pytest.mark.parametrize(
    "column,value",
    [("data", '{"number":"DC99-CR-2026-00001"}'), ("actor_name", "judge1"), ("at", "2020-01-01T00:00:00.000000Z")],
)
def test_a_changed_field_is_named_with_its_entry(log: list[AuditEntry], column: str, value: str) -> None:
    tampering.update(4, **{column: value})
    result = audit_verify()
    assert broken(result) == (4, BreakKind.CHANGED)
    assert result.broken is not None and "#4 was changed" in result.broken.reason
    assert describe(result).startswith("The audit log is broken at entry #4 (changed)")


def test_a_changed_actor_of_an_entry_without_one_is_caught(log: list[AuditEntry]) -> None:
    entry = audit_record(actor=None, action="demo.loaded", object_type="pack", object_id="demo")
    tampering.update(entry.seq, actor_id=log[0].actor_id)
    assert broken(audit_verify()) == (entry.seq, BreakKind.CHANGED)


def test_a_changed_and_rehashed_entry_is_caught_by_the_next_one(log: list[AuditEntry]) -> None:
    tampering.update(6, object_id="999")
    tampering.rehash(6)
    result = audit_verify()
    assert broken(result) == (6, BreakKind.CHANGED)
    assert result.broken is not None and "replaced" in result.broken.reason


def test_a_removed_entry_in_the_middle(log: list[AuditEntry]) -> None:
    tampering.delete(7)
    result = audit_verify()
    assert broken(result) == (7, BreakKind.REMOVED)
    assert result.broken is not None and "#7 is missing" in result.broken.reason


def test_several_removed_entries_are_named_as_a_range(log: list[AuditEntry]) -> None:
    tampering.delete(3, 4, 5)
    result = audit_verify()
    assert broken(result) == (3, BreakKind.REMOVED)
    assert result.broken is not None and "#3 to #5" in result.broken.reason


def test_the_first_entry_removed(log: list[AuditEntry]) -> None:
    tampering.delete(1)
    assert broken(audit_verify()) == (1, BreakKind.REMOVED)


def test_two_entries_swapped(log: list[AuditEntry]) -> None:
    tampering.swap(5, 6)
    result = audit_verify()
    assert broken(result) == (5, BreakKind.REORDERED)
    assert result.broken is not None and "now stands at #6" in result.broken.reason


def test_an_entry_moved_back_past_others(log: list[AuditEntry]) -> None:
    tampering.swap(3, 9)
    assert broken(audit_verify()) == (3, BreakKind.REORDERED)


def test_only_the_first_break_is_reported(log: list[AuditEntry]) -> None:
    tampering.update(10, action="case.closed")
    tampering.delete(4)
    assert broken(audit_verify()) == (4, BreakKind.REMOVED)


def test_a_removed_tail_is_caught_by_the_head(log: list[AuditEntry]) -> None:
    last = log[-1].seq
    tampering.delete(last - 1, last)
    result = audit_verify()
    assert broken(result) == (last - 1, BreakKind.REMOVED)
    assert result.broken is not None and "truncated" in result.broken.reason


def test_a_removed_tail_with_the_head_moved_back_is_not_seen_without_a_checkpoint(log: list[AuditEntry]) -> None:
    last = log[-1].seq
    tampering.delete(last)
    tampering.set_head(last - 1, log[-2].hash)
    assert audit_verify().ok  # only a checkpoint kept elsewhere catches this: see test_checkpoints


def test_a_replaced_last_entry_disagrees_with_the_head(log: list[AuditEntry]) -> None:
    last = log[-1].seq
    tampering.update(last, object_id="999")
    tampering.rehash(last)
    assert broken(audit_verify()) == (last, BreakKind.CHANGED)


def test_an_entry_slipped_in_after_the_head(log: list[AuditEntry]) -> None:
    last = log[-1]
    AuditEntry.objects.create(
        seq=last.seq + 1,
        at=last.at,
        actor_id=None,
        actor_name="system",
        action="case.closed",
        object_type="case",
        object_id="1",
        data="{}",
        prev_hash=last.hash,
        hash="f" * 64,
    )
    assert broken(audit_verify()) == (last.seq + 1, BreakKind.ADDED)


def test_emptied_data_is_a_change(log: list[AuditEntry]) -> None:
    tampering.update(2, data="")
    assert broken(audit_verify()) == (2, BreakKind.CHANGED)


def test_verifying_from_a_known_entry_checks_only_what_follows(log: list[AuditEntry]) -> None:
    tampering.update(2, action="case.closed")
    result = audit_verify(start_seq=5, start_hash=log[4].hash)
    assert result.ok and result.checked == len(log) - 5


def test_verifying_from_an_entry_that_is_no_longer_the_one_known(log: list[AuditEntry]) -> None:
    result = audit_verify(start_seq=5, start_hash="0" * 64)
    assert broken(result) == (5, BreakKind.CHANGED)
    assert result.broken is not None and "#5 is not the entry" in result.broken.reason


def test_a_log_shorter_than_the_start_is_truncated(log: list[AuditEntry]) -> None:
    result = audit_verify(start_seq=len(log) + 5, start_hash=log[-1].hash)
    assert broken(result) == (len(log) + 1, BreakKind.REMOVED)


def test_a_hidden_suffix_after_a_nul_character_is_a_change(log: list[AuditEntry]) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL text cannot hold a NUL character")
    tampering.update(3, object_id=log[2].object_id + "\x00hidden")
    assert broken(audit_verify()) == (3, BreakKind.CHANGED)


def test_a_column_of_another_type_is_a_change(log: list[AuditEntry]) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps every column to its type")
    with tampering.trigger_lifted(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET data = CAST(data AS BLOB) WHERE seq = 2")
    assert broken(audit_verify()) == (2, BreakKind.CHANGED)
