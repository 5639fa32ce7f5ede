"""A year of criminal cases with people in custody, run through Adalat's own services with a
24-hour outage somewhere in it: does anyone stay in custody past the end of their term?

    python bench/custody.py [--db sqlite|postgres|both] [--cases N] [--seed S] [--outage-at WHEN]

Makes the benchmark's own database (SQLite ``var/bench/custody.sqlite3``, PostgreSQL
``adalat_bench_custody``, made afresh) with a police department (four investigators and a duty
officer), a district court (a clerk and three judges) and a ministry with Adalat's administrator.
Then a discrete-event simulation, seeded (default seed 1), on the clock services read
(``time_machine``), from Monday 4 January 2027 in the pack's time zone:

- N criminal cases (default 300) arrive at random moments over 365 days; each is registered by an
  investigator with its suspect, who is arrested (the pack's ``arrest``, 72 hours) at once;
- people act only while Adalat is up and only on what it shows them: investigators read their
  custody list (``custody_terms``) at 09:00 and 14:00 on working days, the duty officer every 6
  hours for the terms counted in hours. A term first seen in ``warning`` is acted on after a random
  delay (0-8 hours for an arrest, 0-2 working days of office hours for a detention), one first seen
  in ``file_overdue`` (an alarm) within the hour: a motion for detention (60 days) or, unless the
  case goes to court before, for an extension (30 days); 15% of the suspects are released instead
  of being held for the court. A term seen past its end is ended at once;
- the court's clerk receives a motion 0-3 hours after it is sent and assigns a judge, who decides
  it mostly within its 8-hour deadline (85% within 6 hours, 12% in 6-8, 3% in 8-12) and grants
  90%; a refused detention is followed by the suspect's release within the hour, a refused
  extension by the release on the last working day before the end;
- each case goes to court 30-180 days after it arrived: the investigators' part ends there, and
  the measure is lifted in the simulation (the court's own measures are not simulated);
- one 24-hour outage at a random moment of the year (``--outage-at``, local time, to choose it):
  nothing is done during it, what fell due is done in the hour after it, and the administrator
  records it (``outage_record``) a few hours later; an arrest made during it is recorded after it
  from the moment it was made (``measure_apply(started_at=...)``). Every running term's end and
  last moment to file are compared before and after the record: an outage never moves them.

An overrun: a custody measure ended after its end, or still running past it when the run stops,
or an extension the court granted after the end (Adalat refuses it: the person was held without
a title). Prints the figures, each overrun, and the smallest margins between a decision or a
release and the end of the term it concerned. Goal: 0 overruns; exits 1 when there is one or
anything fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import heapq
import itertools
import math
import os
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

if TYPE_CHECKING:
    from adalat.accounts.models import User
    from adalat.cases.models import Case
    from adalat.restraint.models import Measure
    from adalat.restraint.selectors import Standing

SQLITE_FILE = "custody.sqlite3"
POSTGRES_DB = "adalat_bench_custody"
GOAL = 0
ZONE = ZoneInfo("Asia/Almaty")
START = dt.datetime(2027, 1, 4, tzinfo=ZONE)  # a Monday
YEAR = dt.timedelta(days=365)
OUTAGE = dt.timedelta(hours=24)
HOUR = dt.timedelta(hours=1)
OFFICE = (dt.time(9), dt.time(18))
OFFICE_CHECKS = (dt.time(9), dt.time(14))
DUTY_EVERY = dt.timedelta(hours=6)
INVESTIGATORS = 4
JUDGES = 3
ARREST_HOURS, DETENTION_DAYS, EXTENSION_DAYS = 72, 60, 30
RELEASED_INSTEAD = 0.15  # suspects released by the investigator instead of being held for the court
GRANTED = 0.90
TO_COURT_DAYS = (30, 180)
FIGURES = (
    "cases",
    "measures applied: arrest",
    "arrests recorded after the outage",
    "hours in custody before the arrest was recorded, at most",
    "motions filed: detention",
    "motions granted: detention",
    "motions refused: detention",
    "measures applied: detention",
    "motions filed: extension",
    "motions granted: extension",
    "motions refused: extension",
    "extensions granted after the end: refused by Adalat",
    "extensions not sought: to court first",
    "releases: instead of detention",
    "releases: detention refused",
    "releases: at the end, extension refused",
    "releases: past its end",
    "releases: the case went to court",
    "custody lists read",
    "terms first seen in warning",
    "terms first seen in file_overdue",
    "terms seen past their end",
    "acts deferred by the outage",
    "deadlines the outage moved (not custody)",
    "acts the services wrote (motions, decisions)",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--cases", type=int, default=300, help="criminal cases arriving over the year")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--outage-at", type=dt.datetime.fromisoformat, help="when the outage starts, in Asia/Almaty (default: random)"
    )
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    outage_at = (
        args.outage_at.replace(tzinfo=ZONE) if args.outage_at and args.outage_at.tzinfo is None else args.outage_at
    )
    if outage_at is not None and not START <= outage_at <= START + YEAR - OUTAGE:
        parser.error("--outage-at must fall within the simulated year (from 2027-01-04)")
    if args.db == "both":
        databases = ["sqlite"] + (["postgres"] if harness.postgres_answers() else [])
        if len(databases) == 1:
            print("PostgreSQL does not answer at BENCH_POSTGRES_URL; SQLite only.")
        extra = ["--outage-at", outage_at.isoformat()] if outage_at else []
        return harness.run_per_database(
            __file__, ["--cases", str(args.cases), "--seed", str(args.seed), *extra], databases
        )
    documents = harness.BENCH_DIR / f"custody-documents-{args.db}"  # the acts the services write
    shutil.rmtree(documents, ignore_errors=True)
    os.environ["ADALAT_DOCUMENT_DIR"] = str(documents)
    harness.use_database(args.db, SQLITE_FILE, POSTGRES_DB, empty=True)
    return Simulation(cases=args.cases, seed=args.seed, outage_at=outage_at).run()


def local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(ZONE):%Y-%m-%d %H:%M}"


def hours(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 3600


@dataclass
class Person:
    """One case as the simulation follows it: who investigates it, when the suspect was really
    arrested, whether they will be released instead of held, when the case goes to court."""

    number: int
    investigator: User
    arrested_at: dt.datetime
    to_court_at: dt.datetime
    released_instead: bool
    case_id: int = 0
    suspect_id: int = 0
    done: bool = False


@dataclass
class Filed:
    """A motion as the simulation follows it: the term it concerned and when that term ended."""

    person: Person
    motion_id: int
    motion_case_id: int
    extends: bool
    measure_id: int  # the arrest a detention motion would replace, or the detention to extend
    ends_at: dt.datetime


@dataclass
class Tally:
    figures: Counter[str] = field(default_factory=Counter)
    margins: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    overruns: dict[int, list[str]] = field(default_factory=dict)  # by measure

    def margin(self, label: str, ends_at: dt.datetime, at: dt.datetime, where: str) -> None:
        self.margins.setdefault(label, []).append((hours(ends_at - at), where))

    def overrun(self, measure_id: int, note: str) -> None:
        self.overruns.setdefault(measure_id, []).append(note)


class Simulation:
    def __init__(self, *, cases: int, seed: int, outage_at: dt.datetime | None) -> None:
        self.rng = random.Random(seed)
        self.seed, self.count = seed, cases
        start = outage_at or START + dt.timedelta(
            minutes=self.rng.randrange(int((YEAR - OUTAGE).total_seconds() // 60))
        )
        self.outage = (start.astimezone(dt.UTC), start.astimezone(dt.UTC) + OUTAGE)
        self.queue: list[tuple[dt.datetime, int, bool, Callable[[], None]]] = []
        self.order = itertools.count()
        self.tally = Tally()
        self.people: dict[int, Person] = {}  # by case
        self.planned: set[tuple[int, dt.datetime]] = set()  # (measure, its end) already acted on
        self.open = cases
        self.now = START.astimezone(dt.UTC)
        self.before_outage: dict[int, tuple[dt.datetime | None, dt.datetime | None]] = {}
        self.outage_check = ""

    # --- the world -----------------------------------------------------------------------------

    def prepare(self) -> None:
        from adalat.accounts.models import Membership, User  # noqa: PLC0415 (after Django is set up)
        from adalat.cases.deadlines import Place  # noqa: PLC0415
        from adalat.core.roles import Role  # noqa: PLC0415
        from adalat.organizations.models import Organization  # noqa: PLC0415

        def person(username: str, first: str, last: str, organization: Organization, role: Role) -> User:
            user = User.objects.create(username=username, first_name=first, last_name=last)
            Membership.objects.create(user=user, organization=organization, role=role)
            return user

        kinds = Organization.Kind
        self.police = Organization.objects.create(
            code="PD01", name="District Police", kind=kinds.INVESTIGATIVE_BODY, time_zone=ZONE.key
        )
        self.court = Organization.objects.create(
            code="DC01", name="First District Court", kind=kinds.COURT, instance=1, time_zone=ZONE.key
        )
        ministry = Organization.objects.create(
            code="MOJ", name="Ministry of Justice", kind=kinds.MINISTRY, time_zone=ZONE.key
        )
        self.investigators = [
            person(f"investigator{n}", "Inspector", f"No. {n}", self.police, Role.INVESTIGATOR)
            for n in range(1, INVESTIGATORS + 1)
        ]
        self.duty = person("duty", "Duty", "Officer", self.police, Role.INVESTIGATOR)
        self.clerk = person("clerk", "Clara", "Clerk", self.court, Role.CLERK)
        self.judges = [person(f"judge{n}", "Judge", f"No. {n}", self.court, Role.JUDGE) for n in range(1, JUDGES + 1)]
        self.admin = person("admin", "Adil", "Administrator", ministry, Role.ADMIN)
        self.calendar = Place.of(self.police).calendar

    # --- time ----------------------------------------------------------------------------------

    def at(self, moment: dt.datetime, act: Callable[[], None], *, waits_for_adalat: bool = True) -> None:
        heapq.heappush(self.queue, (moment.astimezone(dt.UTC), next(self.order), waits_for_adalat, act))

    def down(self, moment: dt.datetime) -> bool:
        return self.outage[0] <= moment < self.outage[1]

    def office(self, moment: dt.datetime, office_hours: float) -> dt.datetime:
        """``office_hours`` of working time after ``moment`` (from the next opening if it is closed)."""
        left = dt.timedelta(hours=office_hours)
        here = moment.astimezone(ZONE)
        while True:
            if self.calendar.is_working_day(here.date()):
                opens = dt.datetime.combine(here.date(), OFFICE[0], tzinfo=ZONE)
                closes = dt.datetime.combine(here.date(), OFFICE[1], tzinfo=ZONE)
                begin = max(here, opens)
                if begin < closes:
                    if begin + left <= closes:
                        return begin + left
                    left -= closes - begin
            here = dt.datetime.combine(here.date() + dt.timedelta(days=1), dt.time(), tzinfo=ZONE)

    def last_office_day_before(self, end: dt.datetime) -> dt.datetime:
        """A random moment of office hours on the last working day before ``end``."""
        day = (end - dt.timedelta(microseconds=1)).astimezone(ZONE).date()
        while not self.calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        opens = dt.datetime.combine(day, OFFICE[0], tzinfo=ZONE)
        moment = opens + dt.timedelta(hours=self.rng.uniform(0, 9))
        return min(moment, end - dt.timedelta(minutes=1))

    def judge_delay(self) -> dt.timedelta:
        draw = self.rng.random()
        low, high = (0.25, 6) if draw < 0.85 else (6, 8) if draw < 0.97 else (8, 12)
        return dt.timedelta(hours=self.rng.uniform(low, high))

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> int:
        import time_machine  # noqa: PLC0415

        started = time.perf_counter()
        self.prepare()
        for number in range(1, self.count + 1):
            arrested = START + dt.timedelta(seconds=self.rng.uniform(0, YEAR.total_seconds()))
            to_court = self.office(arrested + dt.timedelta(days=self.rng.uniform(*TO_COURT_DAYS)), 0)
            person = Person(
                number=number,
                investigator=self.investigators[(number - 1) % INVESTIGATORS],
                arrested_at=arrested.astimezone(dt.UTC),
                to_court_at=to_court,
                released_instead=self.rng.random() < RELEASED_INSTEAD,
            )
            self.at(arrested, functools.partial(self.arrive, person))
        self.at(self.outage[0], self.outage_begins, waits_for_adalat=False)
        recorded = self.outage[1] + dt.timedelta(hours=self.rng.uniform(1, 6))
        self.at(recorded, self.outage_record, waits_for_adalat=False)
        self.at(START + dt.timedelta(hours=3), self.duty_check)
        for investigator in self.investigators:
            self.at(self.next_office_check(START), functools.partial(self.office_check, investigator))
        deferred = 0
        with time_machine.travel(START, tick=False) as traveller:
            while self.queue:
                moment, _order, waits, act = heapq.heappop(self.queue)
                if waits and self.down(moment):
                    deferred += 1
                    self.at(self.outage[1] + dt.timedelta(minutes=self.rng.uniform(0, 60)), act)
                    continue
                self.now = moment
                traveller.move_to(moment)
                act()
            self.tally.figures["acts deferred by the outage"] = deferred
            self.finish()
        return self.report(time.perf_counter() - started)

    def next_office_check(self, after: dt.datetime) -> dt.datetime:
        here = after.astimezone(ZONE)
        day = here.date()
        while True:
            if self.calendar.is_working_day(day):
                for slot in OFFICE_CHECKS:
                    moment = dt.datetime.combine(day, slot, tzinfo=ZONE)
                    if moment > here:
                        return moment
            day += dt.timedelta(days=1)

    def locked(self, user: User, case_id: int) -> Case:
        from adalat.cases.selectors import case_get  # noqa: PLC0415

        return case_get(user=user, case_id=case_id, for_update=True)

    # --- the investigators ---------------------------------------------------------------------

    def arrive(self, person: Person) -> None:
        """The case registered with its suspect, who is arrested; an arrest made while Adalat was
        down is recorded after it, from when it was made."""
        from django.db import transaction  # noqa: PLC0415

        from adalat.cases.services import ParticipantData, PartyData, case_register  # noqa: PLC0415
        from adalat.core import clock  # noqa: PLC0415
        from adalat.restraint.services import measure_apply  # noqa: PLC0415

        late = self.now - person.arrested_at
        if late > dt.timedelta():
            self.tally.figures["arrests recorded after the outage"] += 1
            most = "hours in custody before the arrest was recorded, at most"
            self.tally.figures[most] = max(self.tally.figures[most], math.ceil(hours(late)))
        with transaction.atomic():
            case = case_register(
                actor=person.investigator,
                organization=self.police,
                kind="criminal",
                title=f"Robbery no. {person.number}",
                received_on=clock.today_in(self.police.time_zone),
                articles=["191(2)"],
                participants=[
                    ParticipantData(role="suspect", party=PartyData(kind="person", name=f"Suspect {person.number:04d}"))
                ],
            )
            person.case_id = case.pk
            person.suspect_id = case.participants.get(role="suspect").pk
            arrest = measure_apply(
                actor=person.investigator,
                case=self.locked(person.investigator, case.pk),
                kind="arrest",
                participant_id=person.suspect_id,
                term=ARREST_HOURS,
                note="Arrested at the scene.",
                started_at=person.arrested_at if late > dt.timedelta() else None,
            )
        legal_end = person.arrested_at + dt.timedelta(hours=ARREST_HOURS)
        if arrest.ends_at is None or arrest.ends_at > legal_end:
            self.tally.overrun(arrest.pk, f"recorded to end at {arrest.ends_at}, after 72 h from the arrest")
        self.people[case.pk] = person
        self.tally.figures["cases"] += 1
        self.tally.figures["measures applied: arrest"] += 1
        self.at(person.to_court_at, lambda: self.to_court(person))

    def duty_check(self) -> None:
        """The duty officer's look at the terms counted in hours, every 6 hours, day and night."""
        from adalat.jurisdictions.schema import TermUnit  # noqa: PLC0415
        from adalat.restraint.selectors import custody_terms  # noqa: PLC0415

        self.tally.figures["custody lists read"] += 1
        for standing in custody_terms(user=self.duty):
            if standing.kind is not None and standing.kind.unit == TermUnit.HOURS:
                self.react(standing)
        if self.open:
            self.at(self.now + DUTY_EVERY, self.duty_check)

    def office_check(self, investigator: User) -> None:
        from adalat.restraint.selectors import custody_terms  # noqa: PLC0415

        self.tally.figures["custody lists read"] += 1
        for standing in custody_terms(user=investigator):
            if self.people[standing.measure.case_id].investigator == investigator:
                self.react(standing)
        if self.open:
            self.at(self.next_office_check(self.now), lambda: self.office_check(investigator))

    def react(self, standing: Standing) -> None:
        """What a term in the list makes its investigator do."""
        from adalat.restraint.terms import State  # noqa: PLC0415

        measure, person = standing.measure, self.people[standing.measure.case_id]
        if standing.state == State.PAST_END:
            self.tally.figures["terms seen past their end"] += 1
            self.release(person, measure.pk, "past its end")
        elif standing.state in (State.WARNING, State.FILE_OVERDUE):
            assert measure.ends_at is not None
            if (measure.pk, measure.ends_at) in self.planned:
                return
            self.planned.add((measure.pk, measure.ends_at))
            self.tally.figures[f"terms first seen in {standing.state}"] += 1
            if standing.state == State.FILE_OVERDUE:  # an alarm: acted on at once
                when = self.now + dt.timedelta(hours=self.rng.uniform(0, 1))
            elif measure.kind == "arrest":
                when = self.now + dt.timedelta(hours=self.rng.uniform(0, 8))
            else:
                when = self.office(self.now, self.rng.uniform(0, 18))
            self.at(when, lambda: self.act(person, measure.pk))

    def act(self, person: Person, measure_id: int) -> None:
        """Move the court to hold the suspect or to extend the detention, or release them."""
        from django.db import transaction  # noqa: PLC0415

        from adalat.restraint import selectors, services  # noqa: PLC0415
        from adalat.restraint.terms import State  # noqa: PLC0415

        who = person.investigator
        with transaction.atomic():
            case = self.locked(who, person.case_id)
            measure = selectors.measure_get(case=case, measure_id=measure_id)
            state = selectors.measure_standing(measure).state
            if state in (State.ENDED, State.MOTION_PENDING):
                return
            if state == State.PAST_END:
                self.end(person, case, measure, "past its end")
                return
            assert measure.ends_at is not None
            if measure.kind == "arrest" and person.released_instead:
                self.end(person, case, measure, "instead of detention")
                return
            if measure.kind != "arrest" and person.to_court_at < measure.ends_at - dt.timedelta(days=2):
                self.tally.figures["extensions not sought: to court first"] += 1
                return
            extends = measure.kind != "arrest"
            motion = services.motion_file(
                actor=who,
                case=case,
                kind="detention",
                participant_id=None if extends else person.suspect_id,
                measure=measure if extends else None,
                term=EXTENSION_DAYS if extends else DETENTION_DAYS,
                grounds="The suspect may flee or press the witnesses.",
                court=self.court,
            )
        self.tally.figures[f"motions filed: {'extension' if extends else 'detention'}"] += 1
        filed = Filed(person, motion.pk, motion.motion_case_id, extends, measure.pk, measure.ends_at)
        self.at(self.now + dt.timedelta(hours=self.rng.uniform(0, 3)), lambda: self.receive(filed))

    def end(self, person: Person, case: Case, measure: Measure, why: str) -> None:
        """End a custody measure (in the caller's transaction): lifted before its end, released at or
        after it (``measure_end`` refuses a release before the end)."""
        from adalat.restraint.services import measure_end  # noqa: PLC0415

        assert measure.ends_at is not None
        end = "lifted" if self.now < measure.ends_at else "released"
        measure_end(actor=person.investigator, case=case, measure=measure, end=end, note=f"Released: {why}.")
        self.tally.figures[f"releases: {why}"] += 1
        where = f"case {case.number}, {measure.kind}"
        if why != "the case went to court":
            self.tally.margin(f"release {why} ({measure.kind})", measure.ends_at, self.now, where)
        if self.now > measure.ends_at:
            self.tally.overrun(measure.pk, f"released {why} {hours(self.now - measure.ends_at):.1f} h after the end")

    def release(self, person: Person, measure_id: int, why: str) -> None:
        from django.db import transaction  # noqa: PLC0415

        from adalat.restraint.selectors import measure_get  # noqa: PLC0415

        with transaction.atomic():
            case = self.locked(person.investigator, person.case_id)
            measure = measure_get(case=case, measure_id=measure_id)
            if measure.is_running:
                self.end(person, case, measure, why)
        self.settle(person)

    def to_court(self, person: Person) -> None:
        """The case leaves the investigators: what custody still runs is the court's from now on."""
        from django.db import transaction  # noqa: PLC0415

        from adalat.restraint.models import Motion  # noqa: PLC0415

        if person.done:
            return
        if Motion.objects.filter(case_id=person.case_id, decided_at__isnull=True).exists():
            self.at(self.office(self.now, 9), lambda: self.to_court(person))  # after the court decides
            return
        with transaction.atomic():
            case = self.locked(person.investigator, person.case_id)
            for measure in case.measures.filter(custody=True, ended_at__isnull=True):
                measure.case = case
                self.end(person, case, measure, "the case went to court")
        self.settle(person, going=True)

    def settle(self, person: Person, *, going: bool = False) -> None:
        """The case is done with when nobody is held on it and no motion waits, or it went to court."""
        from adalat.restraint.models import Measure, Motion  # noqa: PLC0415

        if person.done:
            return
        held = Measure.objects.filter(case_id=person.case_id, custody=True, ended_at__isnull=True).exists()
        waiting = Motion.objects.filter(case_id=person.case_id, decided_at__isnull=True).exists()
        if going or not (held or waiting):
            person.done = True
            self.open -= 1

    # --- the court -----------------------------------------------------------------------------

    def receive(self, filed: Filed) -> None:
        from django.db import transaction  # noqa: PLC0415

        from adalat.cases import custody  # noqa: PLC0415
        from adalat.cases import selectors as case_selectors  # noqa: PLC0415
        from adalat.cases import services as case_services  # noqa: PLC0415

        judge = self.rng.choice(self.judges)
        with transaction.atomic():
            assert case_selectors.inbox(user=self.clerk).filter(case_id=filed.motion_case_id).exists()
            custody.handover_receive(actor=self.clerk, case=self.locked(self.clerk, filed.motion_case_id))
            case_services.case_assign_judge(
                actor=self.clerk, case=self.locked(self.clerk, filed.motion_case_id), judge=judge
            )
        self.at(self.now + self.judge_delay(), lambda: self.decide(filed, judge))

    def decide(self, filed: Filed, judge: User) -> None:
        from django.db import transaction  # noqa: PLC0415

        from adalat.core.errors import Conflict  # noqa: PLC0415
        from adalat.restraint.models import Motion  # noqa: PLC0415
        from adalat.restraint.services import motion_decide  # noqa: PLC0415

        granted = self.rng.random() < GRANTED
        asked = Motion.objects.get(pk=filed.motion_id).term
        what = "extension" if filed.extends else "detention"
        number = ""
        try:
            with transaction.atomic():
                motion_case = self.locked(judge, filed.motion_case_id)
                number = motion_case.number
                motion_decide(
                    actor=judge,
                    motion_case=motion_case,
                    granted=granted,
                    term=asked if granted else None,
                    reasons="The grounds are made out." if granted else "No risk of flight is shown.",
                )
        except Conflict as error:
            if error.code != "measure_expired":
                raise
            self.tally.figures["extensions granted after the end: refused by Adalat"] += 1
            self.tally.overrun(
                filed.measure_id, f"extension granted {hours(self.now - filed.ends_at):.1f} h after the end: refused"
            )
            granted = False
            with transaction.atomic():
                motion_decide(
                    actor=judge,
                    motion_case=self.locked(judge, filed.motion_case_id),
                    granted=False,
                    term=None,
                    reasons="The term ended before the motion was decided.",
                )
        self.tally.figures[f"motions {'granted' if granted else 'refused'}: {what}"] += 1
        if granted and not filed.extends:
            self.tally.figures["measures applied: detention"] += 1
        self.tally.margin(f"decision on {what}", filed.ends_at, self.now, f"motion {number}")
        person = filed.person
        if not granted and not filed.extends:
            later = self.now + dt.timedelta(hours=self.rng.uniform(0, 1))
            self.at(later, lambda: self.release_held(person, "detention refused"))
        elif not granted:
            later = max(self.last_office_day_before(filed.ends_at), self.now + dt.timedelta(minutes=5))
            self.at(later, lambda: self.release(person, filed.measure_id, "at the end, extension refused"))
        self.settle(person)

    def release_held(self, person: Person, why: str) -> None:
        from adalat.restraint.models import Measure  # noqa: PLC0415

        for measure_id in Measure.objects.filter(
            case_id=person.case_id, custody=True, ended_at__isnull=True
        ).values_list("pk", flat=True):
            self.release(person, measure_id, why)
        self.settle(person)

    # --- the outage ----------------------------------------------------------------------------

    def running_terms(self) -> dict[int, tuple[dt.datetime | None, dt.datetime | None]]:
        from adalat.restraint.models import Measure  # noqa: PLC0415

        rows = Measure.objects.filter(ended_at__isnull=True).values_list("pk", "ends_at", "file_by")
        return {pk: (ends_at, file_by) for pk, ends_at, file_by in rows}

    def outage_begins(self) -> None:
        self.before_outage = self.running_terms()

    def outage_record(self) -> None:
        """The administrator records the outage; the custody terms are compared around it."""
        from django.db import transaction  # noqa: PLC0415

        from adalat.cases.outages import outage_record  # noqa: PLC0415
        from adalat.restraint.models import Motion  # noqa: PLC0415

        before = self.running_terms()
        with transaction.atomic():
            outage = outage_record(
                actor=self.admin, started_at=self.outage[0], ended_at=self.outage[1], note="Data centre power failure"
            )
        after = self.running_terms()
        moved_by_record = [pk for pk, terms in before.items() if after.get(pk) != terms]
        extended = set(
            Motion.objects.filter(granted=True, measure__isnull=False, decided_at__gte=self.outage[0]).values_list(
                "measure_id", flat=True
            )
        )
        still = [pk for pk in self.before_outage if pk in after]
        moved_since = [pk for pk in still if after[pk] != self.before_outage[pk] and pk not in extended]
        self.tally.figures["deadlines the outage moved (not custody)"] = outage.moved
        self.outage_check = (
            f"{len(before)} running terms compared around the record, {len(moved_by_record)} moved; "
            f"{len(still)} running since the outage began, {len(moved_since)} moved without an extension"
        )
        if moved_by_record or moved_since:
            for pk in moved_by_record + moved_since:
                self.tally.overrun(pk, "its end or last moment to file moved across the outage")

    # --- the end -------------------------------------------------------------------------------

    def finish(self) -> None:
        """Every custody measure ended after its end, or still running past it."""
        from adalat.documents.models import Document  # noqa: PLC0415
        from adalat.restraint.models import Measure  # noqa: PLC0415

        self.tally.figures["acts the services wrote (motions, decisions)"] = Document.objects.count()
        for measure in Measure.objects.filter(custody=True).select_related("case").order_by("pk"):
            if measure.ends_at is None:
                continue
            if measure.ended_at is None and measure.ends_at < self.now:
                self.tally.overrun(measure.pk, f"still running {hours(self.now - measure.ends_at):.1f} h past its end")
            elif measure.ended_at is not None and measure.ended_at > measure.ends_at:
                late = hours(measure.ended_at - measure.ends_at)
                notes = self.tally.overruns.get(measure.pk, [])
                if not any(note.startswith("released") for note in notes):
                    self.tally.overrun(measure.pk, f"{measure.get_end_display()} {late:.1f} h after the end")

    def trace(self, measure: Measure) -> list[str]:
        """The motions on the person filed from four days before the end of ``measure`` to a day after."""
        from adalat.cases.models import Handover  # noqa: PLC0415
        from adalat.restraint.models import Motion  # noqa: PLC0415

        assert measure.ends_at is not None
        lines = []
        for motion in Motion.objects.filter(
            participant=measure.participant_id,
            filed_at__range=(measure.ends_at - dt.timedelta(days=4), measure.ends_at + dt.timedelta(days=1)),
        ).order_by("filed_at"):
            received = (
                Handover.objects.filter(case=motion.motion_case_id, decided_at__isnull=False)
                .values_list("decided_at", flat=True)
                .first()
            )
            steps = [f"filed {local(motion.filed_at)}"]
            steps.append(f"received {local(received)}" if received else "not received")
            if motion.decided_at:
                steps.append(f"decided {local(motion.decided_at)} ({'granted' if motion.granted else 'refused'})")
            lines.append(f"motion on {motion.kind}{' (extension)' if motion.measure_id else ''}: " + ", ".join(steps))
        return lines

    def report(self, seconds: float) -> int:
        from adalat.restraint.models import Measure  # noqa: PLC0415

        figures = self.tally.figures
        start, end = self.outage
        print(
            f"Seed {self.seed}: {self.count} criminal cases arriving from {START:%Y-%m-%d} over 365 days "
            f"({ZONE.key}), run until the last left the investigators ({local(self.now)})."
        )
        print(f"Outage: {local(start)} to {local(end)} (24 h); recorded by the administrator after it.")
        print(f"Custody terms across the outage: {self.outage_check}.")
        shown = [name for name in FIGURES if name in figures or not name.startswith("releases:")]
        rows = [[name, figures[name]] for name in shown + sorted(set(figures) - set(FIGURES))]
        print(harness.table(["figure", "count"], rows))
        margin_rows = []
        for label in sorted(self.tally.margins):
            values = sorted(self.tally.margins[label])
            smallest, where = values[0]
            middle = statistics.median(value for value, _where in values)
            margin_rows.append([label, len(values), f"{smallest:.1f}", f"{middle:.1f}", where])
        print("\nMargin: hours between the act and the end of the term it concerned (negative: after the end)")
        print(harness.table(["act", "count", "smallest h", "median h", "smallest at"], margin_rows))
        tightest = min(((v, w, label) for label, vs in self.tally.margins.items() for v, w in vs), default=None)
        if tightest is not None:
            print(f"smallest margin: {tightest[0]:.1f} h ({tightest[2]}, {tightest[1]})")
        overruns = self.tally.overruns
        if overruns:
            print()
            measures = Measure.objects.select_related("case", "participant__party").in_bulk(list(overruns))
            for pk, notes in sorted(overruns.items()):
                measure = measures[pk]
                assert measure.ends_at is not None
                print(
                    f"OVERRUN case {measure.case.number} ({measure.participant.party.name}), {measure.kind} "
                    f"from {local(measure.started_at)} to {local(measure.ends_at)}: " + "; ".join(notes)
                )
                for line in self.trace(measure):
                    print(f"  {line}")
        print(f"\noverruns: {len(overruns)} (goal {GOAL})")
        print(f"wall time: {seconds:.1f} s")
        return 0 if len(overruns) <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
