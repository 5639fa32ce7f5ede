"""Measures of restraint through the API, on the case pages and with ``adalat custody``: the whole
motion walked by the investigator, the clerk and the judge, the lawyer reading, bad input refused
with the field named, and a custody past its end flagged on every screen of the case."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from adalat.cases.models import Case
from adalat.restraint.models import Measure, Motion
from tests.api.clients import api_client, error_fields, problem
from tests.api.state import database_state
from tests.restraint.conftest import Held

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC)  # 10:00 in Almaty


@time_machine.travel(MONDAY, tick=False)
def test_the_api_walks_an_arrest_a_motion_and_the_decision(held: Held) -> None:
    w = held.world
    police = api_client(held.investigator)
    base = f"/api/v1/cases/{held.case.pk}"
    applied = police.post(
        f"{base}/measures",
        {"kind": "arrest", "participant": held.suspect.pk, "term": 72},
        content_type="application/json",
    )
    assert applied.status_code == 201, applied.content
    arrest = applied.json()
    assert (arrest["state"], arrest["custody"], arrest["person"]["name"]) == ("running", True, "Abenov Serik")
    assert arrest["ends_at"].startswith("2026-11-26T05:00") and arrest["file_by"].startswith("2026-11-24T17:00")
    filed = police.post(
        f"{base}/motions",
        {
            "kind": "detention",
            "participant": held.suspect.pk,
            "term": 60,
            "grounds": "Flight risk",
            "court": w.court.pk,
        },
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    motion = filed.json()
    assert motion["motion_number"] == f"{held.case.number}/M1" and motion["decided_at"] is None
    # the court's registry finds it in its inbox, receives it and assigns a judge
    clerk = api_client(w.clerk)
    assert [h["case"] for h in clerk.get("/api/v1/cases/incoming").json()] == [motion["motion_case"]]
    version = Case.objects.get(pk=motion["motion_case"]).version
    received = clerk.post(
        f"/api/v1/cases/{motion['motion_case']}/receive", {"expected_version": version}, content_type="application/json"
    )
    assert received.status_code == 200, received.content
    assigned = clerk.put(
        f"/api/v1/cases/{motion['motion_case']}/judge", {"judge": w.judge.pk}, content_type="application/json"
    )
    assert assigned.status_code == 200, assigned.content
    judge = api_client(w.judge)
    decision = judge.post(
        f"/api/v1/cases/{motion['motion_case']}/motion/decision",
        {"granted": True, "term": 30, "reasons": "Grounds made out"},
        content_type="application/json",
    )
    assert decision.status_code == 200, decision.content
    assert (decision.json()["granted"], decision.json()["granted_term"]) == (True, 30)
    # the lawyer reads the measures of the main case; the prosecutor watches the term
    read = api_client(w.lawyer).get(f"{base}/measures").json()
    assert [(m["kind"], m["state"], m["end"]) for m in read["measures"]] == [
        ("detention", "running", ""),
        ("arrest", "ended", "replaced"),
    ]
    assert read["motions"][0]["granted"] is True
    watched = api_client(w.prosecutor).get("/api/v1/custody").json()
    assert [(m["kind"], m["case_number"]) for m in watched] == [("detention", held.case.number)]
    assert api_client(w.other_judge).get("/api/v1/custody").json() == []


@time_machine.travel(MONDAY, tick=False)
def test_bad_input_names_the_field_and_changes_nothing(held: Held) -> None:
    police = api_client(held.investigator)
    base = f"/api/v1/cases/{held.case.pk}"
    witness = held.case.participants.get(role="witness")
    lawyer = api_client(held.world.lawyer)
    before = database_state()
    for body, field in (
        ({"kind": "arrest", "participant": held.suspect.pk, "term": 73}, "term"),
        ({"kind": "arrest", "participant": held.suspect.pk}, "term"),
        ({"kind": "arrest", "participant": witness.pk, "term": 10}, "participant"),
        ({"kind": "detention", "participant": held.suspect.pk, "term": 10}, "kind"),
        ({"kind": "travel_ban", "participant": held.suspect.pk, "term": 10}, "term"),
        ({"kind": "arrest\ud800", "participant": held.suspect.pk, "term": 10}, "kind"),
        ({"kind": "arrest", "participant": 2**63, "term": 10}, "participant"),
    ):
        assert field in error_fields(police.post(f"{base}/measures", body, content_type="application/json")), body
    assert "grounds" in error_fields(
        police.post(
            f"{base}/motions",
            {
                "kind": "detention",
                "participant": held.suspect.pk,
                "term": 60,
                "grounds": " ",
                "court": held.world.court.pk,
            },
            content_type="application/json",
        )
    )
    assert "court" in error_fields(
        police.post(
            f"{base}/motions",
            {"kind": "detention", "participant": held.suspect.pk, "term": 60, "grounds": "x"},
            content_type="application/json",
        )
    )
    problem(
        lawyer.post(
            f"{base}/measures", {"kind": "travel_ban", "participant": held.suspect.pk}, content_type="application/json"
        ),
        403,
    )
    assert database_state() == before


def test_the_case_page_applies_a_measure_and_flags_a_custody_past_its_end(client: Client, held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        client.force_login(held.investigator)
        page = client.get(f"/cases/{held.case.pk}/").content.decode()
        assert "Measures of restraint" in page and "Apply a measure" in page and "Move the court for a measure" in page
        refused = client.post(
            f"/cases/{held.case.pk}/measures/", {"kind": "arrest", "participant": held.suspect.pk, "term": "500"}
        )
        assert refused.status_code == 422 and Measure.objects.count() == 0
        done = client.post(
            f"/cases/{held.case.pk}/measures/", {"kind": "arrest", "participant": held.suspect.pk, "term": "72"}
        )
        assert done.status_code == 302
        moved = client.post(
            f"/cases/{held.case.pk}/measures/motion/",
            {
                "kind": "detention",
                "participant": held.suspect.pk,
                "term": "60",
                "note": "",
                "court": held.world.court.pk,
            },
        )
        assert moved.status_code == 422 and Motion.objects.count() == 0  # the grounds are required
    with time_machine.travel(MONDAY + dt.timedelta(hours=73), tick=False):
        client.force_login(held.investigator)  # a new day's session
        for path in (f"/cases/{held.case.pk}/", f"/cases/{held.case.pk}/documents/"):
            page = client.get(path).content.decode()
            assert "Arrest of a suspect of Abenov Serik ended at 2026-11-26 10:00." in page, path
        client.force_login(held.world.prosecutor)
        listed = client.get("/custody/?overdue=1").content.decode()
        assert held.case.number in listed and "past its end" in listed
        client.force_login(held.investigator)
        client.post(
            f"/cases/{held.case.pk}/measures/{Measure.objects.get().pk}/end/", {"end": "released", "note": "Let go"}
        )
        assert "ended at" not in client.get(f"/cases/{held.case.pk}/").content.decode()


def test_the_judge_decides_the_motion_on_its_page_in_russian(client: Client, held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        motion = held.move(kind="detention", term=60)
        held.receive(motion)
        client.force_login(held.world.judge)
        client.cookies["django_language"] = "ru"
        page = client.get(f"/cases/{motion.motion_case_id}/").content.decode()
        assert "Решение по ходатайству" in page
        assert (
            client.post(
                f"/cases/{motion.motion_case_id}/motion/decision/", {"granted": "yes", "term": "", "reasons": "x"}
            ).status_code
            == 422
        )
        done = client.post(
            f"/cases/{motion.motion_case_id}/motion/decision/",
            {"granted": "yes", "term": "45", "reasons": "Основания есть"},
        )
        assert done.status_code == 302
    assert Measure.objects.get(kind="detention").participant == held.suspect


def test_the_custody_command_lists_the_overdue_and_fails_while_someone_is_held_past_the_end(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        held.apply("arrest", 72)
    out, err = StringIO(), StringIO()
    with time_machine.travel(MONDAY + dt.timedelta(hours=37), tick=False):
        call_command("custody", "--overdue", stdout=out, stderr=err)
        assert out.getvalue().startswith(f"file_overdue\t{held.case.number}\tArrest of a suspect\tAbenov Serik\t")
    with time_machine.travel(MONDAY + dt.timedelta(hours=72), tick=False), pytest.raises(SystemExit) as failed:
        call_command("custody", "--as", "investigator", stdout=out, stderr=err)
    assert failed.value.code == 1 and "1 held past the end" in err.getvalue()


@time_machine.travel(MONDAY, tick=False)
def test_the_page_records_an_arrest_made_earlier_in_the_cases_local_time(client: Client, held: Held) -> None:
    client.force_login(held.investigator)
    # 09:30 in Almaty is 04:30 UTC, half an hour before now
    done = client.post(
        f"/cases/{held.case.pk}/measures/",
        {"kind": "arrest", "participant": held.suspect.pk, "term": "72", "started_at": "2026-11-23T09:30"},
    )
    assert done.status_code == 302
    assert Measure.objects.get().started_at == MONDAY - dt.timedelta(minutes=30)
