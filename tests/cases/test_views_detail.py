"""The case page: what it shows, to whom, and which actions it offers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.files import File
from django.db import transaction
from django.test import Client

from adalat.audit.models import AuditEntry
from adalat.cases import selectors, services
from adalat.cases.models import Case, CaseEvent, Party
from adalat.cases.services import ParticipantData
from adalat.documents.services import document_upload, document_version_add
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 12, 11, 6, 0, tzinfo=dt.UTC)


def page(client: Client, case: Case) -> str:
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_the_summary_in_the_readers_language(client: Client, world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(
            clerk=world.clerk,
            court=world.court,
            kind="civil",
            judge=world.judge,
            title="Unpaid rent",
            received_on=dt.date(2026, 12, 10),
        )
        client.force_login(world.clerk)
        html = page(client, case)
        client.cookies["django_language"] = "ru"
        russian = page(client, case)

    for text in (case.number, "Unpaid rent", "First District Court", "Civil", "Received", "Contract disputes"):
        assert text in html
    assert world.judge.display_name in html and world.clerk.display_name in html
    assert "2026-12-10" in html and "2026-12-21" in html  # received, and due five working days later
    assert "Гражданское" in russian and "Договорные споры" in russian and "Поступило" in russian


def test_an_overdue_deadline_is_highlighted(client: Client, world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court)
    with time_machine.travel(FRIDAY + dt.timedelta(days=30), tick=False):
        client.force_login(world.clerk)
        html = page(client, case)
    assert '<span class="badge overdue">overdue</span>' in html
    assert '<span class="overdue">2026-12-21</span>' in html


def test_a_restricted_case_shows_its_badge_and_its_reading_is_audited(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, confidentiality="sealed")
    client.force_login(world.clerk)
    html = page(client, case)
    assert '<span class="badge restricted">Sealed</span>' in html
    assert AuditEntry.objects.filter(action="case.read", object_id=str(case.pk), actor_name="clerk").exists()


def test_someone_elses_case_is_not_found(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    sealed = register(clerk=world.clerk, court=world.court, confidentiality="sealed")
    for user, target in ((world.other_clerk, case), (world.lawyer, case), (world.judge, sealed)):
        client.force_login(user)
        response = client.get(f"/cases/{target.pk}/")
        assert response.status_code == 404
        assert "No such case." in response.content.decode()
    assert client.get("/cases/999999/").status_code == 404
    assert client.get("/cases/99999999999999999999999/").status_code == 404


def test_the_timeline_reads_as_sentences(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.case_transition(actor=world.clerk, case=locked, action="accept", note="Papers complete")
    client.force_login(world.judge)
    html = page(client, case)
    clerk = world.clerk.display_name
    assert f"{clerk} registered the case; it is at the stage Received." in html
    assert f"{clerk} assigned the case to judge {world.judge.display_name}." in html
    assert f"{clerk} added Ivanov Ivan Ivanovich as Accused." in html
    assert f"{clerk}: Accept for proceedings (from Received to Preparation for trial)." in html
    assert "Papers complete" in html


def test_deadlines_current_and_past(client: Client, world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 12, 10))
    with time_machine.travel(FRIDAY + dt.timedelta(days=30), tick=False):
        with transaction.atomic():
            locked = selectors.case_get(user=world.judge, case_id=case.pk, for_update=True)
            services.case_transition(actor=world.judge, case=locked, action="accept")
        client.force_login(world.judge)
        html = page(client, case)
    assert "missed" in html  # the received stage's deadline (21 December) passed before the case moved on
    assert "Preparation for trial" in html and "running" in html


def test_a_deadlines_rule_reads_in_the_readers_language(client: Client, world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 12, 10))
        client.force_login(world.judge)
        english = page(client, case).split('id="panel-deadlines"')[1].split("</section>")[0]
        client.cookies["django_language"] = "ru"
        russian = page(client, case).split('id="panel-deadlines"')[1].split("</section>")[0]
    assert "5 working days from entering the stage" in english
    assert "5 рабочих дней со дня перехода на стадию" in russian and "working" not in russian  # noqa: RUF001


def test_buttons_only_for_the_steps_this_user_may_take_now(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    client.force_login(world.judge2)  # a judge of the court, but not of this case
    html = page(client, case)
    assert f'action="/cases/{case.pk}/transition/"' not in html

    client.force_login(world.clerk)
    html = page(client, case)
    assert ">Accept for proceedings</button>" in html
    assert 'name="expected_version" value="1"' in html
    assert ">Schedule the trial</button>" not in html  # (the workflow's diagram names every step)

    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.case_transition(actor=world.clerk, case=locked, action="accept")
    client.force_login(world.judge)
    html = page(client, case)
    for step in ("Schedule the trial", "Return to the prosecutor", "Suspend", "Terminate the case"):
        assert f">{step}</button>" in html
    assert ">Accept for proceedings</button>" not in html
    assert 'name="expected_version" value="2"' in html


def test_without_a_judge_the_clerk_is_offered_no_acceptance(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client.force_login(world.clerk)
    html = page(client, case)
    assert ">Accept for proceedings</button>" not in html
    assert "Assign a judge" in html


def test_participant_and_judge_forms_only_for_those_allowed(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    add = f'action="/cases/{case.pk}/participants/"'
    remove = f'action="/cases/{case.pk}/participants/'
    assign = f'action="/cases/{case.pk}/judge/"'
    expected = {
        world.clerk: {add, remove, assign},
        world.judge: {add, remove},
        world.chair: {assign},
        world.judge2: set(),
    }
    for user, forms in expected.items():
        client.force_login(user)
        html = page(client, case)
        assert {form for form in (add, remove, assign) if form in html} == forms, user.username


def test_a_lawyer_on_the_case_reads_it_but_changes_nothing(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    party = Party.objects.create(
        kind="person", name="Counsel", search_name="counsel", user=world.lawyer, created_at=FRIDAY
    )
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.participant_add(actor=world.clerk, case=locked, data=ParticipantData(role="lawyer", party_id=party.pk))
    client.force_login(world.lawyer)
    html = page(client, case)
    assert "Counsel" in html and "Lawyer" in html
    # the lawyer files motions and complaints (their own panel); nothing else of the case is theirs to change
    assert "File a motion or a complaint" in html
    own = re.sub(r'<section aria-labelledby="petitions-heading".*?</section>', "", html, flags=re.S)
    assert "<button" not in own.split('<main id="main">')[1].split('id="documents-heading"')[0]


def test_the_documents_panel_is_on_the_case_page(client: Client, world: World) -> None:
    """The documents module registers its panel: the list and the upload form are on the case page."""
    case = register(clerk=world.clerk, court=world.court)
    client.force_login(world.clerk)
    html = page(client, case)
    assert 'id="panel-documents"' in html and 'id="case-documents"' in html
    assert f'hx-post="/cases/{case.pk}/documents/"' in html and "No documents yet." in html
    panels = re.findall(r'<section aria-labelledby="[a-z_]+-heading" id="panel-([a-z_]+)"', html)
    assert panels == ["participants", "links", "workflow", "deadlines", "documents", "timeline"]


def test_the_case_page_needs_a_login(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_events_of_other_modules_read_as_sentences_too(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        document = document_upload(
            actor=world.clerk, case=locked, title="Indictment", file=File(io.BytesIO(PDF)), filename="a.pdf"
        )
        document_version_add(
            actor=world.clerk, document=document, file=File(io.BytesIO(PDF + b" ")), filename="b.pdf", note="Signed"
        )
    # an event of a module that is no longer installed: its type is unknown, the timeline still shows it
    CaseEvent.objects.create(case=case, actor=world.clerk, code="hearing_scheduled", at=FRIDAY, data={"hearing": 1})
    client.force_login(world.clerk)
    html = page(client, case)
    clerk = world.clerk.display_name
    assert f"{clerk} added the document “Indictment”." in html
    assert f"{clerk} added version 2 of the document “Indictment”." in html
    assert f"{clerk}: hearing scheduled." in html


def test_a_step_waiting_for_a_precondition_says_what_is_missing(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    client.force_login(world.clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Accept for proceedings:</span> A judge must be assigned first." in html
    assert ">Accept for proceedings</button>" not in html
    client.force_login(world.lawyer)  # no role that takes the step: nothing to say
    assert "A judge must be assigned first." not in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_case_of_a_kind_the_pack_no_longer_has_still_opens(client: Client, world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    Case.objects.filter(pk=case.pk).update(kind="abolished")
    client.force_login(world.clerk)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200 and case.number in response.content.decode()
    assert api_client(world.clerk).get(f"/api/v1/cases/{case.pk}/acts").json() == []
