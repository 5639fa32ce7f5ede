"""The embedded SQLite's durability: what ``synchronous=FULL`` costs against ``NORMAL``.

    python bench/sqlite_durability.py [--registrations N] [--appends A] [--repeat R]

SQLite runs in WAL mode. With NORMAL a commit is written to the WAL without waiting for the disk:
a crash of the process loses nothing, but a power loss (or a crash of the machine) can lose the
last commits, already acknowledged to the user. FULL waits for the disk (one fsync of the WAL)
at each commit.

In the benchmark's own SQLite database (``var/bench/durability.sqlite3``, made afresh), times
each mode in turns (one write in one mode, the next in the other), R rounds of:

1. N case registrations through ``cases.services.case_register``, each in its own transaction,
   as a clerk's request makes them (the case, its participant, its event, its audit entries);
2. A audit appends through ``audit_record``, each in its own transaction (the smallest write).

and prints the median time of one write in each mode, FULL / NORMAL, and what FULL adds.

Goal: FULL adds at most 10 ms to the median case registration. A page that answers within about
100 ms feels instant, and the registration page already takes tens of milliseconds; 10 ms more
is not something a clerk can notice. Exits 1 when FULL adds more. The table also gives the
writes per second one SQLite database can take in each mode (one writer at a time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "durability.sqlite3"
GOAL_ADDED_MS = 10.0
MODES = ("NORMAL", "FULL")


def prepare() -> dict[str, Any]:
    """The database, and a court with a clerk who registers cases in it."""
    harness.use_database("sqlite", SQLITE_FILE, "", empty=True)
    from adalat.accounts.models import Membership, User  # noqa: PLC0415
    from adalat.core.roles import Role  # noqa: PLC0415
    from adalat.organizations.models import Organization  # noqa: PLC0415

    court = Organization.objects.create(
        code="DC01", name="First District Court", kind=Organization.Kind.COURT, instance=1, time_zone="Asia/Almaty"
    )
    clerk = User.objects.create_user(username="clerk", password=None)
    Membership.objects.create(user=clerk, organization=court, role=Role.CLERK)
    return {"court": court, "clerk": clerk}


def register(world: dict[str, Any]) -> Callable[[], None]:
    from django.db import transaction  # noqa: PLC0415

    from adalat.cases.services import ParticipantData, PartyData, case_register  # noqa: PLC0415
    from adalat.core import clock  # noqa: PLC0415

    court, clerk = world["court"], world["clerk"]
    received = clock.today_in(court.time_zone) - dt.timedelta(days=1)
    accused = [ParticipantData(role="accused", party=PartyData(kind="person", name="Ivanov Ivan Ivanovich"))]

    def one() -> None:
        with transaction.atomic():
            case_register(
                actor=clerk,
                organization=court,
                kind="criminal",
                title="Theft of a bicycle",
                received_on=received,
                articles=["158(1)"],
                participants=accused,
            )

    return one


def append() -> None:
    from django.db import transaction  # noqa: PLC0415

    from adalat.audit.services import audit_record  # noqa: PLC0415

    with transaction.atomic():
        audit_record(actor=None, action="case.read", object_type="case", object_id="1", data={"number": "DC01"})


def synchronous(mode: str) -> None:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA synchronous={mode}")
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == {"NORMAL": 1, "FULL": 2}[mode]


def measure(writes: dict[str, tuple[Callable[[], None], int]], repeat: int) -> dict[str, dict[str, float]]:
    """Median milliseconds of one write of each kind in each mode, the modes taken in turns write
    by write, so that both meet the same database size and the same WAL checkpoints."""
    samples: dict[str, dict[str, list[float]]] = {name: {mode: [] for mode in MODES} for name in writes}
    for name, (write, _count) in writes.items():
        for mode in MODES:  # warm up: the first writes grow the files
            synchronous(mode)
            for _ in range(10):
                write()
        for round_ in range(repeat):
            for number in range(writes[name][1]):
                order = MODES if (round_ + number) % 2 == 0 else MODES[::-1]
                for mode in order:
                    synchronous(mode)
                    started = time.perf_counter()
                    write()
                    samples[name][mode].append((time.perf_counter() - started) * 1000)
    return {
        name: {mode: statistics.median(values) for mode, values in by_mode.items()} for name, by_mode in samples.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=100)
    parser.add_argument("--appends", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    world = prepare()
    writes = {
        "case registration": (register(world), args.registrations),
        "audit append": (append, args.appends),
    }
    print(f"timing {args.repeat} rounds of {args.registrations} registrations and {args.appends} appends per mode ...")
    medians = measure(writes, args.repeat)
    rows = []
    for name, by_mode in medians.items():
        normal, full = by_mode["NORMAL"], by_mode["FULL"]
        rates = f"{1000 / normal:,.0f} / {1000 / full:,.0f}"
        rows.append([name, f"{normal:.2f}", f"{full:.2f}", f"{full / normal:.2f}", f"{full - normal:+.2f}", rates])
    print()
    headers = ["median ms per write", "NORMAL", "FULL", "FULL / NORMAL", "added ms", "writes/s NORMAL / FULL"]
    print(harness.table(headers, rows))
    added = medians["case registration"]["FULL"] - medians["case registration"]["NORMAL"]
    met = added <= GOAL_ADDED_MS
    verdict = "meets" if met else "misses"
    print(f"\nFULL adds {added:.2f} ms to a case registration: {verdict} the goal (at most {GOAL_ADDED_MS:.0f} ms).")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
