"""Verifying the chain: every entry is recomputed from its columns and compared with its hash.

The walk reads the log in ``seq`` order through a raw cursor, ``fetchmany`` batches on SQLite
and psycopg's chunked stream on PostgreSQL, one row tuple at a time and no model objects, so its
memory does not grow with the log. The first entry that was changed, removed or reordered is named
with its sequence number and a plain reason; the head row must agree with the last entry.

A long log is split into ranges checked by several processes at once (each range is checked
on its own, then the ranges are joined at their edges); when any range finds a break, the part
of the log from the start of that range is walked again in this process, so that the answer is
the same whichever way the log was read.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from django.db import connections, transaction
from django.utils.translation import gettext as _

from .chain import canonical
from .models import GENESIS_HASH, AuditEntry, AuditHead

BATCH_SIZE = 2000
# Below this many entries one process is quicker than starting several.
PARALLEL_MIN_ENTRIES = 200_000
MAX_WORKERS = 8

Row = tuple[Any, ...]
# Column order of every row read by the walk: the arguments of ``chain.canonical`` after
# ``prev_hash``, then the stored ``prev_hash`` and ``hash``.
COLUMNS = ("seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "data", "prev_hash", "hash")


class BreakKind(StrEnum):
    CHANGED = "changed"
    REMOVED = "removed"
    REORDERED = "reordered"
    ADDED = "added"


@dataclass(frozen=True)
class Break:
    """The first place where the log is not whole."""

    seq: int
    kind: BreakKind
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_seq: int
    head_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


@dataclass(frozen=True)
class _Scan:
    """What a fast walk over a range found: where it started and ended, and the row it stopped at."""

    first_seq: int | None
    first_prev: str | None
    count: int
    last_seq: int
    last_hash: str
    stopped: Row | None


def _select(mark: str) -> str:
    """The walk's query over a range of ``seq``, with the driver's parameter ``mark``."""
    columns = ", ".join(COLUMNS)
    table = AuditEntry._meta.db_table
    return f"SELECT {columns} FROM {table} WHERE seq > {mark} AND seq <= {mark} ORDER BY seq"  # noqa: S608


def _rows(cursor: Any, postgres: bool, sql: str, params: tuple[int, int], batch_size: int) -> Iterator[Row]:
    """The rows of ``sql`` as they come: psycopg's stream on PostgreSQL (the server reads ahead
    while this process hashes, measured faster than a server-side cursor's round trips),
    ``fetchmany`` batches on SQLite."""
    if postgres:
        stream: Iterator[Row] = cursor.stream(sql, params, size=batch_size)
        return stream
    cursor.execute(sql, params)
    return itertools.chain.from_iterable(iter(functools.partial(cursor.fetchmany, batch_size), []))


def _scan(rows: Iterator[Row], expected_seq: int, expected_prev: str | None) -> _Scan:
    """Walk rows until the first one that is not the next link of the chain.

    ``expected_prev`` is None for a range checked apart from the rest: its first link is then
    taken from its first row and checked later, where the ranges are joined.
    """
    first = next(rows, None)
    if first is None:
        return _Scan(None, None, 0, expected_seq - 1, expected_prev or "", None)
    first_seq, first_prev = first[0], first[8]
    prev = first_prev if expected_prev is None else expected_prev
    start = expected_seq
    sha256 = hashlib.sha256
    make = canonical
    row = first
    try:
        for row in itertools.chain((first,), rows):
            seq, at, actor_id, actor_name, action, object_type, object_id, data, prev_hash, digest = row
            if (
                seq != expected_seq
                or prev_hash != prev
                or sha256(
                    make(prev_hash, seq, at, actor_id, actor_name, action, object_type, object_id, data)
                ).hexdigest()
                != digest
            ):
                break
            prev = digest
            expected_seq += 1
        else:
            return _Scan(first_seq, first_prev, expected_seq - start, expected_seq - 1, prev, None)
    except TypeError:  # a column of the wrong type: the slow path says which
        pass
    return _Scan(first_seq, first_prev, expected_seq - start, expected_seq - 1, prev, row)


def _diagnose(using: str, row: Row, expected_seq: int, expected_prev: str) -> Break:
    """Why ``row`` does not follow the entry before it: the slow path, taken once."""
    seq, at, actor_id, actor_name, action, object_type, object_id, data, prev_hash, digest = row
    if seq > expected_seq:
        if seq == expected_seq + 1:
            reason = _("entry #%(seq)s is missing: it was removed.") % {"seq": expected_seq}
        else:
            reason = _("entries #%(first)s to #%(last)s are missing: they were removed.") % {
                "first": expected_seq,
                "last": seq - 1,
            }
        return Break(expected_seq, BreakKind.REMOVED, reason)
    if seq < expected_seq:
        reason = _("a second entry numbered #%(seq)s was added to the log.") % {"seq": seq}
        return Break(seq, BreakKind.ADDED, reason)
    try:
        content = canonical(prev_hash, seq, at, actor_id, actor_name, action, object_type, object_id, data)
        content_ok = hashlib.sha256(content).hexdigest() == digest
    except TypeError:
        content_ok = False
    if prev_hash == expected_prev:
        return Break(
            seq,
            BreakKind.CHANGED,
            _("entry #%(seq)s was changed: its content no longer matches its hash.") % {"seq": seq},
        )
    predecessor = AuditEntry.objects.using(using).filter(hash=prev_hash).values_list("seq", flat=True).first()
    if predecessor is not None and predecessor == seq - 1:
        reason = _("entry #%(seq)s is not the entry expected there: it was replaced.")
        return Break(seq - 1, BreakKind.CHANGED, reason % {"seq": seq - 1})
    if predecessor is not None and predecessor >= seq:
        reason = _(
            "entry #%(seq)s was written after the entry that now stands at #%(after)s: the entries were reordered."
        )
        return Break(seq, BreakKind.REORDERED, reason % {"seq": seq, "after": predecessor})
    if predecessor is not None:
        reason = _("entry #%(seq)s was written after entry #%(after)s, not after #%(previous)s: entries were moved.")
        return Break(seq, BreakKind.REORDERED, reason % {"seq": seq, "after": predecessor, "previous": seq - 1})
    if content_ok and seq > 1:
        reason = _("entry #%(seq)s was replaced: entry #%(next)s was written after a different entry.")
        return Break(seq - 1, BreakKind.CHANGED, reason % {"seq": seq - 1, "next": seq})
    reason = _(
        "entry #%(seq)s was changed: its content no longer matches its hash, nor does it follow the entry before it."
    )
    return Break(seq, BreakKind.CHANGED, reason % {"seq": seq})


def _stream_size(wrapper: Any, batch_size: int) -> int:
    """Rows per chunk of psycopg's stream: chunks need libpq 17; older ones stream row by row."""
    return batch_size if wrapper.Database.pq.version() >= 170000 else 1


def _walk(using: str, lo: int, hi: int, prev: str, batch_size: int) -> tuple[_Scan, Break | None]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            scan = _scan(_rows(cursor, False, _select("%s"), (lo, hi), batch_size), lo + 1, prev)
    else:
        # A stream left early is cancelled, which aborts the transaction it runs in: it runs in
        # a savepoint of its own (or a transaction, outside one), rolled back when cancelled.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            rows = _rows(cursor, True, _select("%s"), (lo, hi), _stream_size(connection, batch_size))
            scan = _scan(rows, lo + 1, prev)
            if scan.stopped is not None:
                rows.close()  # type: ignore[attr-defined]
                transaction.set_rollback(True, using=using)
    broken = None if scan.stopped is None else _diagnose(using, scan.stopped, scan.last_seq + 1, scan.last_hash)
    return scan, broken


# --- Several processes: each checks one range of the log with its own connection ---------------


def _ranges(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    step = max(1, -(-(hi - lo) // parts))
    return [(start, min(start + step, hi)) for start in range(lo, hi, step)]


def _scan_range(using: str, lo: int, hi: int, batch_size: int) -> _Scan:
    """Runs in a child process: a fresh connection of its own, never the parent's."""
    wrapper = connections[using]
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        postgres = wrapper.vendor == "postgresql"
        size = _stream_size(wrapper, batch_size) if postgres else batch_size
        cursor = raw.cursor()
        return _scan(_rows(cursor, postgres, _select("%s" if postgres else "?"), (lo, hi), size), lo + 1, None)
    finally:
        raw.close()


def _range_worker(using: str, ranges: list[tuple[int, int]], batch_size: int, results: Connection) -> None:
    """A child process: checks its ranges in order and sends what it found, range by range.

    It never collects its parent's garbage (whose finalisers could touch the parent's
    connections), and leaves SIGINT to the parent, which ends it with SIGKILL.
    """
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for lo, hi in ranges:
            results.send(_scan_range(using, lo, hi, batch_size))
    except Exception:  # the parent walks this range itself, and meets the same error there
        results.send(None)
    finally:
        results.close()


def _in_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


def _parallel_ok(using: str, entries: int, workers: int) -> bool:
    connection = connections[using]
    return (
        workers > 1
        and entries >= PARALLEL_MIN_ENTRIES
        and not connection.in_atomic_block
        and not (connection.vendor == "sqlite" and _in_memory(str(connection.settings_dict["NAME"])))
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _walk_parallel(
    using: str, lo: int, hi: int, prev: str, batch_size: int, workers: int
) -> tuple[_Scan, Break | None]:
    """Children check the ranges (each its own pipe, so that ending one early leaves no shared
    lock held); the ranges are joined here in order."""
    ranges = _ranges(lo, hi, workers * 4)
    context = multiprocessing.get_context("fork")
    gc.collect()  # finalisers of this process's garbage run here, not in a child
    children: list[tuple[BaseProcess, Connection]] = []
    count = 0
    resume: int | None = None
    try:
        for index in range(workers):
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_range_worker, args=(using, ranges[index::workers], batch_size, writer))
            child.daemon = True
            child.start()
            writer.close()
            children.append((child, reader))
        for number, (start, end) in enumerate(ranges):
            try:
                scan: _Scan | None = children[number % workers][1].recv()
            except EOFError:
                scan = None
            joined = scan is not None and (scan.first_seq, scan.first_prev, scan.last_seq) == (start + 1, prev, end)
            if scan is None or scan.stopped is not None or not joined:
                resume = start
                break
            count += scan.count
            prev = scan.last_hash
    finally:
        for process, pipe in children:
            if process.is_alive():
                process.kill()
            process.join()
            pipe.close()
    if resume is None:
        return _Scan(lo + 1, None, count, hi, prev, None), None
    rest, broken = _walk(using, resume, hi, prev, batch_size)
    return _Scan(lo + 1, None, count + rest.count, rest.last_seq, rest.last_hash, rest.stopped), broken


# --- The whole check ----------------------------------------------------------------------------


def _head(using: str) -> tuple[int, str]:
    head = AuditHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
    return head if head is not None else (0, GENESIS_HASH)


def _tail(using: str, last_seq: int, last_hash: str, head_seq: int, head_hash: str) -> Break | None:
    """The head row must name the last entry; entries past the head were not added by the log."""
    if last_seq < head_seq:
        reason = _("entries #%(first)s to #%(last)s, at the end of the log, are missing: it was truncated.")
        return Break(last_seq + 1, BreakKind.REMOVED, reason % {"first": last_seq + 1, "last": head_seq})
    if last_hash != head_hash:
        reason = _("entry #%(seq)s, the last one, is not the entry the log's head records: it was replaced.")
        return Break(head_seq, BreakKind.CHANGED, reason % {"seq": head_seq})
    beyond = AuditEntry.objects.using(using).filter(seq__gt=head_seq).order_by("seq").values_list("seq", flat=True)
    first_beyond = beyond.first()
    if first_beyond is not None and first_beyond > _head(using)[0]:
        reason = _("entry #%(seq)s stands after the head of the log: it was added outside the log.")
        return Break(first_beyond, BreakKind.ADDED, reason % {"seq": first_beyond})
    return None


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def audit_verify(
    *,
    using: str = "default",
    start_seq: int = 0,
    start_hash: str = GENESIS_HASH,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> VerifyResult:
    """Check the chain from the entry after ``start_seq`` (whose hash is ``start_hash``) to the head.

    ``workers`` processes share a long log (default: one per processor, when the log is long
    enough and this process may fork); ``workers=1`` walks it in this process only.
    """
    head_seq, head_hash = _head(using)
    if start_seq > head_seq:
        reason = _("the log ends at #%(head)s, before entry #%(seq)s: it was truncated.")
        short = Break(head_seq + 1, BreakKind.REMOVED, reason % {"head": head_seq, "seq": start_seq})
        return VerifyResult(checked=0, head_seq=head_seq, head_hash=head_hash, broken=short)
    wanted = default_workers() if workers is None else workers
    if _parallel_ok(using, head_seq - start_seq, wanted):
        scan, broken = _walk_parallel(using, start_seq, head_seq, start_hash, batch_size, wanted)
    else:
        scan, broken = _walk(using, start_seq, head_seq, start_hash, batch_size)
    if broken is None:
        broken = _tail(using, scan.last_seq, scan.last_hash, head_seq, head_hash)
    return VerifyResult(checked=scan.count, head_seq=head_seq, head_hash=head_hash, broken=broken)


def describe(result: VerifyResult) -> str:
    """One line for people: what was checked, or where the log breaks."""
    if result.broken is None:
        return _("The audit log is whole: %(count)s entries checked, head #%(seq)s (%(hash)s).") % {
            "count": result.checked,
            "seq": result.head_seq,
            "hash": result.head_hash[:16],
        }
    return _("The audit log is broken at entry #%(seq)s (%(kind)s): %(reason)s") % {
        "seq": result.broken.seq,
        "kind": result.broken.kind.value,
        "reason": result.broken.reason,
    }
