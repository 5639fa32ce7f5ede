"""The schema of a jurisdiction pack. Pure data classes: nothing here touches the database."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from adalat.core.organization_kinds import OrganizationKind
from adalat.core.roles import Role

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
# A precondition's name, or a family's with what it takes: ``judge_assigned``, ``participant:accused``.
PreconditionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}(:[a-z][a-z0-9_]{0,31})?$")]
# A permission's code: a module's name and the act, such as ``document.upload``.
PermissionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}\.[a-z][a-z0-9_]{0,31}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Text = dict[LanguageCode, Annotated[str, StringConstraints(min_length=1, max_length=300)]]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def label_of(texts: Text, language: str) -> str:
    """The text in ``language`` (or its base language), else the pack's first."""
    return texts.get(language) or texts.get(language.split("-")[0]) or next(iter(texts.values()))


class Translated(Strict):
    """Helpers for things with a ``name`` in several languages."""

    name: Text

    def label(self, language: str) -> str:
        return label_of(self.name, language)


# --- deadlines ------------------------------------------------------------------------------


class DayCount(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class DeadlineStart(StrEnum):
    ENTERED = "entered"  # counted from the moment the case entered the stage
    RECEIVED = "received"  # counted from the day the case was received
    EVENT = "event"  # counted from an event recorded while the case is at the stage (``event`` names it)


Amount = Annotated[int, Field(ge=1, le=87600)]


class DeadlineSpec(Strict):
    """One named time limit of a stage: so many hours, or working or calendar days, from a start.

    ``extendable_to`` allows transitions that name this deadline in their ``extends`` to lengthen it,
    up to that total; ``pauses`` stops its clock while the case is at a stage whose status is
    ``suspended`` (it starts again, with the time that was left, when the case comes back).
    """

    code: Code | None = None  # the stage's code when the stage has one deadline
    name: Text | None = None  # the stage's name when absent
    days: Annotated[int, Field(ge=1, le=3650)] | None = None
    hours: Amount | None = None
    count: DayCount = DayCount.CALENDAR
    start: DeadlineStart = DeadlineStart.ENTERED
    event: Code | None = None
    extendable_to: Amount | None = None  # in the deadline's own unit (days or hours)
    pauses: bool = False
    # Whether a day on which Adalat was unavailable (``outages``) moves it to the next working day.
    # Deadlines counted in hours never move; a term of custody counted in days says false.
    moved_by_outage: bool = True

    @property
    def in_hours(self) -> bool:
        return self.hours is not None

    @property
    def amount(self) -> int:
        return self.hours if self.hours is not None else self.days or 0

    def describe(self) -> str:
        start = f"event {self.event}" if self.start == DeadlineStart.EVENT else self.start.value
        if self.hours is not None:
            return f"{self.hours} hours from {start}"
        return f"{self.days} {self.count.value} days from {start}"


class Extension(Strict):
    """A transition that lengthens a running deadline of the stage by ``days`` or ``hours``."""

    deadline: Code
    days: Annotated[int, Field(ge=1, le=3650)] | None = None
    hours: Amount | None = None

    @property
    def amount(self) -> int:
        return self.hours if self.hours is not None else self.days or 0


# --- the workflow of a kind ---------------------------------------------------------------------


class StageStatus(StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Stage(Translated):
    code: Code
    # What the stage means, in plain words, for the people on the case (shown to the parties).
    description: Text | None = None
    status: StageStatus = StageStatus.OPEN
    resolves: bool = False
    # Who holds the case at this stage: a kind of organization (the kind's ``holder`` when absent),
    # and for courts the instances that may.
    holder: OrganizationKind | None = None
    instances: list[Annotated[int, Field(ge=1, le=9)]] = []
    deadlines: list[DeadlineSpec] = []
    # The roles that see the documents filed at this stage; everyone who sees the case when absent.
    materials: list[Role] | None = None
    # Roles to whom reaching this stage opens the materials of every stage (the defence reads the
    # whole file once the investigation is completed).
    opens: list[Role] = []

    def explained(self, language: str) -> str:
        """The stage's plain description in ``language``, or "" when the pack gives none."""
        return label_of(self.description, language) if self.description else ""


class HandoverTarget(StrEnum):
    ANY = "any"  # any active organization of the receiving stage's holder kind
    PARENT = "parent"  # the organization above the sender (a court of appeal above a district court)
    # one whose territory lies within the sender's or contains it (the district courts of a regional
    # prosecutor's region; the prosecutor's office of a district court's region); any, where the
    # sender has no territory
    TERRITORY = "territory"


class Handover(Strict):
    """The transition hands the case to another organization: it is sent, and the stage changes
    when the receiver accepts it (or it comes back with reasons)."""

    to: HandoverTarget = HandoverTarget.ANY


class Transition(Translated):
    action: Code
    from_: Annotated[list[Code], Field(alias="from", min_length=1)]
    to: Code
    roles: Annotated[list[Role], Field(min_length=1)]
    # Named checks that modules register (``judge_assigned``...); all must pass.
    requires: list[PreconditionCode] = []
    handover: Handover | None = None
    extends: list[Extension] = []


class RoleChange(Translated):
    """A procedural act that changes a participant's standing on the case (a suspect is charged and
    becomes the accused): who may do it, at which stages."""

    action: Code
    from_: Annotated[Code, Field(alias="from")]
    to: Code
    roles: Annotated[list[Role], Field(min_length=1)]
    stages: Annotated[list[Code], Field(min_length=1)]


class Category(Translated):
    code: Code


class Subject(StrEnum):
    ARTICLES = "articles"
    CATEGORY = "category"


class CaseKind(Translated):
    code: Code
    number_code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,6}$")]
    subject: Subject
    categories: list[Category] = []
    participant_roles: Annotated[list[Code], Field(min_length=1)]
    holder: OrganizationKind = OrganizationKind.COURT  # who holds the case where a stage does not say
    initial_stage: Code
    # Other stages where a case of this kind may be registered, each by the organizations that
    # hold it (a criminal case that reaches a court on paper, from an agency not yet on Adalat).
    also_starts_at: list[Code] = []
    stages: Annotated[list[Stage], Field(min_length=1)]
    transitions: list[Transition]
    role_changes: list[RoleChange] = []
    # False: cases of this kind are opened by a module (a motion on a measure of restraint is filed
    # from its main case), never registered on their own.
    standalone: bool = True

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise KeyError(code)

    def has_stage(self, code: str) -> bool:
        return any(stage.code == code for stage in self.stages)

    def holder_of(self, stage_code: str) -> OrganizationKind:
        return self.stage(stage_code).holder or self.holder

    def starting_stage(self, organization_kind: str) -> Stage | None:
        """The stage at which an organization of ``organization_kind`` registers a case of this
        kind, or None when such cases do not start there."""
        for code in (self.initial_stage, *self.also_starts_at):
            if self.holder_of(code) == organization_kind:
                return self.stage(code)
        return None

    def starts_at(self) -> set[OrganizationKind]:
        """The kinds of organization where a case of this kind may be registered."""
        return {self.holder_of(code) for code in (self.initial_stage, *self.also_starts_at)}

    def transitions_from(self, stage_code: str) -> list[Transition]:
        return [t for t in self.transitions if stage_code in t.from_]

    def transition(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise KeyError(action)

    def role_change(self, action: str) -> RoleChange:
        for change in self.role_changes:
            if change.action == action:
                return change
        raise KeyError(action)

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)

    def deadline_spec(self, stage_code: str, code: str) -> DeadlineSpec | None:
        for spec in self.stage(stage_code).deadlines:
            if deadline_code(self.stage(stage_code), spec) == code:
                return spec
        return None


def deadline_code(stage: Stage, spec: DeadlineSpec) -> str:
    return spec.code or stage.code


# --- the calendar ---------------------------------------------------------------------------------


class Holiday(Translated):
    date: dt.date | None = None
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    territories: list[str] = []


class Calendar(Strict):
    weekend: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = ["sat", "sun"]
    roll_forward: bool = True  # a calendar-day deadline ending on a day off moves to the next working day
    holidays: list[Holiday] = []
    working_days: list[dt.date] = []  # weekend days declared working (transferred days)


# --- the header: who, how numbered, which formats -------------------------------------------------


class Security(Strict):
    second_factor_roles: list[Role] = []
    lockout_attempts: Annotated[int, Field(ge=1, le=100)] = 5
    lockout_minutes: Annotated[int, Field(ge=1, le=1440)] = 15


class ParticipantRole(Translated):
    code: Code
    # The case role a person linked to this participant acts in; none: the person is
    # on the case (a witness, an interpreter) but does not see its file.
    acts_as: Role | None = None


class Holder(Strict):
    """What a kind of organization that holds cases does with them."""

    staff: Annotated[list[Role], Field(min_length=1)]  # its members in these roles see its cases
    registers: list[Role] = []  # may register new cases there
    receives: list[Role] = []  # may receive (or return) cases handed to it
    # The number a case gets when registered or received there; none: it keeps the number it has.
    # Fields: {org} the organization's code, {kind} the kind's number code, {year}, {seq}.
    numbering: Annotated[str, StringConstraints(min_length=5, max_length=100)] | None = None


class LinkKind(Strict):
    """How one case relates to another: ``source_label`` names the source on the target's page,
    ``target_label`` the target on the source's page (a motion's page shows its main case)."""

    code: Code
    source_label: Text
    target_label: Text


class Format(Strict):
    pattern: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    hint: Text  # what the error message says the value should look like


class Formats(Strict):
    national_id: Format
    phone: Format
    postal_code: Format
    # Plausible dates: a date of birth at most this many years ago; a case received at most this many days ago.
    birth_years: Annotated[int, Field(ge=1, le=200)] = 120
    received_within_days: Annotated[int, Field(ge=1, le=36500)] = 366


class OutageRule(Strict):
    """When Adalat being unavailable moves procedural deadlines: unavailable for longer than
    ``longer_than_minutes`` in all (at once or not) between ``day_starts`` and ``day_ends`` of a day,
    in an organization's time zone, the deadlines it holds that fall that day move to its next
    working day."""

    longer_than_minutes: Annotated[int, Field(ge=0, le=1440)] = 60
    day_starts: dt.time = dt.time(6, 0)
    day_ends: dt.time = dt.time(23, 0)

    @model_validator(mode="after")
    def _ordered(self) -> OutageRule:
        if self.day_ends <= self.day_starts:
            raise ValueError("day_ends must come after day_starts")
        return self


class InstructionRule(Strict):
    """How long the holder of a case has to answer an instruction of its supervisor (the
    prosecutor's to the investigator), counted on the holder's calendar."""

    answer_days: Annotated[int, Field(ge=1, le=365)] = 3
    count: DayCount = DayCount.WORKING


class TermUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"  # calendar days; a term ends at midnight after its last day, where the case is held


class MeasureKind(Translated):
    """A measure of restraint (detention, house arrest, bail, a travel ban) and its terms.

    ``term`` is the longest first term, ``extension`` the longest one extension and ``limit`` the
    longest in all, in ``unit``; a measure without a term lasts until it is lifted. A ``court``
    measure is ordered and extended by a court: before trial the organization holding the case
    moves for it by a motion (a case of ``MeasureRules.motion_kind`` at the court). The motion that
    continues a measure (its extension, or the measure that follows it) is due ``file_before`` hours
    before the measure ends; ``warn`` says how many hours before that last moment to file it warns.
    A ``custody`` measure deprives a person of liberty: an outage never lengthens it, and past its
    end it is flagged on every screen of the case until the person's release is recorded."""

    code: Code
    custody: bool = False
    court: bool = False
    unit: TermUnit = TermUnit.DAYS
    term: Amount | None = None
    extension: Amount | None = None
    limit: Amount | None = None
    file_before: Annotated[int, Field(ge=0, le=8760)] = 0
    warn: list[Annotated[int, Field(ge=1, le=8760)]] = []
    # The participant roles of the people it may be applied to (a suspect, an accused).
    persons: Annotated[list[Code], Field(min_length=1)]


class MeasureRules(Strict):
    """The measures of restraint of the jurisdiction, and the kind of case a motion on one opens."""

    motion_kind: Code | None = None
    kinds: list[MeasureKind] = []

    def kind(self, code: str) -> MeasureKind:
        for kind in self.kinds:
            if kind.code == code:
                return kind
        raise KeyError(code)


class PetitionKind(Translated):
    """A kind of motion or complaint a party or their lawyer files on a case: who answers it (the
    organization holding the case, or its supervisor, the prosecutor) and within what time."""

    code: Code
    answered_by: Literal["holder", "supervisor"] = "holder"
    days: Annotated[int, Field(ge=1, le=365)] = 3
    count: DayCount = DayCount.WORKING


class FeeRule(Strict):
    """The court fee of a claim of ``kind`` (and ``category``, where given): ``fixed`` plus
    ``percent`` of the amount claimed, at least ``minimum`` and at most ``maximum``, in whole units
    of the pack's currency."""

    kind: Code
    category: Code | None = None
    fixed: Annotated[int, Field(ge=0, le=10**12)] = 0
    percent: Annotated[float, Field(ge=0, le=100)] = 0
    minimum: Annotated[int, Field(ge=0, le=10**12)] = 0
    maximum: Annotated[int, Field(ge=0, le=10**12)] | None = None


class FilingRules(Strict):
    """What people file with a court online: the kinds of case, the role the filer takes in each,
    the attachments allowed and the court fee."""

    kinds: dict[Code, Code] = {}  # kind -> the filer's participant role (civil: plaintiff)
    other_roles: list[Code] = []  # the roles the filer may give the other parties
    attachments: Annotated[int, Field(ge=0, le=50)] = 10
    attachment_megabytes: Annotated[int, Field(ge=1, le=1024)] = 20
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "XXX"
    fees: list[FeeRule] = []

    def fee_rule(self, kind: str, category: str) -> FeeRule | None:
        """The rule of ``kind`` and ``category``, else that of the kind as a whole."""
        matching = [r for r in self.fees if r.kind == kind and r.category in (category, None)]
        return next((r for r in matching if r.category == category), None) or next(iter(matching), None)


class PackHeader(Strict):
    code: Code
    name: Text
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    time_zone: str
    instances: dict[Annotated[int, Field(ge=1, le=9)], Text]
    security: Security = Security()
    participant_roles: Annotated[list[ParticipantRole], Field(min_length=1)]
    holders: Annotated[dict[OrganizationKind, Holder], Field(min_length=1)]
    # Who may do what to a case, by the roles they act in on it: ``case.assign: [clerk, chair]``.
    permissions: dict[PermissionCode, list[Role]]
    link_kinds: list[LinkKind] = []
    formats: Formats
    # When an outage of Adalat moves deadlines; none: outages are published but move nothing.
    outages: OutageRule | None = None
    # The time to answer a supervisor's instruction (who gives and answers them: ``permissions``).
    instructions: InstructionRule = InstructionRule()
    # Measures of restraint (who applies, moves for, decides and ends them: ``permissions``).
    measures: MeasureRules = MeasureRules()
    # Claims filed online (e-filing): none when ``kinds`` is empty.
    filing: FilingRules = FilingRules()
    # Motions and complaints of the parties (who files and answers them: ``permissions``).
    petitions: list[PetitionKind] = []


class ActTemplate(Strict):
    """An act Adalat makes as a PDF and its author signs (a motion, a court's decision): its title
    and its text in each language, with ``{fields}`` the module filing it fills in. Paragraphs are
    separated by a blank line; the first is the heading."""

    title: Text
    body: dict[LanguageCode, Annotated[str, StringConstraints(min_length=1, max_length=20000)]]


class Pack(Strict):
    """A loaded, validated pack."""

    header: PackHeader
    calendar: Calendar
    kinds: dict[str, CaseKind]
    acts: dict[Code, ActTemplate] = {}

    @property
    def code(self) -> str:
        return self.header.code

    @property
    def languages(self) -> list[str]:
        return self.header.languages

    def kind(self, code: str) -> CaseKind:
        return self.kinds[code]

    def participant_role(self, code: str) -> ParticipantRole:
        for role in self.header.participant_roles:
            if role.code == code:
                return role
        raise KeyError(code)

    def holder(self, kind: str) -> Holder | None:
        return self.header.holders.get(OrganizationKind(kind)) if kind in OrganizationKind.values else None

    def link_kind(self, code: str) -> LinkKind:
        for kind in self.header.link_kinds:
            if kind.code == code:
                return kind
        raise KeyError(code)

    def permitted(self, permission: str) -> frozenset[Role]:
        """The roles the pack lets do ``permission`` (none when it does not name it)."""
        return frozenset(self.header.permissions.get(permission, ()))
