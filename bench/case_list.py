"""The case list at scale: the most common list queries and searches, three ways, in the same run.

    python bench/case_list.py [--cases N] [--db sqlite|postgres|both] [--repeat R]

Loads N demo cases (default 1,000,000) with the bulk loader into the benchmark's own database
(SQLite ``var/bench/case_list.sqlite3``, PostgreSQL ``adalat_bench`` or the database named by
``BENCH_CASE_LIST_DATABASE``; reused when it already holds N cases), then times each query,
interleaved, as the median of R rounds:

1. raw: the same work hand-written in SQL on the DB-API cursor: read the acting user's
   organizations from their memberships (as the access policy does on every request), then the
   query with the policy's scoping, the filters, ORDER BY, LIMIT 50, and the bounded count. The
   "query" column times the query alone, with the organizations known beforehand;
2. selector: ``case_list(user=..., filters=CaseFilters(...))``, the first page of 50 and
   ``bounded_count``;
3. API: ``GET /api/v1/cases?...`` through Django's test client with a bearer token.

The baseline of the goals is raw plus the cost of one plain ORM primary-key fetch
(``Case.objects.get(pk=...)``) measured in the same run: what any Django code pays to go through
the ORM at all, which weighs on the queries that take a fraction of a millisecond.

Goals: selector <= 1.5 x baseline, API <= 3 x baseline, the three ways give the same page and
count, and the plan of every query the selector runs uses an index, with no full scan of
``cases_case``. The script exits 1 when a goal is missed or a call fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

SQLITE_FILE = "case_list.sqlite3"
POSTGRES_DB = os.environ.get("BENCH_CASE_LIST_DATABASE", "adalat_bench")
PAGE = 50
SEED = 2026
ORGANIZATION_ROLES = ("prosecutor", "investigator")  # whose offices see the parties' details of their cases
GOAL_SELECTOR, GOAL_API = 1.5, 3.0


@dataclass
class Query:
    name: str
    user: str
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Searched:
    """What the searches look for: a case's number, a party's name and identity number."""

    number: str  # a whole number: DC01-CR-2026-00123
    part: str  # a part of it: 123
    name: str  # the first two words of a party's name: Сапарова Айгерим
    word: str  # one word of a name, not its first: Айгерим
    national_id: str


def queries(court_id: int, judge_id: int, searched: Searched, today: dt.date) -> list[Query]:
    return [
        Query("court + status", "clerk", {"holder": court_id, "status": "open"}),
        Query("judge, open", "judge1", {"judge": judge_id, "status": "open"}),
        Query("overdue in a court", "chair", {"holder": court_id, "overdue": True}),
        Query("party name (two words)", "clerk", {"q": searched.name}),
        Query("any word of a name", "clerk", {"q": searched.word}),
        Query("case number", "clerk", {"q": searched.number}),
        Query("part of a number", "clerk", {"q": searched.part}),
        Query("national id", "clerk", {"q": searched.national_id}),
        Query("court + kind + status", "clerk", {"holder": court_id, "kind": "civil", "status": "open"}),
        Query("court + stage", "clerk", {"holder": court_id, "stage": "hearing"}),
        Query(
            "court + received dates",
            "clerk",
            {
                "holder": court_id,
                "received_from": today - dt.timedelta(days=90),
                "received_to": today - dt.timedelta(days=60),
            },
        ),
        Query("judge's overdue", "judge1", {"judge": judge_id, "overdue": True}),
        Query("lawyer's own cases", "lawyer", {}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--reload", action="store_true", help="load the cases again even if the database has them")
    args = parser.parse_args()
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        passed = ["--cases", str(args.cases), "--repeat", str(args.repeat)] + (["--reload"] if args.reload else [])
        return harness.run_per_database(__file__, passed, databases)
    prepare_database(args.db, args.cases, reload=args.reload)
    return run(args.cases, args.repeat)


# --- the benchmark's own database -----------------------------------------------------------


def _existing_cases(db: str) -> int | None:
    """How many cases the benchmark database holds, or None if it is missing or not migrated."""
    if db == "sqlite":
        path = harness.BENCH_DIR / SQLITE_FILE
        if not path.exists():
            return None
        import sqlite3  # noqa: PLC0415

        with sqlite3.connect(path) as conn:
            try:
                return int(conn.execute("SELECT COUNT(*) FROM cases_case").fetchone()[0])
            except sqlite3.OperationalError:
                return None
    if not harness.postgres_exists(POSTGRES_DB):
        return None
    import psycopg  # noqa: PLC0415

    with psycopg.connect(harness.postgres_url(POSTGRES_DB)) as conn:
        try:
            row = conn.execute("SELECT COUNT(*) FROM cases_case").fetchone()
            return int(row[0]) if row else None
        except psycopg.Error:
            return None


def prepare_database(db: str, cases: int, *, reload: bool = False) -> None:
    existing = _existing_cases(db)
    fresh = reload or existing != cases
    harness.use_database(db, SQLITE_FILE, POSTGRES_DB, empty=fresh)
    from django.db import transaction  # noqa: PLC0415 (after setup)

    from adalat.demo.services import demo_load  # noqa: PLC0415

    if not fresh:
        print(f"Reusing the benchmark database with {cases:,} cases.")
        return
    print(f"Loading {cases:,} demo cases...", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        summary = demo_load(seed=SEED, cases=cases, password="bench-only-" + str(time.time_ns()))
    seconds = time.perf_counter() - started
    rows = sum(v for k, v in summary.counts.items() if k in ("parties", "cases", "participants", "events", "deadlines"))
    print(
        f"Loaded {cases:,} cases ({rows:,} rows) in {seconds:.0f} s, of which {summary.write_seconds:.0f} s writing "
        f"batches: {summary.counts}",
        flush=True,
    )


# --- the same query, by hand ------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The organizations a user serves in as staff (courts: also those below a chair's), the courts
    they judge in, those where they may be a case's officer in charge (their own, as staff), and
    those where they receive cases."""

    courts: list[int]
    judge_courts: list[int]
    clerk_courts: list[int]
    receives: list[int]


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


class HandWritten:
    """The selector's query written by hand: scoping, filters, order, page and bounded count."""

    def __init__(
        self,
        connection: Any,
        acting_roles: list[str],
        staff_roles: dict[str, set[str]],
        receive_roles: dict[str, set[str]],
    ) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.roles = acting_roles
        self.staff_roles = staff_roles  # by kind of organization, from the pack
        self.receive_roles = receive_roles

    def scope_of(self, user_id: int) -> Scope:
        """The user's courts, read from their memberships as the access policy reads them on each
        request (the selector is given a user it knows nothing of yet, as a request is)."""
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(
                self._sql(
                    "SELECT m.role, m.organization_id, o.kind FROM accounts_membership m "
                    "JOIN organizations_organization o ON o.id = m.organization_id "
                    "WHERE m.user_id = %s AND m.is_active AND o.is_active"
                ),
                [user_id],
            )
            memberships = cursor.fetchall()
            held = [(role, org) for role, org, kind in memberships if role in self.staff_roles.get(kind, ())]
            receives = sorted(org for role, org, kind in memberships if role in self.receive_roles.get(kind, ()))
            frontier = {org for role, org in held if role == "chair"}
            chaired = set(frontier)
            while frontier:
                marks = _marks(sorted(frontier))
                cursor.execute(
                    self._sql(f"SELECT id FROM organizations_organization WHERE parent_id IN ({marks})"),
                    sorted(frontier),
                )
                frontier = {row[0] for row in cursor.fetchall()} - chaired
                chaired |= frontier
        finally:
            cursor.close()
        own = {org for _role, org in held}
        judges = sorted(org for role, org in held if role == "judge")
        return Scope(sorted(own | chaired), judges, sorted(own), receives)

    def _on_case(self, user_id: int) -> tuple[str, list[Any]]:
        marks = ", ".join(["%s"] * len(self.roles))
        sql = (
            "SELECT p.case_id FROM cases_participant p JOIN cases_party y ON y.id = p.party_id "
            f"WHERE y.user_id = %s AND p.removed_at IS NULL AND p.role IN ({marks})"
        )
        return sql, [user_id, *self.roles]

    def where(self, user_id: int, scope: Scope, filters: dict[str, Any], today: dt.date) -> tuple[str, list[Any]]:
        """The WHERE clause. Court staff see the cases of their courts, restricted ones only when on
        them (as the judge or clerk of a court they serve in, or as a participant); others see the
        cases they take part in. The courts come from the user's memberships, read beforehand as the
        selector reads them; the demo users take part in no case outside their courts."""
        on_case, on_params = self._on_case(user_id)
        if not scope.courts:
            return self._filters([f"c.id IN ({on_case})"], list(on_params), filters, today, user_id, scope)
        clauses = [f"c.holder_id IN ({_marks(scope.courts)})"]
        params: list[Any] = [*scope.courts]
        mine = ["c.confidentiality = 'normal'"]
        if scope.judge_courts:
            mine.append(f"(c.judge_id = %s AND c.holder_id IN ({_marks(scope.judge_courts)}))")
            params += [user_id, *scope.judge_courts]
        if scope.clerk_courts:
            mine.append(f"(c.clerk_id = %s AND c.holder_id IN ({_marks(scope.clerk_courts)}))")
            params += [user_id, *scope.clerk_courts]
        # The cases the user takes part in, computed once (PostgreSQL would otherwise test a hashed
        # subplan row by row and lose the better join order for the other filters).
        mine.append(f"c.id = ANY(ARRAY({on_case}))" if self.postgres else f"c.id IN ({on_case})")
        clauses.append("(" + " OR ".join(mine) + ")")
        return self._filters(clauses, params + list(on_params), filters, today, user_id, scope)

    def _filters(
        self,
        clauses: list[str],
        params: list[Any],
        filters: dict[str, Any],
        today: dt.date,
        user_id: int,
        scope: Scope,
    ) -> tuple[str, list[Any]]:
        for name, column in (
            ("holder", "holder_id"),
            ("kind", "kind"),
            ("stage", "stage"),
            ("status", "status"),
            ("judge", "judge_id"),
        ):
            if filters.get(name) is not None:
                clauses.append(f"c.{column} = %s")
                params.append(filters[name])
        if filters.get("received_from"):
            clauses.append("c.received_on >= %s")
            params.append(self._day(filters["received_from"]))
        if filters.get("received_to"):
            clauses.append("c.received_on <= %s")
            params.append(self._day(filters["received_to"]))
        if filters.get("overdue"):
            clauses.append("c.status = 'open' AND c.due_on < %s")
            params.append(self._day(today))
        q = str(filters.get("q", "")).strip()
        if q:
            found, found_params = self._search(q, user_id, scope)
            clauses.append(f"c.id IN ({found})")
            params += found_params
        return " AND ".join(clauses), params

    def _search(self, q: str, user_id: int, scope: Scope) -> tuple[str, list[Any]]:
        """The cases ``q`` finds, as one subquery: the parts of their numbers, the words of their
        parties' names (the longest looked up, the others checked per party), and the identity
        number in the cases whose parties' details the user may see (the organizations they staff,
        or the prosecution's cases, which the demo's court staff are not)."""
        from adalat.core.text import number_key, prefix_upper_bound, search_words  # noqa: PLC0415
        from adalat.jurisdictions.current import get_pack  # noqa: PLC0415

        def word(column: str, value: str) -> tuple[str, list[Any]]:
            if len(value) == 1:
                return f"{column} = %s", [value]
            if self.postgres:
                return f"{column} LIKE %s", [value + "%"]  # words hold no % nor _
            return f"{column} >= %s AND {column} < %s", [value, prefix_upper_bound(value)]

        branches: list[str] = []
        params: list[Any] = []
        if any(ch.isdigit() for ch in q):
            branches.append("SELECT n.case_id FROM cases_casenumberpart n WHERE n.part = %s")
            params.append(number_key(q))
        words = sorted(search_words(q), key=len, reverse=True)
        if words:
            match, match_params = word("w.word", words[0])
            for other in words[1:]:
                other_match, other_params = word("v.word", other)
                match += (
                    f" AND EXISTS (SELECT 1 FROM cases_partyword v WHERE v.party_id = w.party_id AND {other_match})"
                )
                match_params += other_params
            branches.append(
                "SELECT p.case_id FROM cases_participant p WHERE p.removed_at IS NULL AND p.party_id IN "
                f"(SELECT w.party_id FROM cases_partyword w WHERE {match})"
            )
            params += match_params
        identity = q.upper()
        if re.fullmatch(get_pack().header.formats.national_id.pattern, identity):
            # One statement per reason the user may see the parties' details: the prosecution's
            # cases, those of the organizations they staff, those on their way to them.
            prosecution = [r.code for r in get_pack().header.participant_roles if r.acts_as in ORGANIZATION_ROLES]
            holder = (
                "SELECT p.case_id FROM cases_participant p JOIN cases_party y ON y.id = p.party_id "
                "JOIN cases_case d ON d.id = p.case_id WHERE p.removed_at IS NULL AND y.national_id = %s AND "
            )
            branches.append(
                holder + "d.receiving_id IS NULL AND d.id IN (SELECT o.case_id FROM cases_participant o "
                "JOIN cases_party z ON z.id = o.party_id "
                f"WHERE z.user_id = %s AND o.role IN ({_marks(prosecution)}) AND o.removed_at IS NULL)"
            )
            params += [identity, user_id, *prosecution]
            for column, organizations in (("holder_id", scope.courts), ("receiving_id", scope.receives)):
                if organizations:
                    branches.append(holder + f"d.{column} IN ({_marks(organizations)})")
                    params += [identity, *organizations]
        return " UNION ALL ".join(branches), params

    def _day(self, day: dt.date) -> Any:
        return day if self.postgres else day.isoformat()

    def _sql(self, sql: str) -> str:
        return sql if self.postgres else sql.replace("%s", "?")

    def page_and_count(self, where: str, params: list[Any]) -> tuple[list[int], int]:
        """The first page (one row more, to know whether another follows) and, when another does,
        the bounded count: as the pages and the API do."""
        page = (
            "SELECT c.*, o.*, u.* FROM cases_case c JOIN organizations_organization o ON o.id = c.holder_id "
            f"LEFT JOIN accounts_user u ON u.id = c.judge_id WHERE {where} "
            f"ORDER BY c.received_on DESC, c.id DESC LIMIT {PAGE + 1}"
        )
        count = f"SELECT COUNT(*) FROM (SELECT 1 FROM cases_case c WHERE {where} LIMIT 10001) t"
        cursor = self.connection.connection.cursor()  # the driver's own cursor
        try:
            cursor.execute(self._sql(page), params)
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) <= PAGE:
                return ids, len(ids)
            cursor.execute(self._sql(count), params)
            return ids[:PAGE], min(int(cursor.fetchone()[0]), 10000)  # as bounded_count says it
        finally:
            cursor.close()


# --- plans -------------------------------------------------------------------------------------


def plan_verdict(connection: Any, statements: list[str]) -> tuple[str, str]:
    """How the statements that read cases_case reach it: "index" when every access to the table
    is an index search, "index scan" when one walks a whole index of it, "FULL SCAN" when one
    reads the table itself (SQLite ``SCAN cases_case`` without an index, PostgreSQL ``Seq Scan``)."""
    notes: list[str] = []
    verdict = "index"
    for sql in statements:
        if "cases_case" not in sql:
            continue
        aliases = {"cases_case"} | set(re.findall(r'"cases_case"\s+(?:AS\s+)?"?(\w+)"?', sql))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN " + sql)
                lines = [row[0] for row in cursor.fetchall()]
                full = [line for line in lines if re.search(r"Seq Scan on cases_case\b", line)]
                walks: list[str] = []
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                lines = [row[-1] for row in cursor.fetchall()]
                scans = [line for line in lines if (m := re.match(r"\s*SCAN (\w+)", line)) and m.group(1) in aliases]
                full = [line for line in scans if "INDEX" not in line]
                walks = [line for line in scans if "INDEX" in line]
        indexes = re.findall(r"\b(case_\w+|cases_case_\w+|sqlite_autoindex_cases_case_\w+)", "\n".join(lines))
        if full:
            verdict = "FULL SCAN"
            notes.append(full[0].strip())
        elif walks:
            verdict = "index scan" if verdict == "index" else verdict
            notes.append(walks[0].strip())
        elif indexes:
            notes.append(indexes[0])
    return verdict, ", ".join(dict.fromkeys(notes)) or "-"


# --- the run -------------------------------------------------------------------------------------


def run(cases: int, repeat: int) -> int:
    from django.db import connection, transaction  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from adalat.accounts import access  # noqa: PLC0415
    from adalat.accounts.models import Membership, User  # noqa: PLC0415
    from adalat.accounts.tokens import token_create  # noqa: PLC0415
    from adalat.cases.models import Case, Participant  # noqa: PLC0415
    from adalat.cases.selectors import CaseFilters, case_list  # noqa: PLC0415
    from adalat.cases.workflow import pack_today  # noqa: PLC0415
    from adalat.core.pagination import page_of  # noqa: PLC0415
    from adalat.core.roles import Role  # noqa: PLC0415
    from adalat.jurisdictions.current import get_pack  # noqa: PLC0415

    vendor = connection.vendor
    users = {u.username: u for u in User.objects.filter(username__in=["clerk", "judge1", "chair", "lawyer"])}
    court_id = Membership.objects.get(user=users["clerk"]).organization_id
    today = pack_today()
    middle = Case.objects.filter(holder_id=court_id).order_by("id").values_list("id", flat=True)
    some_case = middle[middle.count() // 2]
    in_court = Case.objects.filter(holder_id=court_id, id__gte=some_case).order_by("id")
    number = in_court.values_list("number", flat=True)[0]
    named = Participant.objects.filter(case__holder_id=court_id, party__kind="person", role="plaintiff").order_by("-id")
    name = named.values_list("party__name", flat=True)[0]
    identified = Participant.objects.filter(case__holder_id=court_id, role="plaintiff", party__kind="person")
    identified = identified.exclude(party__national_id="")
    searched = Searched(
        number=number,
        part=str(int(re.findall(r"\d+", number)[-1])),
        name=" ".join(name.split()[:2]),
        word=name.split()[1],
        national_id=identified.order_by("-id").values_list("party__national_id", flat=True)[0],
    )
    pack = get_pack()
    acting = [r.code for r in pack.header.participant_roles if r.acts_as is not None]
    holders = pack.header.holders.items()
    staff_roles = {kind.value: {role.value for role in holder.staff} for kind, holder in holders}
    receive_roles = {kind.value: {role.value for role in holder.receives} for kind, holder in holders}
    hand = HandWritten(connection, acting, staff_roles, receive_roles)
    with transaction.atomic():
        tokens = {
            username: token_create(actor=user, user=user, name="case list benchmark", scopes=["cases:read"], days=1)[1]
            for username, user in users.items()
        }
    scopes = {
        username: Scope(
            sorted(access.staff_ids(user)),
            sorted(access.court_ids(user, {Role.JUDGE})),
            sorted(access.holding_ids(user)),
            sorted(access.holding_ids(user, "receives")),
        )
        for username, user in users.items()
    }

    def pk_fetch() -> Any:
        return Case.objects.get(pk=some_case)

    rows: list[list[object]] = []
    failures: list[str] = []
    worst_selector = worst_api = 0.0
    all_indexed = True
    print(f"\n{vendor}: {Case.objects.count():,} cases; {repeat} rounds per query, median ms")
    for query in queries(court_id, users["judge1"].pk, searched, today):
        user = users[query.user]
        filters = CaseFilters(**query.filters)
        where, params = hand.where(user.pk, scopes[query.user], query.filters, today)
        client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {tokens[query.user]}")
        api_params = {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v).lower() if isinstance(v, bool) else v)
            for k, v in query.filters.items()
        }

        def raw(user: Any = user, filters: dict[str, Any] = query.filters) -> Any:
            scope = hand.scope_of(user.pk)  # who the user is, as the selector finds out per request
            return hand.page_and_count(*hand.where(user.pk, scope, filters, today))

        def raw_query(where: str = where, params: list[Any] = params) -> Any:
            return hand.page_and_count(where, params)

        def selector(user: Any = user, filters: Any = filters) -> Any:
            fresh = User(**{f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields})
            cases_ = case_list(user=fresh, filters=filters)  # as in a request: nothing known of the user yet
            rows, count, _exact, _more = page_of(cases_, 1, PAGE)
            return [c.pk for c in rows], count

        def api(client: Any = client, api_params: dict[str, Any] = api_params) -> Any:
            response = client.get("/api/v1/cases", api_params)
            if response.status_code != 200:
                raise RuntimeError(f"the API answered {response.status_code}: {response.content[:200]!r}")
            body = response.json()
            return [item["id"] for item in body["items"]], body["count"]

        try:
            results = {"raw": raw(), "query": raw_query(), "selector": selector(), "api": api()}
        except Exception as error:  # a failed call is a failure of the benchmark, not a blank cell
            failures.append(f"{query.name}: {error}")
            print(f"  {query.name}: FAILED ({error})", flush=True)
            continue
        if len({repr(value) for value in results.values()}) != 1:
            failures.append(f"{query.name}: the three ways give different pages or counts")
        medians = harness.interleaved(
            {"pk fetch": pk_fetch, "raw": raw, "raw_query": raw_query, "selector": selector, "api": api}, repeat
        )
        with CaptureQueriesContext(connection) as captured:
            selector()
        verdict, plan = plan_verdict(connection, [q["sql"] for q in captured.captured_queries])
        all_indexed &= verdict == "index"
        baseline = medians["raw"] + medians["pk fetch"]
        ratio_selector = medians["selector"] / baseline
        ratio_api = medians["api"] / baseline
        worst_selector = max(worst_selector, ratio_selector)
        worst_api = max(worst_api, ratio_api)
        rows.append(
            [
                query.name,
                results["raw"][1],
                f"{medians['raw_query']:.2f}",
                f"{medians['raw']:.2f}",
                f"{medians['pk fetch']:.2f}",
                f"{medians['selector']:.2f}",
                f"{ratio_selector:.2f}",
                f"{medians['api']:.2f}",
                f"{ratio_api:.2f}",
                verdict,
                plan,
            ]
        )
        print(f"  {query.name}: done", flush=True)
    headers = [
        "query",
        "rows",
        "query ms",
        "raw ms",
        "pk fetch ms",
        "selector ms",
        "sel/base",
        "API ms",
        "API/base",
        "cases_case by",
        "plan notes",
    ]
    print()
    print(harness.table(headers, rows))
    print(
        f"\nbaseline = raw + one ORM primary-key fetch. worst selector/baseline {worst_selector:.2f} "
        f"(goal <= {GOAL_SELECTOR}); worst API/baseline {worst_api:.2f} (goal <= {GOAL_API}); "
        f"every access to cases_case by index: {'yes' if all_indexed else 'NO'}"
    )
    missed = [
        *failures,
        *([f"selector {worst_selector:.2f} x baseline > {GOAL_SELECTOR}"] if worst_selector > GOAL_SELECTOR else []),
        *([f"API {worst_api:.2f} x baseline > {GOAL_API}"] if worst_api > GOAL_API else []),
        *(["a query reads cases_case without an index"] if not all_indexed else []),
    ]
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
