"""Load a jurisdiction pack from a folder of YAML files and refuse a broken one.

A refusal names the file, the field and the reason::

    kinds/criminal.yaml: transitions[2].to: unknown stage 'decidd'
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from adalat.core.roles import CASE_ROLES, Role

from .schema import (
    ActTemplate,
    Calendar,
    CaseKind,
    Code,
    DeadlineStart,
    Pack,
    PackHeader,
    Stage,
    Transition,
    deadline_code,
)

NUMBERING_FIELDS = {"org", "kind", "year", "seq"}


class PackError(Exception):
    """A pack that cannot be used; the message names the file, the field and the reason."""

    def __init__(self, path: str, field: str, reason: str) -> None:
        self.path, self.field, self.reason = path, field, reason
        super().__init__(f"{path}: {field}: {reason}" if field else f"{path}: {reason}")


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out.replace("from_", "from") or "(top)"


def _read(root: Path, name: str) -> Any:
    path = root / name
    if not path.is_file():
        raise PackError(name, "", "file is missing")
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise PackError(name, "", f"not valid YAML ({exc})") from exc


def _parse(model: type[Any], data: Any, name: str) -> Any:
    if not isinstance(data, dict):
        raise PackError(name, "", "expected a mapping at the top of the file")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise PackError(name, _location(tuple(first["loc"])), first["msg"]) from exc


def _check_texts(texts: dict[str, str], languages: list[str], name: str, field: str) -> None:
    missing = [code for code in languages if code not in texts]
    if missing:
        raise PackError(name, field, f"no text in {', '.join(missing)}")


def _check_numbering(number_format: str, name: str, field: str) -> None:
    try:
        fields = {part for _, part, _, _ in string.Formatter().parse(number_format) if part is not None}
    except ValueError as exc:
        raise PackError(name, field, f"not a valid format ({exc})") from exc
    unknown = fields - NUMBERING_FIELDS
    if unknown:
        raise PackError(name, field, f"unknown field {sorted(unknown)[0]!r}; use {', '.join(sorted(NUMBERING_FIELDS))}")
    if "seq" not in fields:
        raise PackError(name, field, "must contain {seq}")
    try:
        number_format.format(org="C", kind="K", year=2000, seq=1)
    except (ValueError, KeyError) as exc:
        raise PackError(name, field, f"not a valid format ({exc})") from exc


def _check_header(header: PackHeader) -> None:
    name = "pack.yaml"
    try:
        ZoneInfo(header.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PackError(name, "time_zone", f"unknown time zone {header.time_zone!r}") from exc
    _check_texts(header.name, header.languages, name, "name")
    for level, text in header.instances.items():
        _check_texts(text, header.languages, name, f"instances.{level}")
    seen: set[str] = set()
    for i, participant_role in enumerate(header.participant_roles):
        if participant_role.code in seen:
            raise PackError(name, f"participant_roles[{i}].code", f"duplicate role {participant_role.code!r}")
        seen.add(participant_role.code)
        _check_texts(participant_role.name, header.languages, name, f"participant_roles[{i}].name")
    for kind, holder in header.holders.items():
        field = f"holders.{kind.value}"
        for part in ("staff", "registers", "receives"):
            for j, role in enumerate(getattr(holder, part)):
                if role not in CASE_ROLES or role == Role.SYSTEM:
                    raise PackError(name, f"{field}.{part}[{j}]", f"{role.value!r} cannot act on a case")
                if part != "staff" and role not in holder.staff:
                    raise PackError(name, f"{field}.{part}[{j}]", f"{role.value!r} is not among the staff")
        if holder.numbering is not None:
            _check_numbering(holder.numbering, name, f"{field}.numbering")
    for permission, roles in header.permissions.items():
        for j, role in enumerate(roles):
            if role not in CASE_ROLES:
                raise PackError(name, f"permissions.{permission}[{j}]", f"{role.value!r} cannot act on a case")
    codes: set[str] = set()
    for i, link in enumerate(header.link_kinds):
        if link.code in codes:
            raise PackError(name, f"link_kinds[{i}].code", f"duplicate link kind {link.code!r}")
        codes.add(link.code)
        _check_texts(link.source_label, header.languages, name, f"link_kinds[{i}].source_label")
        _check_texts(link.target_label, header.languages, name, f"link_kinds[{i}].target_label")
    for part in ("national_id", "phone", "postal_code"):
        rule = getattr(header.formats, part)
        try:
            re.compile(rule.pattern)
        except re.error as exc:
            raise PackError(name, f"formats.{part}.pattern", f"not a valid regular expression ({exc})") from exc
        _check_texts(rule.hint, header.languages, name, f"formats.{part}.hint")


def _check_calendar(calendar: Calendar, languages: list[str]) -> None:
    name = "calendar.yaml"
    for i, holiday in enumerate(calendar.holidays):
        field = f"holidays[{i}]"
        if (holiday.date is None) == (holiday.month is None):
            raise PackError(name, field, "give either a date or a month and a day")
        if holiday.month is not None:
            if holiday.day is None:
                raise PackError(name, f"{field}.day", "a yearly holiday needs a day")
            try:
                dt.date(2000, holiday.month, holiday.day)  # 2000 is a leap year
            except ValueError as exc:
                raise PackError(name, f"{field}.day", str(exc)) from exc
        _check_texts(holiday.name, languages, name, f"{field}.name")


def _check_stage(stage: Stage, i: int, kind: CaseKind, header: PackHeader, name: str) -> set[str]:
    """Check one stage; return the codes of its deadlines."""
    field = f"stages[{i}]"
    _check_texts(stage.name, header.languages, name, f"{field}.name")
    if stage.description is not None:
        _check_texts(stage.description, header.languages, name, f"{field}.description")
    holder = stage.holder or kind.holder
    if holder not in header.holders:
        raise PackError(name, f"{field}.holder", f"{holder.value!r} is not among the pack's holders")
    if stage.instances and holder != "court":
        raise PackError(name, f"{field}.instances", "only courts have instances")
    for j, level in enumerate(stage.instances):
        if level not in header.instances:
            raise PackError(name, f"{field}.instances[{j}]", f"the pack has no instance {level}")
    for j, role in enumerate(stage.materials or ()):
        if role not in CASE_ROLES:
            raise PackError(name, f"{field}.materials[{j}]", f"{role.value!r} cannot act on a case")
    for j, role in enumerate(stage.opens):
        if role not in CASE_ROLES:
            raise PackError(name, f"{field}.opens[{j}]", f"{role.value!r} cannot act on a case")
    codes: set[str] = set()
    for j, spec in enumerate(stage.deadlines):
        where = f"{field}.deadlines[{j}]"
        code = deadline_code(stage, spec)
        if code in codes:
            raise PackError(name, f"{where}.code", f"duplicate deadline {code!r} (give each deadline a code)")
        codes.add(code)
        if (spec.days is None) == (spec.hours is None):
            raise PackError(name, where, "give either days or hours")
        if (spec.start == DeadlineStart.EVENT) != (spec.event is not None):
            raise PackError(name, f"{where}.event", "an event starts the deadline exactly when start is 'event'")
        if spec.extendable_to is not None and spec.extendable_to <= spec.amount:
            raise PackError(name, f"{where}.extendable_to", "must be longer than the deadline itself")
        if spec.name is not None:
            _check_texts(spec.name, header.languages, name, f"{where}.name")
    return codes


def _check_kind(kind: CaseKind, header: PackHeader, name: str) -> None:
    languages = header.languages
    _check_texts(kind.name, languages, name, "name")
    stage_codes: list[str] = []
    for i, stage in enumerate(kind.stages):
        if stage.code in stage_codes:
            raise PackError(name, f"stages[{i}].code", f"duplicate stage {stage.code!r}")
        stage_codes.append(stage.code)
        _check_stage(stage, i, kind, header, name)
    known = ", ".join(stage_codes)
    if kind.initial_stage not in stage_codes:
        raise PackError(name, "initial_stage", f"unknown stage {kind.initial_stage!r} (stages: {known})")
    starts = [("initial_stage", kind.initial_stage)] + [
        (f"also_starts_at[{i}]", code) for i, code in enumerate(kind.also_starts_at)
    ]
    holders_seen: set[str] = set()
    for field, code in starts:
        if code not in stage_codes:
            raise PackError(name, field, f"unknown stage {code!r} (stages: {known})")
        holder_kind = kind.holder_of(code)
        if holder_kind in holders_seen:
            raise PackError(name, field, f"cases of this kind already start at another stage of a {holder_kind}")
        holders_seen.add(holder_kind)
        first = header.holders.get(holder_kind)
        if kind.standalone and (first is None or not first.registers or first.numbering is None):
            raise PackError(name, field, "its holder must say who registers cases there and how they are numbered")
    actions: set[str] = set()
    for i, transition in enumerate(kind.transitions):
        field = f"transitions[{i}]"
        if transition.action in actions:
            raise PackError(name, f"{field}.action", f"duplicate action {transition.action!r}")
        actions.add(transition.action)
        for j, source in enumerate(transition.from_):
            if source not in stage_codes:
                raise PackError(name, f"{field}.from[{j}]", f"unknown stage {source!r} (stages: {known})")
        if transition.to not in stage_codes:
            raise PackError(name, f"{field}.to", f"unknown stage {transition.to!r} (stages: {known})")
        for j, role in enumerate(transition.roles):
            if role not in CASE_ROLES:
                raise PackError(name, f"{field}.roles[{j}]", f"{role.value!r} cannot act on a case")
        _check_texts(transition.name, languages, name, f"{field}.name")
        _check_custody(kind, transition, header, name, field)
        for j, extension in enumerate(transition.extends):
            where = f"{field}.extends[{j}]"
            if (extension.days is None) == (extension.hours is None):
                raise PackError(name, where, "give either days or hours")
            for source in transition.from_:
                spec = kind.deadline_spec(source, extension.deadline)
                if spec is None or spec.extendable_to is None:
                    raise PackError(
                        name, f"{where}.deadline", f"stage {source!r} has no extendable deadline {extension.deadline!r}"
                    )
                if (spec.hours is None) != (extension.hours is None):
                    raise PackError(name, where, f"extend {extension.deadline!r} in its own unit (days or hours)")
    roles = {role.code for role in header.participant_roles}
    for i, code in enumerate(kind.participant_roles):
        if code not in roles:
            raise PackError(name, f"participant_roles[{i}]", f"unknown participant role {code!r}")
    for i, change in enumerate(kind.role_changes):
        field = f"role_changes[{i}]"
        if change.action in actions:
            raise PackError(name, f"{field}.action", f"duplicate action {change.action!r}")
        actions.add(change.action)
        for part, taking_part in (("from", change.from_), ("to", change.to)):
            if taking_part not in kind.participant_roles:
                raise PackError(name, f"{field}.{part}", f"{taking_part!r} is not a participant role of this kind")
        if change.from_ == change.to:
            raise PackError(name, f"{field}.to", "the role must change")
        for j, where in enumerate(change.stages):
            if where not in stage_codes:
                raise PackError(name, f"{field}.stages[{j}]", f"unknown stage {where!r} (stages: {known})")
        for j, acting in enumerate(change.roles):
            if acting not in CASE_ROLES:
                raise PackError(name, f"{field}.roles[{j}]", f"{acting.value!r} cannot act on a case")
        _check_texts(change.name, languages, name, f"{field}.name")
    if kind.subject == "category" and not kind.categories:
        raise PackError(name, "categories", "a kind whose subject is a category must list its categories")
    for i, category in enumerate(kind.categories):
        _check_texts(category.name, languages, name, f"categories[{i}].name")


def _check_custody(kind: CaseKind, transition: Transition, header: PackHeader, name: str, field: str) -> None:
    """A step that changes the kind of organization holding the case (or the court's instance)
    must be a hand-over, and a hand-over needs someone to receive it."""
    target = kind.stage(transition.to)
    for source in transition.from_:
        here = kind.stage(source)
        moves = kind.holder_of(source) != kind.holder_of(target.code) or set(here.instances) != set(target.instances)
        if moves and transition.handover is None:
            raise PackError(name, f"{field}.handover", f"from {source!r} to {target.code!r} the holder changes")
    if transition.handover is not None and not header.holders[kind.holder_of(target.code)].receives:
        raise PackError(name, f"{field}.handover", "the receiving holder must say who receives cases")


def _check_filing(header: PackHeader, kinds: dict[str, CaseKind]) -> None:
    name = "pack.yaml"
    rules = header.filing
    roles = {r.code for r in header.participant_roles}
    for code, role in rules.kinds.items():
        kind = kinds.get(code)
        if kind is None or not kind.standalone or kind.starting_stage("court") is None:
            raise PackError(name, f"filing.kinds.{code}", "not a kind of case that starts at a court")
        if role not in kind.participant_roles:
            raise PackError(name, f"filing.kinds.{code}", f"{role!r} is not a participant role of this kind")
    codes: set[str] = set()
    for i, petition in enumerate(header.petitions):
        if petition.code in codes:
            raise PackError(name, f"petitions[{i}].code", f"duplicate kind {petition.code!r}")
        codes.add(petition.code)
        _check_texts(petition.name, header.languages, name, f"petitions[{i}].name")
    for i, role in enumerate(rules.other_roles):
        if role not in roles:
            raise PackError(name, f"filing.other_roles[{i}]", f"unknown participant role {role!r}")
    for i, fee in enumerate(rules.fees):
        field = f"filing.fees[{i}]"
        if fee.kind not in rules.kinds:
            raise PackError(name, f"{field}.kind", f"{fee.kind!r} is not filed online")
        if fee.category is not None and fee.category not in {c.code for c in kinds[fee.kind].categories}:
            raise PackError(name, f"{field}.category", f"unknown category {fee.category!r}")
        if fee.maximum is not None and fee.maximum < fee.minimum:
            raise PackError(name, f"{field}.maximum", "must be at least the minimum")


def _check_measures(header: PackHeader, kinds: dict[str, CaseKind]) -> None:
    name = "pack.yaml"
    rules = header.measures
    roles = {r.code for r in header.participant_roles}
    seen: set[str] = set()
    for i, measure in enumerate(rules.kinds):
        field = f"measures.kinds[{i}]"
        if measure.code in seen:
            raise PackError(name, f"{field}.code", f"duplicate measure {measure.code!r}")
        seen.add(measure.code)
        _check_texts(measure.name, header.languages, name, f"{field}.name")
        for j, role in enumerate(measure.persons):
            if role not in roles:
                raise PackError(name, f"{field}.persons[{j}]", f"unknown participant role {role!r}")
        if measure.term is None and (measure.extension or measure.limit or measure.file_before or measure.warn):
            raise PackError(name, f"{field}.term", "a measure without a term has no extension, limit or warnings")
        if measure.term is not None and measure.limit is not None and measure.limit < measure.term:
            raise PackError(name, f"{field}.limit", "must be at least the term")
        if measure.extension is not None and measure.limit is None:
            raise PackError(name, f"{field}.limit", "an extendable measure needs a limit")
        if measure.court and rules.motion_kind is None:
            raise PackError(name, "measures.motion_kind", "court measures need the kind of case a motion opens")
    if rules.motion_kind is not None:
        motion = kinds.get(rules.motion_kind)
        if motion is None:
            raise PackError(name, "measures.motion_kind", f"unknown kind {rules.motion_kind!r}")
        if motion.standalone:
            raise PackError(name, "measures.motion_kind", "a motion's kind must say standalone: false")
        filing = [t for t in motion.transitions_from(motion.initial_stage) if t.handover is not None]
        if len(filing) != 1 or motion.holder_of(filing[0].to) != "court":
            raise PackError(name, "measures.motion_kind", "its first stage needs one hand-over step to a court")


class _Acts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    acts: dict[Code, ActTemplate] = {}


def _acts(root: Path, header: PackHeader) -> dict[str, ActTemplate]:
    """The acts' templates (``acts.yaml``, optional): a text in every language, well-formed fields."""
    name = "acts.yaml"
    if not (root / name).exists():
        return {}
    acts: dict[str, ActTemplate] = _parse(_Acts, _read(root, name), name).acts
    for code, act in acts.items():
        for part in ("title", "body"):
            texts = getattr(act, part)
            _check_texts(texts, header.languages, name, f"acts.{code}.{part}")
            for language, text in texts.items():
                try:
                    list(string.Formatter().parse(text))
                except ValueError as exc:
                    raise PackError(name, f"acts.{code}.{part}.{language}", f"not a valid template ({exc})") from exc
    return acts


def act_fields(act: ActTemplate) -> set[str]:
    """The fields an act's template uses, in every language."""
    return {
        field
        for texts in (act.title, act.body)
        for text in texts.values()
        for _, field, _, _ in string.Formatter().parse(text)
        if field is not None
    }


def load_pack(root: Path) -> Pack:
    """Read and validate the pack in ``root``; raise :class:`PackError` if it is broken."""
    if not root.is_dir():
        raise PackError(str(root), "", "no such folder")
    header: PackHeader = _parse(PackHeader, _read(root, "pack.yaml"), "pack.yaml")
    _check_header(header)
    calendar: Calendar = _parse(Calendar, _read(root, "calendar.yaml"), "calendar.yaml")
    _check_calendar(calendar, header.languages)
    kinds: dict[str, CaseKind] = {}
    number_codes: dict[str, str] = {}
    files = sorted((root / "kinds").glob("*.yaml"))
    if not files:
        raise PackError("kinds/", "", "a pack needs at least one case kind")
    for path in files:
        name = f"kinds/{path.name}"
        kind: CaseKind = _parse(CaseKind, _read(root, name), name)
        if kind.code in kinds:
            raise PackError(name, "code", f"kind {kind.code!r} is declared twice")
        if kind.number_code in number_codes:
            raise PackError(
                name, "number_code", f"{kind.number_code!r} is already used by {number_codes[kind.number_code]!r}"
            )
        _check_kind(kind, header, name)
        kinds[kind.code] = kind
        number_codes[kind.number_code] = kind.code
    _check_measures(header, kinds)
    _check_filing(header, kinds)
    acts = _acts(root, header)
    return Pack(acts=acts, header=header, calendar=calendar, kinds=kinds)
