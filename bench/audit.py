"""The audit log at scale: appends per second, and verify throughput against raw SHA-256.

    python bench/audit.py [--entries N] [--appends A] [--db sqlite|postgres|both] [--repeat R]

Builds a log of N entries (default 1,000,000) in the benchmark's own database (SQLite
``var/bench/audit.sqlite3``, PostgreSQL ``adalat_bench_audit``, both made afresh):

1. appends: A entries (default 10,000) through ``audit_record``, each in its own transaction,
   as services write them, in batches of ``AUDIT_CHECKPOINT_ENTRIES`` taken in turns with the
   checkpoint enqueued every so many entries and without it;
2. bulk load: the other N - A entries, chained with their real hashes, by COPY on PostgreSQL
   and ``executemany`` on SQLite;
3. verify: ``audit_verify`` over all N entries, in one process and in several, against
   ``hashlib.sha256`` of each entry's canonical bytes (the same bytes verify hashes), run in
   turns, medians of R rounds.

Goals: verify throughput >= 0.25 x raw hashing throughput (in one process or in several);
appends with the checkpoint every so many entries >= 0.95 x appends without it. Exits 1 when a
goal is missed. The table also gives raw hashing as one stream over all the bytes (no per-entry
cost at all), for reference.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "audit.sqlite3"
POSTGRES_DB = "adalat_bench_audit"
GOAL = 0.25
GOAL_APPENDS = 0.95  # appends with the checkpoint every N entries, against appends without it
LOAD_BATCH = 20_000
COLUMNS = ("seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "data", "prev_hash", "hash")
STAGES = ("received", "assigned", "preparation", "hearing", "decided", "appeal", "closed")


def realistic(number: int) -> tuple[str, str, str, dict[str, Any]]:
    """(action, object type, object id, data) shaped like what the services write."""
    case = 100_000 + number // 7
    step = number % 7
    if step == 0:
        data = {"event": number, "from": "", "kind": "criminal", "number": f"DC{case % 60:02d}-CR-2026-{case:05d}"}
        return "case.registered", "case", str(case), {**data, "to": "received"}
    if step == 1:
        return "party.create", "party", str(number), {"kind": "person"}
    if step == 2:
        return "participant.added", "case", str(case), {"participant": number, "role": "accused"}
    if step == 3:
        return "case.assigned", "case", str(case), {"event": number, "judge": 40 + case % 25, "reason": ""}
    if step == 4:
        return (
            "document.uploaded",
            "document",
            str(number),
            {"case": case, "sha256": hashlib.sha256(b"%d" % number).hexdigest()},
        )
    stage_from, stage_to = STAGES[number % 5], STAGES[number % 5 + 1]
    data = {"event": number, "from": stage_from, "number": f"DC{case % 60:02d}-CR-2026-{case:05d}", "to": stage_to}
    return "case.transition", "case", str(case), data


def prepare(db: str) -> None:
    harness.use_database(db, SQLITE_FILE, POSTGRES_DB, empty=True)


def append(count: int) -> tuple[float, float]:
    """Entries appended per second through the service, one transaction each: with the checkpoint
    enqueued every AUDIT_CHECKPOINT_ENTRIES entries (as configured), and without it, in batches
    of that many entries taken in turns."""
    from django.conf import settings  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from adalat.audit.services import audit_record  # noqa: PLC0415

    every = settings.AUDIT_CHECKPOINT_ENTRIES or 1000
    seconds = {True: 0.0, False: 0.0}
    done = {True: 0, False: 0}
    number = 0
    for batch in range(max(2, count // every)):
        counting = batch % 2 == 0
        settings.AUDIT_CHECKPOINT_ENTRIES = every if counting else 0
        started = time.perf_counter()
        for _ in range(every):
            action, object_type, object_id, data = realistic(number)
            with transaction.atomic():
                audit_record(actor=None, action=action, object_type=object_type, object_id=object_id, data=data)
            number += 1
        seconds[counting] += time.perf_counter() - started
        done[counting] += every
    settings.AUDIT_CHECKPOINT_ENTRIES = every
    return done[True] / seconds[True], done[False] / seconds[False]


def chained_rows(first_seq: int, prev: str, count: int, contents: list[bytes]) -> Iterator[tuple[Any, ...]]:
    """``count`` entries after ``first_seq - 1``, each hashed after the one before; their canonical
    bytes are kept in ``contents`` for the raw hashing runs."""
    from adalat.audit.chain import canonical  # noqa: PLC0415
    from adalat.core import canonical_json  # noqa: PLC0415

    sha256 = hashlib.sha256
    base = 1_790_000_000_000_000  # microseconds since the epoch, late 2026
    for seq in range(first_seq, first_seq + count):
        action, object_type, object_id, data = realistic(seq)
        micros = base + seq * 1_000_003
        seconds, fraction = divmod(micros, 1_000_000)
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{fraction:06d}Z"
        actor_id = None if seq % 11 == 0 else 1 + seq % 300
        actor_name = "system" if actor_id is None else f"user{actor_id}"
        body = canonical_json.dumps(data)
        content = canonical(prev, seq, at, actor_id, actor_name, action, object_type, object_id, body)
        digest = sha256(content).hexdigest()
        contents.append(content)
        yield seq, at, actor_id, actor_name, action, object_type, object_id, body, prev, digest
        prev = digest


def bulk_load(db: str, count: int, contents: list[bytes]) -> float:
    """Chain ``count`` entries after the head and load them; entries per second."""
    from django.db import connection, transaction  # noqa: PLC0415

    from adalat.audit.models import AuditEntry, AuditHead  # noqa: PLC0415

    head = AuditHead.objects.get(pk=1)
    table = AuditEntry._meta.db_table
    columns = ", ".join(COLUMNS)
    rows = chained_rows(head.seq + 1, head.hash, count, contents)
    started = time.perf_counter()
    last: tuple[Any, ...] | None = None
    with transaction.atomic(), connection.cursor() as cursor:
        if db == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    last = row
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            while batch := list(itertools.islice(rows, LOAD_BATCH)):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
                last = batch[-1]
        if last is not None:
            AuditHead.objects.filter(pk=1).update(seq=last[0], hash=last[-1])
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}" if db == "postgresql" else "ANALYZE")
    return count / elapsed


def appended_contents() -> list[bytes]:
    """The canonical bytes of the entries already in the log (those the service appended)."""
    from adalat.audit.chain import canonical  # noqa: PLC0415
    from adalat.audit.models import AuditEntry  # noqa: PLC0415

    return [canonical(*row) for row in AuditEntry.objects.order_by("seq").values_list("prev_hash", *COLUMNS[:8])]


def measure(db: str, entries: int, appends: int, repeat: int) -> dict[str, Any]:
    prepare(db)
    from django.db import connection  # noqa: PLC0415

    from adalat.audit.verify import audit_verify, default_workers  # noqa: PLC0415

    vendor = connection.vendor
    appends = min(appends, entries)
    print(f"appending {appends:,} entries through audit_record ...", flush=True)
    appends_per_second, appends_uncounted = append(appends)
    contents = appended_contents()
    print(f"bulk-loading {entries - appends:,} chained entries ...", flush=True)
    load_per_second = bulk_load(vendor, entries - appends, contents)
    assert len(contents) == entries
    total_bytes = sum(map(len, contents))
    workers = default_workers()
    sha256 = hashlib.sha256

    def raw() -> None:
        for content in contents:
            sha256(content).digest()

    def stream() -> None:
        digest = sha256()
        for content in contents:
            digest.update(content)
        digest.digest()

    def verify_one() -> None:
        result = audit_verify(workers=1)
        assert result.ok and result.checked == entries, result

    def verify_many() -> None:
        result = audit_verify(workers=workers)
        assert result.ok and result.checked == entries, result

    print(f"timing verify over {entries:,} entries ({total_bytes / entries:.0f} bytes each on average) ...", flush=True)
    runners = {"raw": raw, "stream": stream, "verify_1": verify_one}
    if workers > 1:
        runners["verify_n"] = verify_many
    millis = harness.interleaved(runners, repeat)
    connection.close()
    return {
        "db": db,
        "entries": entries,
        "bytes": total_bytes,
        "appends": appends,
        "appends_per_second": appends_per_second,
        "appends_uncounted": appends_uncounted,
        "load_per_second": load_per_second,
        "workers": workers,
        "ms": millis,
    }


def report(result: dict[str, Any]) -> None:
    ms, entries, size = result["ms"], result["entries"], result["bytes"]

    def rate(name: str) -> tuple[str, str]:
        seconds = ms[name] / 1000
        return f"{entries / seconds:,.0f}", f"{size / seconds / 1e6:,.1f}"

    rows: list[list[object]] = [
        ["raw sha256 per entry", f"{ms['raw']:,.0f}", *rate("raw"), "1.00", ""],
        ["raw sha256, one stream", f"{ms['stream']:,.0f}", *rate("stream"), f"{ms['raw'] / ms['stream']:.2f}", ""],
    ]
    verifies = [("verify_1", "audit_verify, 1 process")]
    if "verify_n" in ms:
        verifies.append(("verify_n", f"audit_verify, {result['workers']} processes"))
    for name, label in verifies:
        ratio = ms["raw"] / ms[name]
        verdict = "meets the goal" if ratio >= GOAL else "below the goal"
        versus_stream = ms["stream"] / ms[name]
        rows.append(
            [label, f"{ms[name]:,.0f}", *rate(name), f"{ratio:.2f}", f"{verdict} (vs stream {versus_stream:.2f})"]
        )
    print()
    print(f"{result['db']}: {entries:,} entries, {size / 1e6:,.0f} MB of canonical content")
    counted, uncounted = result["appends_per_second"], result["appends_uncounted"]
    verdict = "meets the goal" if counted >= GOAL_APPENDS * uncounted else "below the goal"
    print(
        f"  appends through audit_record (one transaction each, {result['appends']:,}): "
        f"{counted:,.0f} per second with a checkpoint enqueued every so many entries, "
        f"{uncounted:,.0f} without: x {counted / uncounted:.2f} ({verdict} >= {GOAL_APPENDS})"
    )
    print(f"  bulk load with real hashes: {result['load_per_second']:,.0f} entries per second")
    print()
    print(harness.table(["", "median ms", "entries/s", "MB/s", "x raw", f"goal >= {GOAL}"], rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        argv = ["--entries", str(args.entries), "--appends", str(args.appends), "--repeat", str(args.repeat)]
        return harness.run_per_database(__file__, argv, databases)
    result = measure(args.db, args.entries, args.appends, args.repeat)
    report(result)
    return 0 if met(result) else 1


def met(result: dict[str, Any]) -> bool:
    """Whether every goal is met: verify against raw hashing, appends with the checkpoint count."""
    ms = result["ms"]
    verifies = [ms["raw"] / ms[name] for name in ("verify_1", "verify_n") if name in ms]
    appends = result["appends_per_second"] >= GOAL_APPENDS * result["appends_uncounted"]
    return appends and max(verifies) >= GOAL


if __name__ == "__main__":
    sys.exit(main())
