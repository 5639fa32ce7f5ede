"""The case page, the case API and the navigation are made of what modules register: a new module
adds its panel, its action and its entry without touching the case screens."""

from __future__ import annotations

import pytest
from django.test import Client

from adalat.cases import panels
from adalat.cases.models import Case
from adalat.cases.panels import CaseAction, Panel
from adalat.core import navigation
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearings_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a hearings module would register, with a template the test writes."""
    monkeypatch.setattr(panels, "_panels", dict(panels._panels))
    monkeypatch.setattr(panels, "_actions", dict(panels._actions))
    monkeypatch.setattr(navigation, "_entries", dict(navigation._entries))
    panels.panel(
        Panel(
            "hearings",
            "Hearings",
            45,
            "cases/panels/links.html",  # any template: it receives the panel's context
            lambda request, case, bound: {"links": [], "can_link": False},
            shown=lambda user, case: case.judge_id is not None,
            api=lambda case: f"/api/v1/cases/{case.pk}/hearings",
        )
    )
    panels.action(CaseAction("schedule", "Schedule a hearing", 10, url=lambda case: f"/hearings/new/?case={case.pk}"))
    navigation.nav_entry(
        "calendar", label="Calendar", url_name="cases:list", order=35, shown=lambda user: user.username == "judge1"
    )


def test_a_modules_panel_action_and_entry_appear_where_they_are_shown(
    client: Client, world: World, hearings_module: None
) -> None:
    with_judge = register(clerk=world.clerk, court=world.court, judge=world.judge)
    without = register(clerk=world.clerk, court=world.court)

    client.force_login(world.judge)
    html = client.get(f"/cases/{with_judge.pk}/").content.decode()
    assert 'id="panel-hearings"' in html and ">Hearings</h2>" in html
    order = [html.index(f'id="panel-{code}"') for code in ("deadlines", "hearings", "documents")]
    assert order == sorted(order)
    assert f'href="/hearings/new/?case={with_judge.pk}">Schedule a hearing</a>' in html
    assert ">Calendar</a>" in html

    client.force_login(world.clerk)
    html = client.get(f"/cases/{without.pk}/").content.decode()
    assert 'id="panel-hearings"' not in html and ">Calendar</a>" not in html

    parts = api_client(world.judge).get(f"/api/v1/cases/{with_judge.pk}").json()["parts"]
    assert {"code": "hearings", "title": "Hearings", "href": f"/api/v1/cases/{with_judge.pk}/hearings"} in parts
    assert {p["code"] for p in parts} >= {"participants", "documents", "deadlines"}


def test_the_navigation_shows_each_person_what_they_may_use(client: Client, world: World) -> None:
    def entries(user) -> list[str]:  # type: ignore[no-untyped-def]
        client.force_login(user)
        nav = client.get("/work/").content.decode().split('<nav aria-label="Main">')[1].split("</nav>")[0]
        return [label.split(">")[-1] for label in nav.split("</a>")[:-1]]

    assert entries(world.clerk) == ["My work", "Cases", "Register a case", "Incoming", "Claims"]
    assert entries(world.chair) == ["My work", "Cases", "Custody terms", "Progress"]
    assert entries(world.lawyer) == ["My work", "Cases", "Motions and complaints", "Claims"]
    assert entries(world.prosecutor) == [
        "My work",
        "Cases",
        "Incoming",
        "Motions and complaints",
        "Instructions",
        "Custody terms",
    ]


def test_the_case_api_lists_where_each_part_is(world: World) -> None:
    case: Case = register(clerk=world.clerk, court=world.court)
    client = api_client(world.clerk)
    parts = {p["code"]: p["href"] for p in client.get(f"/api/v1/cases/{case.pk}").json()["parts"]}
    assert parts == {
        "participants": f"/api/v1/cases/{case.pk}/participants",
        "links": f"/api/v1/cases/{case.pk}/links",
        "handovers": f"/api/v1/cases/{case.pk}/handovers",
        "workflow": f"/api/v1/cases/{case.pk}/workflow",
        "instructions": f"/api/v1/cases/{case.pk}/instructions",
        "petitions": f"/api/v1/cases/{case.pk}/petitions",
        "measures": f"/api/v1/cases/{case.pk}/measures",
        "deadlines": f"/api/v1/cases/{case.pk}/deadlines",
        "documents": f"/api/v1/cases/{case.pk}/documents",
        "timeline": f"/api/v1/cases/{case.pk}/events",
    }
    for href in parts.values():
        assert client.get(href).status_code == 200, href
