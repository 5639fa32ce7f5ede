"""Log-in under attack: a logged-in user's API latency alone, and while anonymous clients hammer
the log-in API and the log-in form with wrong passwords and unknown names, in the same run.

    python bench/login.py [--db sqlite|postgres|both] [--attackers N] [--rate R] [--seconds S]
                          [--spread one|each] [--port P]

Loads a small demo country (2,000 cases) into the benchmark's own database (SQLite
``var/bench/login.sqlite3``, PostgreSQL ``adalat_bench_login``, made afresh), then starts the real
server as ``adalat run`` does (gunicorn, 2 workers of 4 threads) with Django's production password
hasher and ``ADALAT_BEHIND_PROXY=1``, so that each client can give its own address in
``X-Forwarded-For``. Then, over HTTP:

1. alone: the clerk, with a bearer token, asks for ``GET /api/v1/cases?page_size=20`` one request
   after another for S/2 seconds (default S: 15), before the attack and again after it: the
   median latency of both (so that a machine whose load drifts does not skew the baseline);
2. under attack: N anonymous clients (default 16), each sending at most R requests a second
   (default 4), half to ``POST /api/v1/auth/token`` and half to the log-in form (with its CSRF
   token), wrong passwords for real names and made-up names in turn, from one address each
   (``--spread each``, the default) or all from one address (``--spread one``), while the clerk
   measures again for S seconds. The first seconds of the attack are measured too: nothing is
   warmed up. The attack stops, the server drains, then the second half of the baseline.

Goal: the clerk's median under attack <= 2 x the median alone. The table also says how the
anonymous requests were answered (401 checked and refused, 429 throttled before any hashing).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "login.sqlite3"
POSTGRES_DB = "adalat_bench_login"
GOAL = 2.0
CASES = 2_000
SEED = 2026
REAL_NAMES = ("clerk", "judge1", "chair", "admin", "prosecutor", "lawyer")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--attackers", type=int, default=16)
    parser.add_argument("--rate", type=float, default=4.0, help="requests a second per anonymous client")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long each phase measures")
    parser.add_argument("--spread", choices=("one", "each"), default="each", help="anonymous clients' addresses")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8101")))
    args = parser.parse_args()
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        passed = [
            "--attackers", str(args.attackers), "--rate", str(args.rate), "--seconds", str(args.seconds),
            "--spread", args.spread, "--port", str(args.port),
        ]  # fmt: skip
        return harness.run_per_database(__file__, passed, databases)
    token = prepare(args.db)
    server = start_server(args.port)
    try:
        return measure(args, token)
    finally:
        server.terminate()
        server.wait(timeout=30)


def prepare(db: str) -> str:
    """A fresh database with the demo country; the clerk's bearer token."""
    harness.use_database(db, SQLITE_FILE, POSTGRES_DB, empty=True)
    from django.db import connection, transaction  # noqa: PLC0415 (after setup)

    from adalat.accounts.models import User  # noqa: PLC0415
    from adalat.accounts.tokens import token_create  # noqa: PLC0415
    from adalat.demo.services import demo_load  # noqa: PLC0415

    print(f"Loading the demo country with {CASES:,} cases...", flush=True)
    with transaction.atomic():
        demo_load(seed=SEED, cases=CASES, password="bench-only-" + str(time.time_ns()))
        clerk = User.objects.get(username="clerk")
        _token, secret = token_create(actor=clerk, user=clerk, name="login benchmark", scopes=["cases:read"], days=1)
    connection.close()
    return secret


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ADALAT_BEHIND_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "adalat.settings",
    }
    command = [
        sys.executable, "-m", "gunicorn", "adalat.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--log-level", "error",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"The server did not answer on port {port}.")


class Session:
    """One HTTP/1.1 connection to the server, opened again when it breaks."""

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None) -> tuple[int, str]:
        sent = {"X-Forwarded-For": self.address, **(headers or {})}
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body or None, headers=sent)
                response = self.connection.getresponse()
                return response.status, response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def user_latencies(port: int, token: str, seconds: float) -> list[float]:
    """The clerk's requests, one after another, for ``seconds``: each one's milliseconds."""
    session = Session(port, "10.0.0.1")
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(5):
        session.call("GET", "/api/v1/cases?page_size=20", headers=headers)  # connection and caches
    samples: list[float] = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        status, _body = session.call("GET", "/api/v1/cases?page_size=20", headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"The clerk's request was answered {status}.")
    return samples


def attacker(port: int, number: int, address: str, rate: float, stop: threading.Event, answers: Counter[str]) -> None:
    """Wrong passwords for real and made-up names, to the API and the form in turn, at ``rate``."""
    session = Session(port, address)
    csrf = ""
    for attempt in itertools.count():
        if stop.is_set():
            return
        started = time.monotonic()
        name = REAL_NAMES[attempt % len(REAL_NAMES)] if attempt % 2 else f"nobody-{number}-{attempt}"
        password = f"wrong guess {attempt}"
        try:
            if attempt % 4 < 2:
                body = json.dumps({"username": name, "password": password})
                status, _ = session.call("POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"})
                answers[f"api {status}"] += 1
            else:
                if not csrf:
                    _status, page = session.call("GET", "/accounts/login/")
                    found = CSRF_FIELD.search(page)
                    csrf = found.group(1) if found else ""
                form = urllib.parse.urlencode({"username": name, "password": password, "csrfmiddlewaretoken": csrf})
                headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
                status, _ = session.call("POST", "/accounts/login/", form, headers)
                answers[f"form {status}"] += 1
        except (OSError, http.client.HTTPException):
            answers["error"] += 1
        pause = 1 / rate - (time.monotonic() - started)
        if pause > 0:
            stop.wait(pause)


def quantiles(samples: list[float]) -> tuple[float, float, float]:
    """The median, the 90th percentile and the worst."""
    cuts = statistics.quantiles(samples, n=10, method="inclusive")
    return statistics.median(samples), cuts[-1], max(samples)


def measure(args: argparse.Namespace, token: str) -> int:
    alone_samples = user_latencies(args.port, token, args.seconds / 2)
    stop = threading.Event()
    answers: Counter[str] = Counter()
    threads = [
        threading.Thread(
            target=attacker,
            args=(args.port, n, "198.51.100.7" if args.spread == "one" else f"198.51.100.{n + 1}", args.rate, stop),
            kwargs={"answers": answers},
            daemon=True,
        )
        for n in range(args.attackers)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    attacked_samples = user_latencies(args.port, token, args.seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started
    time.sleep(2)
    alone_samples += user_latencies(args.port, token, args.seconds / 2)
    alone, attacked = quantiles(alone_samples), quantiles(attacked_samples)
    ratio = attacked[0] / alone[0]
    print(
        harness.table(
            ["phase", "requests", "median ms", "p90 ms", "worst ms", "median ratio"],
            [
                ["alone", len(alone_samples), *(f"{v:.1f}" for v in alone), "1.00"],
                ["under attack", len(attacked_samples), *(f"{v:.1f}" for v in attacked), f"{ratio:.2f}"],
            ],
        )
    )
    total = sum(answers.values())
    spread = "one address" if args.spread == "one" else "an address each"
    print(
        f"\n{args.attackers} anonymous clients ({spread}) sent {total} log-ins in {elapsed:.0f} s "
        f"({total / elapsed:.1f}/s): " + ", ".join(f"{k}: {v}" for k, v in sorted(answers.items()))
    )
    verdict = "meets" if ratio <= GOAL else "MISSES"
    print(f"Goal: under attack <= {GOAL:g} x alone; {ratio:.2f} {verdict} it.")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
