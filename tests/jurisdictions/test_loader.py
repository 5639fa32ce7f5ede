"""A pack is validated when loaded; a broken one is refused with the file, the field and the reason."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from adalat.jurisdictions.loader import PackError, load_pack

DEMO = Path(__file__).resolve().parents[2] / "adalat" / "jurisdictions" / "demo"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DEMO, target)
    return target


def edit(root: Path, name: str, change: Callable[[dict], None]) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_demo_pack_loads_with_its_four_kinds_and_the_motion_on_a_measure() -> None:
    pack = load_pack(DEMO)
    assert set(pack.kinds) == {"criminal", "civil", "administrative", "misdemeanour", "custody_motion"}
    assert [k.code for k in pack.kinds.values() if not k.standalone] == [pack.header.measures.motion_kind]
    assert pack.header.measures.kind("arrest").unit == "hours" and pack.header.measures.kind("detention").court
    assert pack.languages == ["en", "ru"]
    assert pack.kind("civil").transition("accept").to == "preparation"


def test_measures_must_be_coherent(pack_dir: Path) -> None:
    edit(pack_dir, "pack.yaml", lambda d: d["measures"]["kinds"][1].pop("limit"))
    with pytest.raises(PackError, match="an extendable measure needs a limit"):
        load_pack(pack_dir)
    edit(pack_dir, "pack.yaml", lambda d: d["measures"].update(motion_kind="civil", kinds=d["measures"]["kinds"][:1]))
    with pytest.raises(PackError, match="standalone: false"):
        load_pack(pack_dir)


def test_a_stages_plain_description_is_optional(pack_dir: Path) -> None:
    edit(pack_dir, "kinds/civil.yaml", lambda d: d["stages"][0].pop("description"))
    civil = load_pack(pack_dir).kind("civil")
    assert civil.stage("received").explained("ru") == ""
    assert civil.stage("hearing").explained("ru").startswith("Суд рассматривает дело")
    assert civil.stage("hearing").explained("en").startswith("The court is hearing the case")


@pytest.mark.parametrize(
    ("name", "change", "path", "field", "reason"),
    [
        (
            "kinds/criminal.yaml",
            lambda d: d["transitions"][9].update(to="nowhere"),
            "kinds/criminal.yaml",
            "transitions[9].to",
            "unknown stage 'nowhere'",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d["transitions"][0].update({"from": ["received", "limbo"]}),
            "kinds/civil.yaml",
            "transitions[0].from[1]",
            "unknown stage 'limbo'",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d["transitions"][0].update(roles=["janitor"]),
            "kinds/civil.yaml",
            "transitions[0].roles[0]",
            "Input should be",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d["transitions"][0].update(roles=["statistician"]),
            "kinds/civil.yaml",
            "transitions[0].roles[0]",
            "cannot act on a case",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d.update(initial_stage="void"),
            "kinds/criminal.yaml",
            "initial_stage",
            "unknown stage",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][0]["name"].pop("ru"),
            "kinds/criminal.yaml",
            "stages[0].name",
            "no text in ru",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d["stages"][2]["description"].pop("ru"),
            "kinds/civil.yaml",
            "stages[2].description",
            "no text in ru",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d["stages"][2]["description"].update(en="x" * 301),
            "kinds/civil.yaml",
            "stages[2].description.en",
            "at most 300 characters",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"][0].update(days=0),
            "kinds/criminal.yaml",
            "stages[6].deadlines[0].days",
            "greater than or equal to 1",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"][0].update(count="lunar"),
            "kinds/criminal.yaml",
            "stages[6].deadlines[0].count",
            "Input should be",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"][0].update(hours=48),
            "kinds/criminal.yaml",
            "stages[6].deadlines[0]",
            "either days or hours",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"].append({"days": 3}),
            "kinds/criminal.yaml",
            "stages[6].deadlines[1].code",
            "duplicate deadline 'preparation'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"][0].update(start="event"),
            "kinds/criminal.yaml",
            "stages[6].deadlines[0].event",
            "exactly when start is 'event'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][6]["deadlines"][0].update(extendable_to=10),
            "kinds/criminal.yaml",
            "stages[6].deadlines[0].extendable_to",
            "longer than the deadline",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["transitions"][9].update(extends=[{"deadline": "preparation", "days": 10}]),
            "kinds/criminal.yaml",
            "transitions[9].extends[0].deadline",
            "no extendable deadline 'preparation'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][7].update(holder="prosecutor_office"),
            "kinds/criminal.yaml",
            "transitions[9].handover",
            "the holder changes",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][7].update(holder="bar"),
            "kinds/criminal.yaml",
            "stages[7].holder",
            "not among the pack's holders",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][7].update(holder="prosecutor_office", instances=[2]),
            "kinds/criminal.yaml",
            "stages[7].instances",
            "only courts have instances",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][0].update(holder="prosecutor_office"),
            "kinds/criminal.yaml",
            "initial_stage",
            "who registers cases there",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][3].update(opens=["officer"]),
            "kinds/criminal.yaml",
            "stages[3].opens[0]",
            "cannot act on a case",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["stages"][0].update(materials=["statistician"]),
            "kinds/criminal.yaml",
            "stages[0].materials[0]",
            "cannot act on a case",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d.update(also_starts_at=["limbo"]),
            "kinds/criminal.yaml",
            "also_starts_at[0]",
            "unknown stage 'limbo'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d.update(also_starts_at=["received", "trial"]),
            "kinds/criminal.yaml",
            "also_starts_at[1]",
            "already start at another stage of a court",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d.update(also_starts_at=["prosecution_review"]),
            "kinds/criminal.yaml",
            "also_starts_at[0]",
            "who registers cases there",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["role_changes"][0].update({"from": "jester"}),
            "kinds/criminal.yaml",
            "role_changes[0].from",
            "'jester' is not a participant role of this kind",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["role_changes"][0].update(stages=["limbo"]),
            "kinds/criminal.yaml",
            "role_changes[0].stages[0]",
            "unknown stage 'limbo'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["role_changes"][0].update(action="accept"),
            "kinds/criminal.yaml",
            "role_changes[0].action",
            "duplicate action 'accept'",
        ),
        (
            "kinds/criminal.yaml",
            lambda d: d["role_changes"][0].update(to="suspect"),
            "kinds/criminal.yaml",
            "role_changes[0].to",
            "the role must change",
        ),
        ("kinds/criminal.yaml", lambda d: d.update(colour="red"), "kinds/criminal.yaml", "colour", "Extra inputs"),
        # files load in name order: administrative.yaml takes CV first, so civil.yaml is refused
        (
            "kinds/administrative.yaml",
            lambda d: d.update(number_code="CV"),
            "kinds/civil.yaml",
            "number_code",
            "already used",
        ),
        (
            "kinds/civil.yaml",
            lambda d: d.update(participant_roles=["jester"]),
            "kinds/civil.yaml",
            "participant_roles[0]",
            "unknown participant role",
        ),
        (
            "pack.yaml",
            lambda d: d["holders"]["court"].update(numbering="{org}-{kind}-{year}"),
            "pack.yaml",
            "holders.court.numbering",
            "must contain {seq}",
        ),
        (
            "pack.yaml",
            lambda d: d["holders"]["court"].update(numbering="{org}-{month}-{seq}"),
            "pack.yaml",
            "holders.court.numbering",
            "unknown field 'month'",
        ),
        (
            "pack.yaml",
            lambda d: d["holders"]["court"].update(registers=["prosecutor"]),
            "pack.yaml",
            "holders.court.registers[0]",
            "not among the staff",
        ),
        (
            "pack.yaml",
            lambda d: d["holders"]["court"].update(staff=["system"]),
            "pack.yaml",
            "holders.court.staff[0]",
            "cannot act on a case",
        ),
        (
            "pack.yaml",
            lambda d: d["permissions"].update({"case.assign": ["officer"]}),
            "pack.yaml",
            "permissions.case.assign[0]",
            "cannot act on a case",
        ),
        (
            "pack.yaml",
            lambda d: d["link_kinds"].append(d["link_kinds"][0]),
            "pack.yaml",
            "link_kinds[4].code",
            "duplicate link kind 'motion'",
        ),
        (
            "pack.yaml",
            lambda d: d["formats"]["national_id"].update(pattern="(unclosed"),
            "pack.yaml",
            "formats.national_id.pattern",
            "not a valid regular expression",
        ),
        (
            "pack.yaml",
            lambda d: d["formats"]["phone"]["hint"].pop("ru"),
            "pack.yaml",
            "formats.phone.hint",
            "no text in ru",
        ),
        ("pack.yaml", lambda d: d.update(time_zone="Mars/Olympus"), "pack.yaml", "time_zone", "unknown time zone"),
        (
            "pack.yaml",
            lambda d: d["security"].update(second_factor_roles=["wizard"]),
            "pack.yaml",
            "security.second_factor_roles[0]",
            "Input should be",
        ),
        (
            "calendar.yaml",
            lambda d: d["holidays"][0].update(day=32),
            "calendar.yaml",
            "holidays[0].day",
            "less than or equal to 31",
        ),
        (
            "calendar.yaml",
            lambda d: d["holidays"][0].update(month=2, day=30),
            "calendar.yaml",
            "holidays[0].day",
            "day is out of range",
        ),
        (
            "calendar.yaml",
            lambda d: d["holidays"][0].update(date="2026-01-01"),
            "calendar.yaml",
            "holidays[0]",
            "either a date or a month",
        ),
    ],
)
def test_a_broken_pack_is_refused_naming_file_field_and_reason(
    pack_dir: Path, name: str, change: Callable[[dict], None], path: str, field: str, reason: str
) -> None:
    edit(pack_dir, name, change)
    with pytest.raises(PackError) as caught:
        load_pack(pack_dir)
    assert (caught.value.path, caught.value.field) == (path, field)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: {field}: ")


def test_a_missing_file_and_bad_yaml_are_named(pack_dir: Path) -> None:
    (pack_dir / "calendar.yaml").unlink()
    with pytest.raises(PackError, match=r"^calendar.yaml: file is missing$"):
        load_pack(pack_dir)
    (pack_dir / "calendar.yaml").write_text("holidays: [unclosed", encoding="utf-8")
    with pytest.raises(PackError, match=r"^calendar.yaml: not valid YAML"):
        load_pack(pack_dir)


def test_a_pack_without_kinds_is_refused(pack_dir: Path) -> None:
    shutil.rmtree(pack_dir / "kinds")
    with pytest.raises(PackError, match="at least one case kind"):
        load_pack(pack_dir)


def test_a_new_kind_needs_no_code(pack_dir: Path) -> None:
    kind = yaml.safe_load((pack_dir / "kinds" / "misdemeanour.yaml").read_text(encoding="utf-8"))
    kind.update(code="bankruptcy", number_code="BK", name={"en": "Bankruptcy", "ru": "Банкротство"})
    (pack_dir / "kinds" / "bankruptcy.yaml").write_text(yaml.safe_dump(kind, allow_unicode=True), encoding="utf-8")
    assert "bankruptcy" in load_pack(pack_dir).kinds
