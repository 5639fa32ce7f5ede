"""The schema of a jurisdiction pack. Pure data classes: nothing here touches Django."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from adalat.core.roles import Role

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Text = dict[LanguageCode, Annotated[str, StringConstraints(min_length=1, max_length=300)]]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Translated(Strict):
    """Helpers for things with a ``name`` in several languages."""

    name: Text

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get(language.split("-")[0]) or next(iter(self.name.values()))


class DayCount(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class DeadlineStart(StrEnum):
    ENTERED = "entered"  # counted from the day the case entered the stage
    RECEIVED = "received"  # counted from the day the court received the case


class DeadlineSpec(Strict):
    days: Annotated[int, Field(ge=1, le=3650)]
    count: DayCount = DayCount.CALENDAR
    start: DeadlineStart = DeadlineStart.ENTERED

    def describe(self) -> str:
        return f"{self.days} {self.count.value} days from {self.start.value}"


class StageStatus(StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Stage(Translated):
    code: Code
    status: StageStatus = StageStatus.OPEN
    resolves: bool = False
    deadline: DeadlineSpec | None = None


class Requirement(StrEnum):
    JUDGE_ASSIGNED = "judge_assigned"


class Transition(Translated):
    action: Code
    from_: Annotated[list[Code], Field(alias="from", min_length=1)]
    to: Code
    roles: Annotated[list[Role], Field(min_length=1)]
    requires: list[Requirement] = []


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
    initial_stage: Code
    stages: Annotated[list[Stage], Field(min_length=1)]
    transitions: list[Transition]

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise KeyError(code)

    def has_stage(self, code: str) -> bool:
        return any(stage.code == code for stage in self.stages)

    def transitions_from(self, stage_code: str) -> list[Transition]:
        return [t for t in self.transitions if stage_code in t.from_]

    def transition(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise KeyError(action)

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)


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


class Security(Strict):
    second_factor_roles: list[Role] = []
    lockout_attempts: Annotated[int, Field(ge=1, le=100)] = 5
    lockout_minutes: Annotated[int, Field(ge=1, le=1440)] = 15


class ParticipantRole(Translated):
    code: Code
    # The case role a person linked to this participant acts in; none: the person is
    # on the case (a witness, an interpreter) but does not see its file.
    acts_as: Role | None = None


class PackHeader(Strict):
    code: Code
    name: Text
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    time_zone: str
    numbering: Annotated[str, StringConstraints(min_length=5, max_length=100)]
    instances: dict[Annotated[int, Field(ge=1, le=9)], Text]
    security: Security = Security()
    participant_roles: Annotated[list[ParticipantRole], Field(min_length=1)]


class Pack(Strict):
    """A loaded, validated pack."""

    header: PackHeader
    calendar: Calendar
    kinds: dict[str, CaseKind]

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
