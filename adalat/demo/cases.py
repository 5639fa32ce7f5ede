"""The demo cases: registered over the last two years in the order they arrived, each walked
through valid steps of its kind's workflow, most on time and some late, so that old cases are
mostly closed, recent ones open, and some open ones overdue."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from adalat.accounts.models import User
from adalat.cases.bulk import CaseBulkWriter, CasePlan, ParticipantPlan, StepPlan
from adalat.cases.deadlines import holder_calendar
from adalat.core.roles import Role
from adalat.jurisdictions.calendar import WorkCalendar, work_calendar
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, Stage, StageStatus, Transition
from adalat.organizations.models import Organization

from .country import DEMO_COURT, Country
from .papers import CasePapers
from .parties import PartyPools, PartyRef
from .subjects import case_subject

HISTORY_DAYS = 730
MAX_STEPS = 12
KIND_WEIGHTS = {"civil": 40, "misdemeanour": 25, "criminal": 20, "administrative": 15}
# How likely each step of the demo pack is among those possible; others count 1.
ACTION_WEIGHTS = {
    "accept": 30.0,
    "schedule_hearing": 30.0,
    "schedule_trial": 30.0,
    "decide": 20.0,
    "deliver_judgment": 20.0,
    "enter_into_force": 12.0,
    "resume": 10.0,
    "approve_settlement": 4.0,
    "forward_appeal": 2.5,
    "terminate": 2.0,
    "dismiss": 1.5,
    "return_protocol": 1.5,
    "suspend": 1.2,
    "return_claim": 1.0,
    "return_to_prosecutor": 1.0,
}
ON_TIME = 0.86  # the share of steps taken before the stage's deadline
PARTY_ROLES = ("plaintiff", "applicant", "victim")  # how the demo citizen takes part
PARTY_CASES = 8
LAWYER_SHARE = 0.01
# Cases with documents: all of a load up to this many; beyond, the latest this many and every case
# of the demo's own accounts (decision 0041: a large load stays as fast as it was).
DOCUMENTED_CASES = 20_000


@dataclass(frozen=True, slots=True)
class Court:
    organization: Organization
    calendar: WorkCalendar
    zone: ZoneInfo
    judges: tuple[User, ...]
    clerk: User
    town_ru: str
    town_latin: str
    prosecutor: Organization
    investigators: Organization


class CaseStories:
    """Writes ``total`` demo cases through ``writer``, deterministically from ``rng``."""

    def __init__(
        self,
        *,
        writer: CaseBulkWriter,
        country: Country,
        rng: random.Random,
        now: dt.datetime,
        total: int,
        papers: CasePapers | None = None,
    ) -> None:
        self.writer = writer
        self.papers = papers
        self.rng = rng
        self.now = now
        self.total = total
        self.pack = get_pack()
        self.today = now.astimezone(ZoneInfo(self.pack.header.time_zone)).date()
        self.parties = PartyPools(writer=writer, rng=rng, today=self.today, total_cases=total)
        self.country = country
        self.courts, weights = self._courts(country)
        self.court_weights = list(itertools.accumulate(weights))
        self.kinds = [k for k in self.pack.kinds.values() if k.standalone]
        self.kind_weights = list(itertools.accumulate(KIND_WEIGHTS.get(k.code, 10) for k in self.kinds))
        self.lawyer_user = country.users["lawyer"]
        self.party_user = country.users["party"]
        self.party_cases = self._party_cases(rng, total)
        self.lawyer_share = max(LAWYER_SHARE, 12 / max(total, 1))
        self._choices: dict[tuple[str, str, bool], tuple[list[Transition], list[float]]] = {}
        self._openings: dict[tuple[str, dt.date], dt.datetime] = {}
        self.overdue = 0

    @staticmethod
    def _party_cases(rng: random.Random, total: int) -> set[int]:
        """The cases the demo citizen is on: drawn from all, then the earliest half swapped for cases
        spread over the latest ones (still open), so that they have a next step to read about."""
        drawn = sorted(rng.sample(range(total), min(PARTY_CASES, total)))
        recent = max(total // 50, PARTY_CASES)
        swapped = len(drawn) // 2
        spacing = max(1, recent // max(swapped, 1))
        latest = {total - 1 - spacing * i for i in range(swapped)}
        return set(drawn[swapped:]) | {index for index in latest if index >= 0}

    def _courts(self, country: Country) -> tuple[list[Court], list[float]]:
        courts: list[Court] = []
        weights: list[float] = []
        for code, judges in country.judges.items():
            organization = country.organizations[code]
            if organization.instance is None or organization.instance > 2:
                continue
            region = country.regions[code]
            town = next((t for t in region.towns if t[0] == code), region.towns[0])
            courts.append(
                Court(
                    organization=organization,
                    calendar=holder_calendar(organization),
                    zone=ZoneInfo(organization.time_zone),
                    judges=tuple(judges),
                    clerk=country.clerks[code],
                    town_ru=town[2],
                    town_latin=town[1],
                    prosecutor=country.organizations[region.prosecutor],
                    investigators=country.organizations[region.investigators],
                )
            )
            weights.append(4.0 if organization.instance == 2 else 14.0 if code == DEMO_COURT else 10.0)
        return courts, weights

    # --- time ----------------------------------------------------------------------------

    def _moment(self, court: Court, day: dt.date, fraction: float) -> dt.datetime:
        """A moment in office hours (09:00 to 18:00 in the court's zone) on ``day``."""
        key = (court.zone.key, day)
        opening = self._openings.get(key)
        if opening is None:
            opening = self._openings[key] = dt.datetime.combine(day, dt.time(9), tzinfo=court.zone).astimezone(dt.UTC)
        return opening + dt.timedelta(minutes=int(fraction * 540))

    def _registration_days(self) -> list[dt.date]:
        calendar = work_calendar(self.pack.calendar)
        first = self.today - dt.timedelta(days=HISTORY_DAYS)
        days = [first + dt.timedelta(days=n) for n in range(HISTORY_DAYS)]
        return [day for day in days if calendar.is_working_day(day)]

    def _step_moment(self, court: Court, stage: Stage, due: dt.date | None, entered: dt.datetime) -> dt.datetime:
        rng = self.rng
        start = entered.astimezone(court.zone).date()
        if due is None:
            day = start + dt.timedelta(
                days=rng.randint(14, 120) if stage.status != StageStatus.OPEN else rng.randint(2, 30)
            )
        elif rng.random() < ON_TIME:
            day = start + dt.timedelta(days=rng.randint(1, max(1, (due - start).days)))
        else:
            # Late: mostly by days or weeks; some cases stall for months (a court's backlog).
            day = due + dt.timedelta(days=rng.randint(1, 45) if rng.random() < 0.7 else rng.randint(46, 240))
        day = max(day, start + dt.timedelta(days=1))
        return self._moment(court, court.calendar.next_working_day(day), rng.random())

    # --- the workflow --------------------------------------------------------------------

    def _options(self, kind: CaseKind, stage: str, judged: bool) -> tuple[list[Transition], list[float]]:
        key = (kind.code, stage, judged)
        found = self._choices.get(key)
        if found is None:
            actors = {Role.CLERK, Role.JUDGE} if judged else {Role.CLERK}
            possible = [
                t
                for t in kind.transitions_from(stage)
                if actors.intersection(t.roles)
                and (judged or "judge_assigned" not in t.requires)
                and t.handover is None  # the bulk loader does not replay hand-overs
            ]
            cumulative: list[float] = []
            total = 0.0
            for transition in possible:
                total += ACTION_WEIGHTS.get(transition.action, 1.0)
                cumulative.append(total)
            found = self._choices[key] = (possible, cumulative)
        return found

    def _walk(self, plan: CasePlan, kind: CaseKind, court: Court, judge: User | None) -> None:
        rng = self.rng
        stage = kind.starting_stage(court.organization.kind)
        if stage is None:
            raise ValueError(f"a {kind.code} case does not start at {court.organization.code}")
        entered = plan.registered_at
        for _ in range(MAX_STEPS):
            due = self.writer.stage_due(plan, stage, entered)
            at = self._step_moment(court, stage, due, entered)
            if judge is not None and plan.judge_assigned_at is not None and at < plan.judge_assigned_at:
                at = plan.judge_assigned_at + dt.timedelta(minutes=rng.randint(10, 240))
            if at > self.now:
                if due is not None and due < self.today and stage.status == StageStatus.OPEN:
                    self.overdue += 1
                return
            judged = judge is not None and plan.judge_assigned_at is not None and plan.judge_assigned_at <= at
            possible, cumulative = self._options(kind, stage.code, judged)
            if not possible:
                return
            transition = possible[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
            if (
                judge is not None
                and judged
                and Role.JUDGE in transition.roles
                and (Role.CLERK not in transition.roles or rng.random() < 0.7)
            ):
                actor, role = judge, Role.JUDGE
            else:
                actor, role = court.clerk, Role.CLERK
            plan.steps.append(StepPlan(transition.action, at, actor.pk, role))
            stage, entered = kind.stage(transition.to), at

    # --- participants --------------------------------------------------------------------

    def _lawyer(self, court: Court, cyrillic: bool, at: dt.datetime) -> PartyRef:
        if self.rng.random() < self.lawyer_share:
            return self.parties.account_holder(self.lawyer_user, at=at)
        return self.parties.lawyer(cyrillic=cyrillic, town=court.town_ru if cyrillic else court.town_latin, at=at)

    def _participants(
        self, kind: CaseKind, court: Court, cyrillic: bool, at: dt.datetime, juvenile: bool
    ) -> list[tuple[PartyRef, str]]:
        rng, parties = self.rng, self.parties
        town = court.town_ru if cyrillic else court.town_latin
        out: list[tuple[PartyRef, str]] = []

        def person(role: str, reuse: float = 0.05, minor: bool = False) -> None:
            out.append((parties.person(cyrillic=cyrillic, town=town, at=at, reuse=reuse, minor=minor), role))

        def either(role: str, organization_share: float) -> None:
            if rng.random() < organization_share:
                out.append((parties.company(cyrillic=cyrillic, at=at), role))
            else:
                person(role)

        code = kind.code
        if code == "criminal":
            person("accused", reuse=0.08, minor=juvenile)
            if rng.random() < 0.1:
                person("accused", reuse=0.0, minor=juvenile)
            if rng.random() < 0.7:
                either("victim", 0.2)
            if rng.random() < 0.85:
                out.append((self._lawyer(court, cyrillic, at), "lawyer"))
            out.append((parties.office(court.prosecutor, at=at), "prosecutor"))
            if rng.random() < 0.9:
                out.append((parties.office(court.investigators, at=at), "investigator"))
            if rng.random() < 0.3:
                person("witness", reuse=0.0)
        elif code == "misdemeanour":
            either("offender", 0.1)
            if rng.random() < 0.15:
                person("victim")
            if rng.random() < 0.1:
                out.append((self._lawyer(court, cyrillic, at), "lawyer"))
        elif code == "civil":
            share = rng.random()
            if share < 0.25:
                out.append((parties.bank(cyrillic=cyrillic, at=at), "plaintiff"))
            else:
                either("plaintiff", 0.25)
            either("defendant", 0.35)
            if rng.random() < 0.4:
                out.append((self._lawyer(court, cyrillic, at), "representative" if rng.random() < 0.75 else "lawyer"))
            if rng.random() < 0.05:
                person("third_party")
        elif code == "administrative":
            either("applicant", 0.35)
            out.append((parties.authority(cyrillic=cyrillic, at=at), "respondent"))
            if rng.random() < 0.3:
                out.append((self._lawyer(court, cyrillic, at), "representative"))
            if rng.random() < 0.05:
                out.append((parties.office(court.prosecutor, at=at), "prosecutor"))
        else:
            acting = [r for r in kind.participant_roles if self.pack.participant_role(r).acts_as == Role.PARTY]
            for role in acting[:2]:
                person(role)
        return out

    # --- one case, and all of them ------------------------------------------------------

    def _documented(self, index: int, plan: CasePlan) -> bool:
        """Whether the case gets its documents: see ``DOCUMENTED_CASES``."""
        if index >= self.total - DOCUMENTED_CASES or index in self.party_cases:
            return True
        return any(self.parties.is_account_holder(p.party_id) for p in plan.participants)

    def _case(self, index: int, court: Court, registered_at: dt.datetime) -> None:
        rng = self.rng
        kind = rng.choices(self.kinds, cum_weights=self.kind_weights)[0]
        cyrillic = rng.random() < 0.6
        subject = case_subject(rng, kind, russian=cyrillic)
        confidentiality = "normal"
        draw = rng.random()
        if kind.code == "criminal" and draw < 0.03:
            confidentiality = "juvenile"
        elif (kind.code == "criminal" and draw < 0.05) or (subject.category == "family" and draw < 0.15):
            confidentiality = "sealed"
        registered_day = registered_at.astimezone(court.zone).date()
        received_on = registered_day - dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
        judge: User | None = rng.choice(court.judges)
        assigned_at: dt.datetime | None = registered_at
        draw = rng.random()
        if draw < 0.03 and (self.today - registered_day).days < 30:
            judge, assigned_at = None, None
        elif draw < 0.25:
            later = court.calendar.next_working_day(registered_day + dt.timedelta(days=rng.randint(0, 2)))
            assigned_at = max(registered_at + dt.timedelta(minutes=5), self._moment(court, later, rng.random()))
            if assigned_at > self.now:
                judge, assigned_at = None, None
        plan = CasePlan(
            court=court.organization,
            kind=kind.code,
            title=subject.title,
            received_on=received_on,
            registered_at=registered_at,
            clerk_id=court.clerk.pk,
            confidentiality=confidentiality,
            language="ru" if cyrillic else "en",
            articles=list(subject.articles),
            category=subject.category,
            judge_id=judge.pk if judge else None,
            judge_name=judge.display_name if judge else "",
            judge_assigned_at=assigned_at,
        )
        participants = self._participants(kind, court, cyrillic, registered_at, confidentiality == "juvenile")
        if index in self.party_cases:
            role = next((r for r in PARTY_ROLES if r in kind.participant_roles), None)
            if role is not None:
                holder = self.parties.account_holder(self.party_user, at=registered_at)
                participants = [p for p in participants if p[1] != role] + [(holder, role)]
        plan.participants = [ParticipantPlan(ref.id, ref.name, role) for ref, role in _unique(participants)]
        self._walk(plan, kind, court, judge)
        self.writer.case_add(plan)
        if self.papers is not None and self._documented(index, plan):
            self.papers.case_filed(plan, kind, language="ru" if cyrillic else "en")

    def write(self) -> None:
        """Register every case, in the order they arrived."""
        rng = self.rng
        days = self._registration_days()
        fractions = sorted(rng.random() for _ in range(self.total))
        for index, fraction in enumerate(fractions):
            position = fraction * len(days)
            day = days[int(position)]
            court = rng.choices(self.courts, cum_weights=self.court_weights)[0]
            self._case(index, court, self._moment(court, day, position - int(position)))


def _unique(participants: list[tuple[PartyRef, str]]) -> list[tuple[PartyRef, str]]:
    """Each party once per role (a reused witness may be drawn twice)."""
    seen: set[tuple[int, str]] = set()
    out = []
    for ref, role in participants:
        if (ref.id, role) not in seen:
            seen.add((ref.id, role))
            out.append((ref, role))
    return out
