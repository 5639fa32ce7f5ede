"""Loading cases in bulk: parties, cases, participants, events, deadlines, number counters, and the
search index of the parties' names and the case numbers.

This is a data load (the demo data, a migration from an older system), not the activity of
someone using Adalat. Each case is described by its history (registered, judge assigned,
the steps it went through); the loader applies the workflow rules the services apply (the
pack's numbering, the steps' stages and roles, deadlines on the court's calendar) and writes
the rows the services would have written, without an audit entry per row: the caller writes
one audit entry that summarises the load. It does not check the fields' contents (names,
titles, contacts) as the services do: its input is generated or already validated.

Rows are built in Python as tuples with ids given here, so that children refer to their
parents without a round trip, and written in large batches: ``executemany`` on SQLite,
``COPY ... FROM STDIN`` on PostgreSQL. The caller owns the transaction; the load must run
alone (on PostgreSQL the tables are locked against other writers until it commits).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from adalat.core.roles import Role
from adalat.core.text import number_parts, search_key, search_words
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, DeadlineStart, Stage, StageStatus, Transition, deadline_code
from adalat.organizations.models import Organization

from . import deadlines
from .deadlines import Clock, Place
from .events import type_of
from .models import (
    Case,
    CaseEvent,
    CaseNumber,
    CaseNumberCounter,
    CaseNumberPart,
    Deadline,
    Participant,
    Party,
    PartyWord,
)
from .numbering import number_scope, number_text
from .workflow import transition_refusal

PARTY_COLUMNS = (
    "id",
    "kind",
    "name",
    "search_name",
    "national_id",
    "birth_date",
    "email",
    "phone",
    "address",
    "postal_code",
    "messaging",
    "e_service_consent",
    "e_service_consent_at",
    "user_id",
    "organization_id",
    "created_at",
)
CASE_COLUMNS = (
    "id",
    "number",
    "holder_id",
    "receiving_id",
    "kind",
    "stage",
    "status",
    "confidentiality",
    "language",
    "title",
    "articles",
    "category",
    "judge_id",
    "clerk_id",
    "received_on",
    "registered_at",
    "stage_entered_at",
    "due_on",
    "resolved_on",
    "closed_at",
    "registered_by_id",
    "version",
)
SQLITE_LOAD_CACHE_KIB = -1_048_576  # 1 GiB of page cache while loading (negative: in KiB)
PARTICIPANT_COLUMNS = ("id", "case_id", "party_id", "role", "added_at", "removed_at")
EVENT_COLUMNS = ("id", "case_id", "at", "actor_id", "code", "audience", "from_stage", "to_stage", "data")
DEADLINE_COLUMNS = (
    "id",
    "case_id",
    "stage",
    "code",
    "basis",
    "unit",
    "amount",
    "starts_on",
    "due_on",
    "due_at",
    "paused_at",
    "remaining",
    "closed_at",
    "met",
)
NUMBER_COLUMNS = ("id", "case_id", "number", "organization_id", "assigned_at")
# The search index (``search``): the words of the parties' names, the parts of the case numbers.
WORD_COLUMNS = ("party_id", "word")
NUMBER_PART_COLUMNS = ("part", "case_id")
TABLES: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (Party, PARTY_COLUMNS),
    (PartyWord, WORD_COLUMNS),
    (Case, CASE_COLUMNS),
    (CaseNumber, NUMBER_COLUMNS),
    (CaseNumberPart, NUMBER_PART_COLUMNS),
    (Participant, PARTICIPANT_COLUMNS),
    (CaseEvent, EVENT_COLUMNS),
    (Deadline, DEADLINE_COLUMNS),
)


class LoadError(ValueError):
    """A case history that the services would not have let happen."""


@dataclass(frozen=True, slots=True)
class _Standing:
    """What the workflow's rules read of a case being replayed."""

    state: _Open

    @property
    def stage(self) -> str:
        return self.state.stage.code

    @property
    def receiving_id(self) -> None:
        return None

    @property
    def judge_id(self) -> int | None:
        return self.state.judge_id


@dataclass(frozen=True, slots=True)
class ParticipantPlan:
    party_id: int
    name: str  # the party's name, as the event of its addition shows it
    role: str


@dataclass(frozen=True, slots=True)
class StepPlan:
    """One transition of the pack's workflow, made at ``at`` by ``actor_id`` acting as ``actor_role``."""

    action: str
    at: dt.datetime
    actor_id: int
    actor_role: Role


@dataclass(slots=True)
class CasePlan:
    """A case's history: registered at ``registered_at`` by ``clerk_id``, its participants added
    then, its judge assigned at ``judge_assigned_at``, and the steps it took since."""

    court: Organization
    kind: str
    title: str
    received_on: dt.date
    registered_at: dt.datetime
    clerk_id: int
    confidentiality: str = Case.Confidentiality.NORMAL
    language: str = ""  # the pack's first when empty
    articles: list[str] = field(default_factory=list)
    category: str = ""
    judge_id: int | None = None
    judge_name: str = ""
    judge_assigned_at: dt.datetime | None = None
    participants: list[ParticipantPlan] = field(default_factory=list)
    steps: list[StepPlan] = field(default_factory=list)
    case_id: int | None = None  # given by the loader


@dataclass(slots=True)
class _Open:
    """The state of a case while its history is replayed."""

    stage: Stage
    entered_at: dt.datetime
    clocks: list[Clock] = field(default_factory=list)  # the case's deadlines, as the services keep them
    resolved_on: dt.date | None = None
    closed_at: dt.datetime | None = None
    version: int = 1
    last_at: dt.datetime = field(default_factory=lambda: dt.datetime.min.replace(tzinfo=dt.UTC))
    judge_id: int | None = None


def _check_columns(model: type[Model], columns: tuple[str, ...]) -> None:
    actual = {str(f.column) for f in model._meta.concrete_fields}
    if actual != set(columns):
        raise RuntimeError(
            f"{model._meta.db_table}: the loader writes {sorted(columns)}, the table has {sorted(actual)}"
        )


def _numbered(model: type[Model]) -> bool:
    """Whether the table's rows have ids of their own (the search index's rows have none)."""
    return model._meta.pk is not None and model._meta.pk.column == "id"


def _json(value: Any) -> str:
    return json.dumps(value) if value else "{}" if isinstance(value, dict) else "[]"


class CaseBulkWriter:
    """Writes cases described as ``CasePlan`` and parties, batch by batch.

    Use as a context manager inside ``transaction.atomic()``::

        with transaction.atomic(), CaseBulkWriter(now=clock.now()) as writer:
            party = writer.party_add(kind="person", name="...", created_at=...)
            writer.case_add(CasePlan(...))

    Leaving the block writes what is left, moves each number counter to the last number
    given, brings the id sequences past the new rows and refreshes the planner's statistics.
    """

    def __init__(
        self,
        *,
        now: dt.datetime,
        batch_size: int = 20_000,
        check_references_at_end: bool = False,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        """``check_references_at_end``: on PostgreSQL, take the loaded tables' foreign keys off for
        the load and put them back at the end, so that every reference is checked in one pass
        rather than row by row when the transaction commits. Worth it for large loads; the
        tables are locked against everyone until the load commits."""
        self.tables = list(TABLES)  # and those of other modules loaded with the cases (``table_add``)
        for model, columns in self.tables:
            _check_columns(model, columns)
        self.now = now
        self.batch_size = batch_size
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self.check_references_at_end = check_references_at_end
        self._foreign_keys: list[tuple[str, str, str]] = []
        self.pack = get_pack()
        self.counts = dict.fromkeys(("parties", "cases", "participants", "events", "deadlines"), 0)
        self._rows: dict[type[Model], list[tuple[Any, ...]]] = {model: [] for model, _ in TABLES}
        self._next: dict[type[Model], int] = {}
        self._counters: dict[str, int] = {}
        self._counters_before: dict[str, int] = {}
        self._scope_last: dict[str, dt.datetime] = {}
        self._scopes: dict[tuple[int, str, int], str] = {}
        self._deadlines: dict[tuple[int, str, str, dt.date], Clock] = {}
        self._places: dict[int, Place] = {}
        self._zones: dict[str, ZoneInfo] = {}
        self._transitions: dict[tuple[str, str], Transition] = {}
        self._audiences: dict[str, str] = {}
        self._sqlite_cache_size: int | None = None
        self._started = False
        self.write_seconds = 0.0  # time spent writing the batches, for the load's report

    def table_add(self, model: type[Model], columns: tuple[str, ...]) -> None:
        """Load another module's table with the cases (documents, say): its rows (``row_add``, with
        ids from ``new_id``) are written after the cases' in each batch, and its id sequence,
        statistics and references are kept as the cases' are. Call before the load starts."""
        if self._started:
            raise RuntimeError("Add the tables before the load starts.")
        _check_columns(model, columns)
        self.tables.append((model, columns))
        self._rows[model] = []

    # --- the load's frame -----------------------------------------------------------------

    def __enter__(self) -> CaseBulkWriter:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if exc is None:
            self.finish()
        else:
            self._restore()

    def start(self) -> None:
        if not self.connection.in_atomic_block:
            raise RuntimeError("Load cases inside transaction.atomic(): the load commits or rolls back as one.")
        with self.connection.cursor() as cursor:
            if self.postgres:
                tables = ", ".join(model._meta.db_table for model, _ in self.tables)
                cursor.execute(f"LOCK TABLE {tables}, {CaseNumberCounter._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
                if self.check_references_at_end:
                    self._foreign_keys_drop(cursor)
            else:
                # A large page cache keeps the indexes being filled in memory; restored afterwards.
                cursor.execute("PRAGMA cache_size")
                self._sqlite_cache_size = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size={SQLITE_LOAD_CACHE_KIB}")
            for model, _ in self.tables:
                if _numbered(model):
                    self._next[model] = self._first_free_id(cursor, model._meta.db_table)
        self._counters_before = dict(CaseNumberCounter.objects.values_list("scope", "last"))
        self._counters = dict(self._counters_before)
        self._started = True

    def _foreign_keys_drop(self, cursor: Any) -> None:
        """Take off the loaded tables' foreign keys; ``_foreign_keys_add`` puts them back."""
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid::regclass::text, conname",
            [[model._meta.db_table for model, _ in self.tables]],
        )
        self._foreign_keys = [(str(t), str(n), str(d)) for t, n, d in cursor.fetchall()]
        # What this transaction wrote before the load is checked now: a table with checks
        # still pending cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in self._foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

    def _foreign_keys_add(self, cursor: Any) -> None:
        """Put the foreign keys back: PostgreSQL checks every row in one pass, and the load
        fails (and rolls back) if a row refers to nothing."""
        for table, name, definition in self._foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as they are declared (Django's are deferred)
        self._foreign_keys = []

    def _first_free_id(self, cursor: Any, table: str) -> int:
        """Past every id in use and every id the table's sequence has given out."""
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 (table names from models)
        highest = cursor.fetchone()[0] or 0
        if self.postgres:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        given = cursor.fetchone()
        return max(highest, given[0] if given else 0) + 1

    def finish(self) -> None:
        """Write what is left, the counters, the id sequences and the statistics."""
        self.flush()
        changed = {scope: last for scope, last in self._counters.items() if self._counters_before.get(scope) != last}
        existing = set(self._counters_before)
        for scope, last in changed.items():
            if scope in existing:
                CaseNumberCounter.objects.filter(scope=scope).update(last=last)
        CaseNumberCounter.objects.bulk_create(
            CaseNumberCounter(scope=scope, last=last) for scope, last in changed.items() if scope not in existing
        )
        with self.connection.cursor() as cursor:
            if self._foreign_keys:
                self._foreign_keys_add(cursor)
            for model, _ in self.tables:
                table = model._meta.db_table
                if self.postgres and _numbered(model):
                    cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608
                    highest = cursor.fetchone()[0]
                    if highest is not None:
                        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest])
                if self.postgres:
                    cursor.execute(f"ANALYZE {table}")
            if not self.postgres:
                cursor.execute("PRAGMA analysis_limit=1000")
                cursor.execute("ANALYZE")
        self._restore()

    def _restore(self) -> None:
        if self._sqlite_cache_size is not None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size={self._sqlite_cache_size}")
            self._sqlite_cache_size = None

    # --- ids, times and batches ------------------------------------------------------------

    def _id(self, model: type[Model]) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def new_id(self, model: type[Model]) -> int:
        """The id of a new row of a table added with ``table_add``."""
        return self._id(model)

    def row_add(self, model: type[Model], row: tuple[Any, ...]) -> None:
        """A row of a table added with ``table_add``, its times as ``moment`` and ``day`` give them."""
        self._add(model, row)

    def moment(self, value: dt.datetime | None) -> Any:
        return self._moment(value)

    def day(self, value: dt.date | None) -> Any:
        return self._day(value)

    def _moment(self, value: dt.datetime | None) -> Any:
        """A datetime as the database takes it: aware for psycopg, Django's UTC text for SQLite."""
        if value is None or self.postgres:
            return value
        if value.tzinfo is not dt.UTC:
            value = value.astimezone(dt.UTC)
        return value.isoformat(" ")[:-6]  # without "+00:00", as Django stores it

    def _day(self, value: dt.date | None) -> Any:
        if value is None or self.postgres:
            return value
        return value.isoformat()

    def _local_day(self, court: Organization, at: dt.datetime) -> dt.date:
        zone = self._zones.get(court.time_zone)
        if zone is None:
            zone = self._zones[court.time_zone] = ZoneInfo(court.time_zone)
        return at.astimezone(zone).date()

    def flush(self) -> None:
        """Write the rows gathered so far, parents before children."""
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            for model, columns in self.tables:
                rows = self._rows[model]
                if not rows:
                    continue
                table = model._meta.db_table
                names = ", ".join(columns)
                if self.postgres:
                    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
                rows.clear()
        self.write_seconds += time.perf_counter() - started

    def _add(self, model: type[Model], row: tuple[Any, ...] | list[Any]) -> None:
        self._rows[model].append(row)  # type: ignore[arg-type]

    # --- parties ----------------------------------------------------------------------------

    def party_add(
        self,
        *,
        kind: str,
        name: str,
        created_at: dt.datetime,
        national_id: str = "",
        birth_date: dt.date | None = None,
        email: str = "",
        phone: str = "",
        address: str = "",
        postal_code: str = "",
        messaging: dict[str, str] | None = None,
        e_service_consent: bool = False,
        user_id: int | None = None,
        organization_id: int | None = None,
    ) -> int:
        """A new party; returns its id, for the participants of the cases that follow."""
        if kind not in Party.Kind.values:
            raise LoadError(f"unknown kind of party {kind!r}")
        name = " ".join(name.split())
        party_id = self._id(Party)
        self._add(
            Party,
            (
                party_id,
                kind,
                name,
                search_key(name),
                national_id.upper(),
                self._day(birth_date),
                email,
                phone,
                address,
                postal_code,
                _json(messaging or {}),
                e_service_consent,
                self._moment(created_at) if e_service_consent else None,
                user_id,
                organization_id,
                self._moment(created_at),
            ),
        )
        for word in search_words(name):
            self._add(PartyWord, (party_id, word))
        self.counts["parties"] += 1
        return party_id

    # --- cases --------------------------------------------------------------------------------

    def _number(self, plan: CasePlan, kind: CaseKind) -> str:
        court = plan.court
        holder = self.pack.holder(court.kind)
        if holder is None or holder.numbering is None:
            raise LoadError(f"{court.code} does not number cases")
        year = self._local_day(court, plan.registered_at).year
        key = (court.id, kind.code, year)
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = number_scope(holder.numbering, org=court, kind=kind, year=year)
        previous = self._scope_last.get(scope)
        if previous is not None and plan.registered_at < previous:
            raise LoadError(f"cases of {scope} must come in the order they were registered")
        self._scope_last[scope] = plan.registered_at
        seq = self._counters.get(scope, 0) + 1
        self._counters[scope] = seq
        return number_text(holder.numbering, org=court, kind=kind, year=year, seq=seq)

    def place(self, organization: Organization) -> Place:
        """Where the organization counts its deadlines, read once per load."""
        found = self._places.get(organization.pk)
        if found is None:
            found = self._places[organization.pk] = Place.of(organization)
        return found

    def _entered(self, plan: CasePlan, stage: Stage, at: dt.datetime, skip: set[str]) -> list[Clock]:
        """``deadlines.on_entry``, remembered by start day for the deadlines counted in days."""
        place = self.place(plan.court)
        started = []
        for spec in stage.deadlines:
            code = deadline_code(stage, spec)
            if spec.start == DeadlineStart.EVENT or code in skip:
                continue
            start_day = plan.received_on if spec.start == DeadlineStart.RECEIVED else place.day(at)
            key = (plan.court.pk, plan.kind, f"{stage.code}/{code}", start_day)
            clock = self._deadlines.get(key) if spec.hours is None else None
            if clock is None:
                received = plan.received_on
                clock = deadlines.start(stage=stage, spec=spec, place=place, received_on=received, started_at=at)
                if spec.hours is None:
                    self._deadlines[key] = clock
            started.append(replace(clock))
        return started

    def stage_due(self, plan: CasePlan, stage: Stage, at: dt.datetime) -> dt.date | None:
        """When a case of ``plan`` entering ``stage`` at ``at`` must leave it (its earliest deadline)."""
        return deadlines.current_due(self._entered(plan, stage, at, skip=set()))

    def _deadline_rows(self, case_id: int, clocks: list[Clock]) -> None:
        for c in clocks:
            row = (
                self._id(Deadline),
                case_id,
                c.stage,
                c.code,
                c.basis,
                c.unit,
                c.amount,
                self._day(c.starts_on),
                self._day(c.due_on),
                self._moment(c.due_at),
                self._moment(c.paused_at),
                c.remaining,
                self._moment(c.closed_at),
                c.met,
            )
            self._add(Deadline, row)
            self.counts["deadlines"] += 1

    def _event(
        self,
        case_id: int,
        moment: Any,
        actor_id: int | None,
        code: str,
        data: str,
        from_stage: str = "",
        to_stage: str = "",
    ) -> None:
        """An event at ``moment`` (as ``_moment`` gives it) with its payload ``data`` already in JSON,
        as ``recording.case_event_record`` writes it."""
        audience = self._audiences.get(code)
        if audience is None:
            audience = self._audiences[code] = type_of(code).audience.value
        row = (self._id(CaseEvent), case_id, moment, actor_id, code, audience, from_stage, to_stage, data)
        self._add(CaseEvent, row)
        self.counts["events"] += 1

    def event_add(self, *, case_id: int, at: dt.datetime, actor_id: int | None, code: str, data: str) -> None:
        """An event a module records on a loaded case (``document_added``...), its payload ``data``
        already in JSON as its type's schema gives it (identifiers only), as the services record it."""
        self._event(case_id, self._moment(at), actor_id, code, data)

    def _transition(self, kind: CaseKind, action: str) -> Transition:
        key = (kind.code, action)
        found = self._transitions.get(key)
        if found is None:
            try:
                found = self._transitions[key] = kind.transition(action)
            except KeyError:
                raise LoadError(f"a {kind.code} case has no step {action!r}") from None
        return found

    def _step(self, plan: CasePlan, kind: CaseKind, case_id: int, state: _Open, step: StepPlan) -> None:
        transition = self._transition(kind, step.action)
        if transition.handover is not None:
            raise LoadError(f"{step.action} sends the case to another organization: the loader does not replay that")
        judged = plan.judge_id is not None and plan.judge_assigned_at is not None and plan.judge_assigned_at <= step.at
        state.judge_id = plan.judge_id if judged else None
        refusal = transition_refusal(acting={step.actor_role}, case=_Standing(state), transition=transition)
        if refusal is not None:
            reasons = {
                "wrong_stage": f"{step.action} is not possible from {state.stage.code}",
                "role": f"a {step.actor_role} may not {step.action}",
            }
            raise LoadError(reasons.get(refusal.code, f"{step.action} needs {refusal.code} first"))
        if step.actor_role == Role.JUDGE and step.actor_id != plan.judge_id:
            raise LoadError("only the case's judge acts on it as judge")
        if step.at < state.last_at or step.at > self.now:
            raise LoadError("steps must follow each other in time, up to now")
        if transition.extends:
            raise LoadError(f"{step.action} extends a deadline: the loader does not replay that")
        court = plan.court
        target = kind.stage(transition.to)
        previous = state.stage
        # The services' rules: leaving a stage closes its deadlines, met if not yet past; a suspension
        # pauses those that pause; coming back resumes them.
        resumed = deadlines.settle(state.clocks, source=previous, target=target, place=self.place(court), at=step.at)
        if previous.code != target.code:
            state.clocks += self._entered(plan, target, step.at, skip=resumed)
        state.stage, state.entered_at, state.last_at = target, step.at, step.at
        if target.resolves and state.resolved_on is None:
            state.resolved_on = self._local_day(court, step.at)
        state.closed_at = step.at if target.status == StageStatus.CLOSED else None
        state.version += 1
        data = f'{{"action": {json.dumps(step.action)}}}'
        self._event(case_id, self._moment(step.at), step.actor_id, "transition", data, previous.code, target.code)

    def case_add(self, plan: CasePlan) -> str:
        """Replay ``plan`` as the services would have recorded it; returns the case's number."""
        if not self._started:
            raise RuntimeError("Start the load first (use the writer as a context manager).")
        kind = self.pack.kinds.get(plan.kind)
        if kind is None:
            raise LoadError(f"unknown kind of case {plan.kind!r}")
        if plan.registered_at > self.now:
            raise LoadError("a case cannot be registered in the future")
        court = plan.court
        first = kind.starting_stage(court.kind)
        if first is None:
            raise LoadError(f"a {kind.code} case does not start at {court.code}")
        number = self._number(plan, kind)
        case_id = plan.case_id = self._id(Case)
        registered = plan.registered_at
        state = _Open(stage=first, entered_at=registered, last_at=registered)
        state.clocks = self._entered(plan, state.stage, registered, skip=set())
        moment = self._moment(registered)
        self._add(CaseNumber, (self._id(CaseNumber), case_id, number, court.pk, moment))
        for part in number_parts(number):
            self._add(CaseNumberPart, (part, case_id))
        registered_data = {"kind": kind.code, "holder": court.pk, "confidentiality": plan.confidentiality}
        self._event(case_id, moment, plan.clerk_id, "registered", _json(registered_data), to_stage=state.stage.code)
        judge_event: str | None = None
        if plan.judge_id is not None:
            assigned = plan.judge_assigned_at or registered
            if assigned < registered:
                raise LoadError("a judge cannot be assigned before the case is registered")
            judge_data: dict[str, Any] = {"judge": plan.judge_id, "previous": None}
            if assigned != registered:
                state.version += 1  # assigned after registration, as ``case_assign_judge`` records it
            judge_event = _json(judge_data)
            plan.judge_assigned_at = assigned
        if judge_event is not None and plan.judge_assigned_at == registered:
            self._event(case_id, moment, plan.clerk_id, "judge_assigned", judge_event)
            judge_event = None
        seen: set[tuple[int, str]] = set()
        for participant in plan.participants:
            if participant.role not in kind.participant_roles:
                raise LoadError(f"a {kind.code} case has no participant role {participant.role!r}")
            if (participant.party_id, participant.role) in seen:
                raise LoadError(f"{participant.name} is already on the case as {participant.role}")
            seen.add((participant.party_id, participant.role))
            participant_id = self._id(Participant)
            self._add(Participant, (participant_id, case_id, participant.party_id, participant.role, moment, None))
            self.counts["participants"] += 1
            # The JSON that json.dumps gives for {"participant", "party", "role"}, made faster.
            data = (
                f'{{"participant": {participant_id}, "party": {participant.party_id}, '
                f'"role": {json.dumps(participant.role)}}}'
            )
            self._event(case_id, moment, plan.clerk_id, "participant_added", data)
        for step in plan.steps:
            if judge_event is not None and plan.judge_assigned_at is not None and plan.judge_assigned_at <= step.at:
                self._event(case_id, self._moment(plan.judge_assigned_at), plan.clerk_id, "judge_assigned", judge_event)
                judge_event = None
            self._step(plan, kind, case_id, state, step)
        if judge_event is not None and plan.judge_assigned_at is not None:
            if plan.judge_assigned_at > self.now:
                raise LoadError("a judge cannot be assigned in the future")
            self._event(case_id, self._moment(plan.judge_assigned_at), plan.clerk_id, "judge_assigned", judge_event)
        stage = state.stage
        self._deadline_rows(case_id, state.clocks)
        self._add(
            Case,
            (
                case_id,
                number,
                court.pk,
                None,
                kind.code,
                stage.code,
                stage.status.value,
                plan.confidentiality,
                plan.language or self.pack.languages[0],
                plan.title,
                _json(plan.articles),
                plan.category,
                plan.judge_id,
                plan.clerk_id,
                self._day(plan.received_on),
                moment,
                self._moment(state.entered_at),
                self._day(deadlines.current_due(state.clocks)),
                self._day(state.resolved_on),
                self._moment(state.closed_at),
                plan.clerk_id,
                state.version,
            ),
        )
        self.counts["cases"] += 1
        if len(self._rows[Case]) >= self.batch_size:
            self.flush()
        return number
