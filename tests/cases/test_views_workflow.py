"""The workflow panel of the case page: the kind's stages drawn with the current one and those the
case passed marked, the history beside it in the viewer's time zone, in either language; the pack's
texts escaped; nothing for those who may not see the case."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.test import Client, override_settings

from adalat.cases.models import Case
from adalat.jurisdictions.loader import load_pack
from adalat.organizations.models import Organization
from tests.api.test_case_workflow import criminal_case_at_court
from tests.cases.factories import register
from tests.cases.pretrial import PACK, Pretrial, report, step
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _stage_classes(html: str) -> dict[str, str]:
    """Each stage box of the diagram: the first words of its name, and its state (current, reached or "")."""
    found = re.findall(r'<g class="workflow-stage workflow-holder-\d( workflow-\w+)?">\s*<title>([^(<]+) \(', html)
    return {name.strip(): state.replace(" workflow-", "") for state, name in found}


def test_the_case_page_draws_the_workflow_with_the_current_stage_and_the_stages_passed(
    client: Client, world: World
) -> None:
    case_id, _investigator = criminal_case_at_court(world)

    client.force_login(world.clerk)
    html = client.get(f"/cases/{case_id}/").content.decode()

    panel = html[html.index('id="panel-workflow"') :]
    assert '<svg class="workflow-svg" role="img" aria-labelledby="workflow-title workflow-desc"' in panel
    assert "The case is now at the stage Received." in panel
    states = _stage_classes(panel)
    assert len(states) == 15  # every stage of the criminal kind
    assert {name: state for name, state in states.items() if state} == {
        "Pre-trial investigation": "reached",
        "With the prosecutor": "reached",
        "Received": "current",
    }
    assert "<title>Approve the indictment and send to court</title>" in panel  # each step names itself
    assert '<details class="workflow-map">' in panel  # a large workflow is folded
    # the text alternative: every stage in order, the current one marked
    stages = panel[panel.index('<ol class="workflow-stages">') : panel.index("</ol>")]
    assert stages.count("<li") == 15
    assert re.search(r'<li aria-current="step" class="workflow-current">\s*<strong>Received</strong>', stages)
    # the history: each stage reached, when (in the clerk's time zone) and who held it
    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel[panel.index("workflow-history") :]))
    assert "2026-11-16 14:00 Pre-trial investigation District Police" in history
    assert "2026-11-17 14:00 With the prosecutor District Prosecutor" in history
    assert "2026-11-18 14:00 Received First District Court" in history


def test_dates_are_in_the_viewers_time_zone(client: Client, world: World) -> None:
    Organization.objects.filter(pk=world.court.pk).update(time_zone="Europe/Moscow")
    case_id, _investigator = criminal_case_at_court(world)

    client.force_login(world.clerk)
    html = client.get(f"/cases/{case_id}/").content.decode()

    assert "2026-11-16 12:00" in html and "2026-11-16 14:00" not in html


def test_the_workflow_in_russian(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, kind="civil")

    client.force_login(world.clerk)
    client.cookies["django_language"] = "ru"
    html = client.get(f"/cases/{case.pk}/").content.decode()

    panel = html[html.index('id="panel-workflow"') :]
    assert ">Ход дела</h2>" in html
    assert "Дело сейчас на стадии Поступило." in panel
    assert _stage_classes(panel)["Поступило"] == "current"
    assert "Областной апелляционный суд" in panel
    assert "Пройденные стадии" in panel


def test_a_small_workflow_is_open_and_its_pack_texts_are_escaped(
    client: Client, pretrial: Pretrial, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    felony = pack / "kinds" / "felony.yaml"
    text = felony.read_text(encoding="utf-8")
    text = text.replace(
        "{en: Investigation, ru: Расследование}", '{en: "<script>alert(1)</script> & co", ru: Расследование}'
    )
    text = text.replace("{en: Suspend, ru: Приостановить}", '{en: "Suspend <b>now</b>", ru: Приостановить}')
    felony.write_text(text, encoding="utf-8")

    with override_settings(PACK=load_pack(pack)):
        case = step(pretrial.investigator, report(pretrial), "open_investigation")
        client.force_login(pretrial.investigator)
        html = client.get(f"/cases/{case.pk}/").content.decode()

    assert Case.objects.get(pk=case.pk).stage == "investigation"
    assert "<script>alert" not in html and "<b>now" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<title>Suspend &lt;b&gt;now&lt;/b&gt;</title>" in html
    assert '<details class="workflow-map" open>' in html  # six stages: shown at once


def test_someone_who_may_not_see_the_case_gets_no_page(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)

    client.force_login(world.other_clerk)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
