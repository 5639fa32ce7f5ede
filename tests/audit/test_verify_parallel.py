"""A long log is checked by several processes, each over a range of it; the answer is the same
as one process walking it, down to the entry and the reason."""

from __future__ import annotations

import signal
from typing import Any

import pytest

from adalat.audit import verify
from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.audit.verify import BreakKind, VerifyResult, audit_verify
from tests.audit import tampering

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def long_log(db: None) -> list[AuditEntry]:
    for number in range(1, 61):
        audit_record(actor=None, action="case.registered", object_type="case", object_id=number, data={"n": number})
    return list(AuditEntry.objects.order_by("seq"))


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lets a short log be shared among processes, and records each time it is."""
    calls: list[int] = []
    original = verify._walk_parallel

    def walk_parallel(*args: Any) -> Any:
        calls.append(args[-1])
        return original(*args)

    monkeypatch.setattr(verify, "PARALLEL_MIN_ENTRIES", 10)
    monkeypatch.setattr(verify, "_walk_parallel", walk_parallel)
    return calls


def both(**kwargs: Any) -> tuple[VerifyResult, VerifyResult]:
    return audit_verify(workers=3, batch_size=4, **kwargs), audit_verify(workers=1, batch_size=4, **kwargs)


def test_a_whole_long_log_verifies_in_parallel(long_log: list[AuditEntry], parallel: list[int]) -> None:
    shared, alone = both()
    assert parallel == [3]
    assert shared == alone
    assert shared.ok and shared.checked == 60


@pytest.mark.parametrize(
    "tamper,expected",
    [
        (lambda: tampering.update(37, data='{"n":0}'), (37, BreakKind.CHANGED)),
        (lambda: tampering.delete(21), (21, BreakKind.REMOVED)),  # the first entry of a range
        (lambda: tampering.delete(20), (20, BreakKind.REMOVED)),  # the last entry of a range
        (lambda: tampering.delete(*range(16, 41)), (16, BreakKind.REMOVED)),  # a whole range
        (lambda: tampering.swap(20, 21), (20, BreakKind.REORDERED)),  # across the edge of two ranges
        (lambda: tampering.delete(59, 60), (59, BreakKind.REMOVED)),  # the tail
    ],
)
def test_a_break_is_found_at_the_same_entry_in_parallel(
    long_log: list[AuditEntry], parallel: list[int], tamper: Any, expected: tuple[int, BreakKind]
) -> None:
    tamper()
    shared, alone = both()
    assert parallel == [3]
    assert shared == alone
    assert shared.broken is not None and (shared.broken.seq, shared.broken.kind) == expected


def test_a_short_log_stays_in_one_process(long_log: list[AuditEntry], monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(verify, "_walk_parallel", lambda *args: calls.append(1))
    assert audit_verify(workers=4).ok
    assert calls == []


def test_ranges_still_running_are_stopped_whatever_handler_the_parent_has(
    long_log: list[AuditEntry], parallel: list[int]
) -> None:
    """A worker process that handles SIGTERM itself (a task worker does) forks children that
    must still stop when the pool ends them early."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        tampering.update(2, data='{"n":0}')
        for _ in range(5):
            result = audit_verify(workers=3, batch_size=4)
            assert result.broken is not None and result.broken.seq == 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert parallel == [3] * 5
