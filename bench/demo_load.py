"""The demo load at scale, with and without the cases' documents, in the same run.

    python bench/demo_load.py [--cases N] [--db sqlite|postgres|both] [--postgres-db NAME]

Loads N demo cases (default 200,000) into the benchmark's own database (SQLite
``var/bench/demo_load.sqlite3``, PostgreSQL ``adalat_bench_demo`` or the one named, made afresh
for each load),
first without documents and then with them, as ``adalat demo --cases N`` loads them, and prints
the seconds of each, the rows written and the ratio.

Goal: the load with documents takes at most 1.10 x the load without them (a large load files the
documents of its latest 20,000 cases and of the demo accounts' cases: decision 0041). The script exits 1
when the goal is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "demo_load.sqlite3"
POSTGRES_DB = "adalat_bench_demo"
GOAL = 1.10


def load(db: str, cases: int, documents: bool, postgres_db: str) -> None:
    """One load into a fresh database, in this process; prints its seconds and counts."""
    harness.use_database(db, SQLITE_FILE, postgres_db, empty=True)
    from django.db import transaction  # noqa: PLC0415 (after setup)

    from adalat.demo.services import demo_load  # noqa: PLC0415

    started = time.perf_counter()
    with transaction.atomic():
        summary = demo_load(cases=cases, password="bench-password", documents=documents)  # noqa: S106
    seconds = time.perf_counter() - started
    rows = sum(v for k, v in summary.counts.items() if k not in ("organizations", "users", "appeals"))
    print(f"RESULT {seconds:.1f} {rows} {summary.counts.get('documents', 0)}", flush=True)


def measure(db: str, cases: int, postgres_db: str) -> int:
    results = {}
    for documents in (False, True):
        argv = [__file__, "--cases", str(cases), "--db", db, "--postgres-db", postgres_db]
        argv += ["--one", "with" if documents else "without"]
        out = subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=True).stdout  # noqa: S603
        line = next(line for line in out.splitlines() if line.startswith("RESULT "))
        seconds, rows, filed = line.split()[1:]
        results[documents] = (float(seconds), int(rows), int(filed))
    without, with_documents = results[False], results[True]
    ratio = with_documents[0] / without[0]
    print(
        harness.table(
            ["load", "seconds", "rows", "documents"],
            [
                ["without documents", f"{without[0]:.1f}", f"{without[1]:,}", "0"],
                ["with documents", f"{with_documents[0]:.1f}", f"{with_documents[1]:,}", f"{with_documents[2]:,}"],
            ],
        )
    )
    verdict = "ok" if ratio <= GOAL else "MISSED"
    print(f"\nwith / without documents: {ratio:.2f} x (goal <= {GOAL} x): {verdict}")
    return 0 if ratio <= GOAL else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-db", default=POSTGRES_DB, help="the PostgreSQL database to use (dropped!)")
    parser.add_argument("--one", choices=("with", "without"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        load(args.db, args.cases, documents=args.one == "with", postgres_db=args.postgres_db)
        return 0
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        passed = ["--cases", str(args.cases), "--postgres-db", args.postgres_db]
        return harness.run_per_database(__file__, passed, databases)
    print(f"Loading {args.cases:,} demo cases without and with documents...", flush=True)
    return measure(args.db, args.cases, args.postgres_db)


if __name__ == "__main__":
    sys.exit(main())
