"""Filters of the audit log in the admin: the reads of restricted records one click away, and
action, object type, actor and days (the viewer's days) to narrow the rest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.cases.models import Case
from adalat.cases.selectors import case_get
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
LIST = "/admin/audit/auditentry/"


def listed(client: Client, **params: str) -> list[int]:
    """The sequence numbers the change list shows for these filters."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(entry.seq for entry in response.context["cl"].result_list)


def seqs(**lookups: object) -> list[int]:
    return sorted(AuditEntry.objects.filter(**lookups).values_list("seq", flat=True))


@pytest.fixture
def reads(world: World) -> list[AuditEntry]:
    """A sealed case opened by its clerk and one of its documents downloaded, among other entries."""
    sealed = register(clerk=world.clerk, court=world.court, confidentiality=Case.Confidentiality.SEALED)
    register(clerk=world.clerk, court=world.court)
    case_get(user=world.clerk, case_id=sealed.pk)
    audit_record(actor=world.clerk, action="document.read", object_type="document", object_id=3, data={"case": 1})
    return list(AuditEntry.objects.filter(action__in=["case.read", "document.read"]))


def test_reads_of_restricted_records_are_one_filter(admin_browser: Client, reads: list[AuditEntry]) -> None:
    assert [entry.action for entry in reads] == ["case.read", "document.read"]
    page = admin_browser.get(LIST).content.decode()
    assert "reads of restricted records" in page
    assert listed(admin_browser, kind="reads") == [entry.seq for entry in reads]
    changes = seqs(action__in=["case.registered", "party.create", "case.participant_added"])
    assert listed(admin_browser, kind="changes") == changes
    assert len(changes) + len(reads) == AuditEntry.objects.count()


def test_the_log_is_filtered_by_action_object_type_and_actor(
    admin_browser: Client, world: World, reads: list[AuditEntry]
) -> None:
    audit_record(actor=None, action="case.transition.close", object_type="case", object_id=1)
    assert listed(admin_browser, act="case.registered") == seqs(action="case.registered")
    assert listed(admin_browser, act="case.transition.") == seqs(action="case.transition.close")
    assert listed(admin_browser, type="document") == seqs(object_type="document")
    assert listed(admin_browser, actor="clerk") == seqs(actor_id=world.clerk.pk)
    assert listed(admin_browser, actor="system") == seqs(actor_name="system")
    assert listed(admin_browser, actor="clerk", kind="reads") == [entry.seq for entry in reads]


def test_an_actor_renamed_since_is_found_under_the_name_they_have_now(
    admin_browser: Client, world: World, reads: list[AuditEntry]
) -> None:
    world.clerk.username = "clerk-renamed"
    world.clerk.save()
    assert listed(admin_browser, actor="clerk-renamed") == seqs(actor_id=world.clerk.pk)
    assert listed(admin_browser, actor="clerk") == seqs(actor_name="clerk")


def test_days_are_the_viewers_days(admin_browser: Client, db: None) -> None:
    # The viewer's organization keeps Tokyo time (UTC+9, no summer time).
    moments = {
        "late on 1 March in Tokyo": dt.datetime(2026, 3, 1, 14, 59, 59, tzinfo=dt.UTC),  # 23:59:59 JST
        "early on 2 March in Tokyo": dt.datetime(2026, 3, 1, 15, 0, 0, tzinfo=dt.UTC),  # 00:00:00 JST
        "3 March in Tokyo": dt.datetime(2026, 3, 3, 1, 0, 0, tzinfo=dt.UTC),
    }
    made = {}
    for name, moment in moments.items():
        with time_machine.travel(moment, tick=False):
            made[name] = audit_record(actor=None, action="case.read", object_type="case", object_id=1).seq

    assert listed(admin_browser, since="2026-03-02") == [made["early on 2 March in Tokyo"], made["3 March in Tokyo"]]
    assert listed(admin_browser, until="2026-03-01") == [made["late on 1 March in Tokyo"]]
    assert listed(admin_browser, since="2026-03-02", until="2026-03-02") == [made["early on 2 March in Tokyo"]]


def test_a_date_that_is_not_one_is_named_and_left_out(admin_browser: Client, log: list[AuditEntry]) -> None:
    response = admin_browser.get(LIST, {"since": "yesterday", "until": "2999-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“yesterday” in “from” is not a date: give it as YYYY-MM-DD. It was left out of the filter." in page
    assert len(response.context["cl"].result_list) == len(log)


def test_the_filters_keep_each_other(admin_browser: Client, reads: list[AuditEntry]) -> None:
    page = admin_browser.get(LIST, {"kind": "reads"}).content.decode()
    assert '<input type="hidden" name="kind" value="reads">' in page


def test_counts_per_choice_are_not_offered(admin_browser: Client, log: list[AuditEntry]) -> None:
    """Counting every choice would read the whole log on each page."""
    page = admin_browser.get(LIST).content.decode()
    assert "_facets" not in page
    response = admin_browser.get(LIST, {"_facets": "True"})
    assert response.status_code == 200 and len(response.context["cl"].result_list) == len(log)
