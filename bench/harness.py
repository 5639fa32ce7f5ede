"""What the benchmarks share: their own database (SQLite under var/bench/, or a PostgreSQL
database of their own), Django set up against it, interleaved timing with medians, and tables.

A benchmark never touches the database ``adalat run`` uses.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/adalat_bench")


def postgres_url(database: str) -> str:
    """``BENCH_POSTGRES_URL`` with another database name."""
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit(parts._replace(path=f"/{database}"))


def postgres_answers() -> bool:
    try:
        import psycopg  # noqa: PLC0415 (only when PostgreSQL is wanted)

        with psycopg.connect(postgres_url("postgres"), connect_timeout=3):
            return True
    except Exception:  # any failure means: not available
        return False


def postgres_recreate(database: str) -> None:
    """Drop ``database`` if it exists and create it empty."""
    import psycopg  # noqa: PLC0415

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def postgres_exists(database: str) -> bool:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(postgres_url("postgres")) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def use_database(db: str, sqlite_name: str, postgres_database: str, *, empty: bool = False) -> None:
    """Point Django (not yet set up) at the benchmark's own database, emptied first if ``empty``,
    then set Django up and bring the schema up to date."""
    if empty and db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (BENCH_DIR / f"{sqlite_name}{suffix}").unlink(missing_ok=True)
    elif empty:
        postgres_recreate(postgres_database)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["ADALAT_DATA_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "adalat.settings"
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / sqlite_name}"
    else:
        os.environ["DATABASE_URL"] = postgres_url(postgres_database)
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415 (after the environment is set)

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)


def run_per_database(script: str, argv: Sequence[str], databases: Sequence[str]) -> int:
    """Run ``script`` once per database in its own process (Django is set up once per process)."""
    worst = 0
    for db in databases:
        print(f"\n=== {db} ===", flush=True)
        worst = max(worst, subprocess.call([sys.executable, script, *argv, "--db", db]))  # noqa: S603
    return worst


def interleaved(runners: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median milliseconds of each runner, run in turns (the order rotates every round)."""
    for run in runners.values():
        run()  # warm the caches the same for everyone
    names = list(runners)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            runners[name]()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
