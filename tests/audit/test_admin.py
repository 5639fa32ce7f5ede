"""The log in the Django admin: administrators read it, search and filter it; nobody adds,
changes or deletes entries."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from adalat.audit import checkpoints, labels
from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import browser, member
from tests.audit import tampering
from tests.cases.factories import register
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/audit/auditentry/"


def test_the_log_is_listed_newest_first(admin_browser: Client, log: list[AuditEntry]) -> None:
    response = admin_browser.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    newest, oldest = log[-1], log[0]
    assert page.index(f">{newest.seq}<") < page.index(f">{oldest.seq}<")
    assert f"Case {json.loads(newest.data)['number']}" in page


def test_an_entry_is_shown_but_cannot_be_changed(admin_browser: Client, log: list[AuditEntry]) -> None:
    entry = log[0]
    page = admin_browser.get(f"{LIST}{entry.pk}/change/")
    assert page.status_code == 200 and entry.hash in page.content.decode()
    response = admin_browser.post(f"{LIST}{entry.pk}/change/", {"actor_name": "someone else"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == entry.actor_name


def test_entries_cannot_be_added_or_deleted(admin_browser: Client, log: list[AuditEntry]) -> None:
    assert admin_browser.get(f"{LIST}add/").status_code == 403
    assert admin_browser.post(f"{LIST}{log[0].pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() >= len(log)


def test_an_administrator_verifies_the_log_from_the_admin(admin_browser: Client, log: list[AuditEntry]) -> None:
    assert "Verify the log" in admin_browser.get(LIST).content.decode()
    form = admin_browser.get(f"{LIST}verify/")
    assert form.status_code == 200 and "Verify now" in form.content.decode()
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is whole." in page


def test_the_admin_page_names_the_broken_entry(admin_browser: Client, log: list[AuditEntry]) -> None:
    victim = log[1]
    tampering.update(victim.seq, action="case.nothing_happened")
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is broken." in page and f"#{victim.seq}" in page


def test_others_cannot_open_the_verification_page(log: list[AuditEntry], client: Client) -> None:
    clerk = member(OrganizationFactory(kind=Organization.Kind.COURT, instance=1), Role.CLERK, username="clerk")
    client.force_login(clerk)
    assert client.post(f"{LIST}verify/").status_code == 302  # to the log-in page: not staff


def test_the_admin_page_names_the_latest_checkpoint_and_a_missing_copy(
    admin_browser: Client, log: list[AuditEntry], audit_files: Path
) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is whole." in page
    assert f"The latest signed checkpoint, {path.name}, records entry #{len(log)}" in page
    assert "The 1 checkpoint holds." in page
    assert "No mirror is configured" in page


def test_the_admin_page_shows_a_log_cut_short_of_its_checkpoint(
    admin_browser: Client, log: list[AuditEntry], audit_files: Path
) -> None:
    checkpoints.checkpoint_write()
    tampering.delete(log[-1].seq)
    tampering.set_head(log[-2].seq, log[-2].hash)
    page = admin_browser.post(f"{LIST}verify/").content.decode()
    assert "The log is broken." in page
    assert f"the log ends at #{log[-2].seq}" in page
    assert "1 of 1 checkpoints fails:" in page


# --- Reading the log: labels, times, search, who may ---------------------------------------------


def rows(page: str) -> list[str]:
    """The rows of the change list, as text."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")[:-1]]


@time_machine.travel(dt.datetime(2026, 3, 2, 23, 30, 5, 123456, tzinfo=dt.UTC), tick=False)
def test_actions_read_as_words_and_times_in_the_viewers_zone_to_the_second(admin_browser: Client, world: World) -> None:
    register(clerk=world.clerk, court=world.court)

    page = admin_browser.get(LIST).content.decode()

    registered = next(row for row in rows(page) if "Registered a case" in row)
    # The viewer's organization keeps Tokyo time (UTC+9): 23:30 UTC is the next morning there.
    assert "2026-03-03 08:30:05 JST" in registered
    assert "clerk" in registered and "Case DC01-CR-2026-" in registered
    assert "case.registered" not in " ".join(rows(page)) and "23:30:05.123456" not in " ".join(rows(page))


def test_the_log_speaks_russian(admin_browser: Client, log: list[AuditEntry]) -> None:
    admin_browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = admin_browser.get(LIST).content.decode()
    assert "Регистрация дела" in page
    assert "чтение дел и документов ограниченного доступа" in page


def test_steps_of_the_workflow_read_as_the_pack_names_them(admin_browser: Client, db: None) -> None:
    audit_record(actor=None, action="case.transition.assign_judge", object_type="case", object_id=7)
    assert labels.action_label("case.transition.assign_judge").startswith("Moved a case on: ")
    assert labels.action_label("case.transition.no_such_step") == "Moved a case on: no_such_step"
    assert labels.action_label("organization.update") == "Organization: changed"
    assert labels.action_label("something.new") == "something.new"


@pytest.mark.parametrize(
    ("term", "found", "left_out"),
    [
        ("judge1", "Assigned a judge", "Registered a case"),  # the actor
        ("registered a", "Registered a case", "Assigned a judge"),  # the action, as people read it
        ("judge_assigned", "Assigned a judge", "Registered a case"),  # the action's code
    ],
)
def test_the_log_is_searched_by_actor_and_action(
    admin_browser: Client, world: World, term: str, found: str, left_out: str
) -> None:
    case = register(clerk=world.clerk, court=world.court)
    audit_record(actor=world.judge, action="case.judge_assigned", object_type="case", object_id=case.pk)

    page = admin_browser.get(LIST, {"q": term}).content.decode()

    assert any(found in row for row in rows(page))
    assert not any(left_out in row for row in rows(page))


def test_the_log_is_searched_by_case_number(admin_browser: Client, world: World) -> None:
    first, second = register(clerk=world.clerk, court=world.court), register(clerk=world.clerk, court=world.court)
    page = admin_browser.get(LIST, {"q": second.number}).content.decode()
    assert all(second.number in row for row in rows(page)) and rows(page)
    assert first.number not in page.split("<tbody>", 1)[1]


def test_an_administrator_who_is_not_a_superuser_reads_the_log(ministry: Organization, log: list[AuditEntry]) -> None:
    officer = member(ministry, Role.ADMIN, username="officer", is_staff=True, is_superuser=False)
    client = browser(officer)

    assert client.get("/admin/").status_code == 200
    assert "Audit log" in client.get("/admin/").content.decode()
    assert client.get(LIST).status_code == 200
    assert "The log is whole." in client.post(f"{LIST}verify/").content.decode()
    assert client.get(f"{LIST}{log[0].pk}/change/").status_code == 200
    assert client.post(f"{LIST}{log[0].pk}/delete/", {"post": "yes"}).status_code == 403


def test_staff_without_the_administrators_role_cannot_read_the_log(
    ministry: Organization, log: list[AuditEntry]
) -> None:
    editor = member(ministry, Role.STATISTICIAN, username="editor", is_staff=True)
    client = browser(editor)
    assert client.get(LIST).status_code == 403
    assert client.post(f"{LIST}verify/").status_code == 403
    assert "Audit log" not in client.get("/admin/").content.decode()


def test_an_object_is_named_as_people_know_it() -> None:
    assert labels.object_label("case", "12", '{"number":"DC01-CR-2026-00001"}') == "Case DC01-CR-2026-00001"
    assert labels.object_label("document", "3", '{"case":12,"number":"DC01-CR-2026-00001"}') == (
        "Document 3 (DC01-CR-2026-00001)"
    )
    assert labels.object_label("user", "5", "{}") == "User 5"
    assert labels.object_label("pack", "demo", "not json") == "pack demo"
