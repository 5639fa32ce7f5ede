"""The actions of the case page: steps of the workflow, assigning the judge, adding and removing
participants. Each either changes the case and says so, or changes nothing and says why."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent, Participant
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world: World) -> Case:
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def events(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("code", flat=True))


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- steps of the workflow ------------------------------------------------------------------------


def test_a_step_moves_the_case_and_leaves_its_trace(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    response = client.post(
        f"/cases/{case.pk}/transition/",
        {"action": "accept", "expected_version": "1", "note": "All papers in"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    assert "Done. The case is now at the stage Preparation for trial." in text(response)
    case.refresh_from_db()
    assert (case.stage, case.version) == ("preparation", 2)
    event = CaseEvent.objects.get(case=case, code="transition", data__action="accept")
    assert (event.actor, event.data) == (world.clerk, {"action": "accept"})
    assert event.texts.get().text == "All papers in"
    assert AuditEntry.objects.filter(action="case.transition", object_id=str(case.pk)).exists()
    sentence = "Accept for proceedings (from Received to Preparation for trial). Note: All papers in"
    assert f"{world.clerk.display_name}: {sentence}" in text(response)


def test_a_judge_cannot_move_a_case_not_assigned_to_them(client: Client, world: World, case: Case) -> None:
    client.force_login(world.judge2)
    response = client.post(f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1"})

    assert response.status_code == 403
    assert "You may not do this." in text(response)
    case.refresh_from_db()
    assert case.stage == "received" and events(case)[-1] == "participant_added"


def test_a_role_that_may_not_take_the_step_is_refused_with_the_reason(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    client.post(f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1"})
    response = client.post(f"/cases/{case.pk}/transition/", {"action": "schedule_trial", "expected_version": "2"})
    assert response.status_code == 403
    assert "Your role on this case may not take this step." in text(response)
    assert Case.objects.get(pk=case.pk).stage == "preparation"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "accept", "expected_version": "7"}, "The case was changed by someone else in the meantime"),
        ({"action": "deliver_judgment", "expected_version": "1"}, "This step is not possible at the current stage."),
        ({"action": "accept"}, "The form was incomplete."),
        ({"action": "accept", "expected_version": "one"}, "The form was incomplete."),
    ],
)
def test_a_stale_or_impossible_step_asks_to_look_again(
    client: Client, world: World, case: Case, data: dict[str, str], message: str
) -> None:
    client.force_login(world.clerk)
    response = client.post(f"/cases/{case.pk}/transition/", data, follow=True)

    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    assert message in text(response)
    assert "The page now shows the case as it is" in text(response)
    assert Case.objects.get(pk=case.pk).version == 1


def test_a_note_too_long_is_explained_beside_the_note(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    response = client.post(
        f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1", "note": "x" * 2001}
    )

    assert response.status_code == 422
    html = text(response)
    assert "The note is longer than 2000 characters." in html
    assert 'id="id_accept_note"' in html and 'aria-invalid="true"' in html
    assert Case.objects.get(pk=case.pk).stage == "received"


def test_an_unknown_step_is_explained(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    response = client.post(f"/cases/{case.pk}/transition/", {"action": "acquit", "expected_version": "1"})
    assert response.status_code == 422
    assert "has no step acquit" in text(response)


def test_steps_on_cases_one_may_not_see_are_not_found(client: Client, world: World, case: Case) -> None:
    client.force_login(world.other_clerk)
    response = client.post(f"/cases/{case.pk}/transition/", {"action": "accept", "expected_version": "1"})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).stage == "received"


def test_actions_take_only_posts(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    for path in ("transition/", "judge/", "participants/"):
        assert client.get(f"/cases/{case.pk}/{path}").status_code == 405


# --- the judge --------------------------------------------------------------------------------------


def test_assigning_another_judge(client: Client, world: World, case: Case) -> None:
    client.force_login(world.chair)
    response = client.post(
        f"/cases/{case.pk}/judge/",
        {"judge": str(world.judge2.pk), "reason": "Workload", "expected_version": "1"},
        follow=True,
    )
    assert f"The case is assigned to judge {world.judge2.display_name}." in text(response)
    case.refresh_from_db()
    assert case.judge == world.judge2
    event = CaseEvent.objects.filter(case=case, code="judge_assigned").last()
    assert event is not None and event.texts.get(name="reason").text == "Workload" and event.actor == world.chair


@pytest.mark.parametrize(
    ("judge", "message"),
    [
        ("SAME", "This judge is already assigned."),
        ("OTHER_COURT", "Select a valid choice."),
        ("", "This field is required."),
    ],
)
def test_a_wrong_judge_is_explained_beside_the_field(
    client: Client, world: World, case: Case, judge: str, message: str
) -> None:
    value = {"SAME": str(world.judge.pk), "OTHER_COURT": str(world.other_judge.pk), "": ""}[judge]
    client.force_login(world.clerk)
    response = client.post(f"/cases/{case.pk}/judge/", {"judge": value, "expected_version": "1"})

    assert response.status_code == 422
    html = text(response)
    assert message in html
    assert 'id="id_assign_judge"' in html and 'aria-invalid="true"' in html
    assert Case.objects.get(pk=case.pk).judge == world.judge


def test_a_judge_may_not_assign_and_a_stranger_does_not_find_the_case(client: Client, world: World, case: Case) -> None:
    client.force_login(world.judge)
    assert (
        client.post(f"/cases/{case.pk}/judge/", {"judge": str(world.judge2.pk), "expected_version": "1"}).status_code
        == 403
    )
    client.force_login(world.lawyer)
    assert (
        client.post(f"/cases/{case.pk}/judge/", {"judge": str(world.judge2.pk), "expected_version": "1"}).status_code
        == 404
    )
    assert Case.objects.get(pk=case.pk).judge == world.judge


# --- participants -------------------------------------------------------------------------------------


def test_adding_a_participant(client: Client, world: World, case: Case) -> None:
    client.force_login(world.judge)
    data = {
        "add-role": "victim",
        "add-kind": "person",
        "add-name": "Sidorov Petr",
        "add-email": "petr@example.org",
        "add-e_service_consent": "on",
    }
    response = client.post(f"/cases/{case.pk}/participants/", data, follow=True)

    assert "Sidorov Petr is added to the case." in text(response)
    participant = Participant.objects.get(case=case, role="victim")
    assert participant.party.email == "petr@example.org" and participant.party.e_service_consent
    assert events(case)[-1] == "participant_added"


def test_a_participant_with_errors_is_explained_beside_each_field(client: Client, world: World, case: Case) -> None:
    client.force_login(world.clerk)
    data = {
        "add-role": "plaintiff",
        "add-kind": "organization",
        "add-name": " ",
        "add-email": "not-an-address",
        "add-birth_date": "2000-01-01",
    }
    response = client.post(f"/cases/{case.pk}/participants/", data)

    assert response.status_code == 422
    html = text(response)
    for field, message in (
        ("role", "Choose one of the roles of this kind of case: Accused,"),
        ("name", "Give the name."),
        ("email", "This is not an e-mail address."),
        ("birth_date", "An organization has no date of birth."),
    ):
        error = html.split(f'<ul class="errorlist" id="id_add-{field}_error"><li>')[1].split("</li>")[0]
        assert message in error
        assert re.search(f'aria-invalid="true" aria-describedby="[^"]*id_add-{field}_error"', html)
    assert '<details class="card" open>' in html  # the form stays open with what was typed
    assert Participant.objects.filter(case=case).count() == 1


def test_removing_a_participant_needs_a_reason(client: Client, world: World, case: Case) -> None:
    participant = Participant.objects.get(case=case)
    client.force_login(world.clerk)
    url = f"/cases/{case.pk}/participants/{participant.pk}/remove/"

    response = client.post(url, {"reason": ""})
    assert response.status_code == 422
    assert "Say why the participant is removed." in text(response)
    assert Participant.objects.get(pk=participant.pk).removed_at is None

    response = client.post(url, {"reason": "Entered twice"}, follow=True)
    assert "Ivanov Ivan Ivanovich is removed from the case." in text(response)
    assert Participant.objects.get(pk=participant.pk).removed_at is not None
    event = CaseEvent.objects.get(case=case, code="participant_removed")
    assert event.texts.get(name="reason").text == "Entered twice"

    again = client.post(url, {"reason": "Entered twice"}, follow=True)
    assert "This participant was already removed." in text(again)


def test_participants_of_another_case_or_by_others_are_refused(client: Client, world: World, case: Case) -> None:
    other = register(clerk=world.clerk, court=world.court)
    participant = Participant.objects.get(case=other)
    client.force_login(world.clerk)
    assert client.post(f"/cases/{case.pk}/participants/{participant.pk}/remove/", {"reason": "x"}).status_code == 404
    client.force_login(world.chair)
    mine = Participant.objects.get(case=case)
    assert client.post(f"/cases/{case.pk}/participants/{mine.pk}/remove/", {"reason": "x"}).status_code == 403
    response = client.post(
        f"/cases/{case.pk}/participants/", {"add-role": "witness", "add-kind": "person", "add-name": "W"}
    )
    assert response.status_code == 403
    assert Participant.objects.filter(removed_at__isnull=True).count() == 2


def test_an_investigator_charges_the_suspect_from_the_case_page(client: Client, world: World) -> None:
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(police, Role.INVESTIGATOR, username="investigator")
    suspect = ParticipantData(role="suspect", party=PartyData(kind="person", name="Bekov Arman"))
    case = register(
        clerk=investigator, court=police, participants=[suspect], received_on=clock.today_in(police.time_zone)
    )
    participant = case.participants.get()
    client.force_login(investigator)
    html = text(client.get(f"/cases/{case.pk}/"))
    assert f'action="/cases/{case.pk}/participants/{participant.pk}/act/"' in html
    assert "Charge: Bekov Arman" in html
    # why the case cannot go to the prosecutor yet, where the step would be
    assert "Send to the prosecutor:</span> There is no Accused on the case yet." in html
    response = client.post(
        f"/cases/{case.pk}/participants/{participant.pk}/act/", {"action": "charge", "note": "Art. 188"}
    )
    assert response.status_code == 302
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "Charge: Bekov Arman is now Accused." in page
    assert "Charge. Bekov Arman is now Accused (was Suspect). Note: Art. 188" in page
    participant.refresh_from_db()
    assert participant.role == "accused" and f"/participants/{participant.pk}/act/" not in page
    assert "There is no Accused on the case yet." not in page and ">Send to the prosecutor</button>" in page
    # again: he is no suspect now; the page says why and nothing changes
    again = client.post(f"/cases/{case.pk}/participants/{participant.pk}/act/", {"action": "charge"})
    assert again.status_code == 302
    assert "Bekov Arman is on the case as Accused; this act is for a Suspect." in text(client.get(f"/cases/{case.pk}/"))
    assert events(case).count("participant_role_changed") == 1
    # a clerk of a court sees no such act and may not do it
    client.force_login(world.clerk)
    assert client.post(f"/cases/{case.pk}/participants/{participant.pk}/act/", {"action": "charge"}).status_code == 404


def test_an_investigator_on_a_courts_case_does_not_manage_its_participants(client: Client, world: World) -> None:
    police = OrganizationFactory(code="PD01", name="District Police", kind=Organization.Kind.INVESTIGATIVE_BODY)
    investigator = member(police, Role.INVESTIGATOR, username="investigator")
    on_it = ParticipantData(role="investigator", organization_id=police.pk)
    accused = ParticipantData(role="accused", party=PartyData(kind="person", name="Bekov Arman"))
    case = register(clerk=world.clerk, court=world.court, participants=[accused, on_it])
    client.force_login(investigator)
    page = text(client.get(f"/cases/{case.pk}/"))
    assert case.number in page and "Add a participant" not in page and "Link to another case" not in page
    refused = client.post(
        f"/cases/{case.pk}/participants/", {"add-role": "witness", "add-kind": "person", "add-name": "Intruder"}
    )
    assert refused.status_code == 403
    assert not case.participants.filter(party__name="Intruder").exists()
    # on a case the police hold, the investigator does
    own = register(
        clerk=investigator, court=police, participants=[accused], received_on=clock.today_in(police.time_zone)
    )
    assert "Add a participant" in text(client.get(f"/cases/{own.pk}/"))
