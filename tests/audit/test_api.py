"""/api/v1/audit: administrators read the log and have it verified; nobody else may."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from adalat.accounts.models import User
from adalat.audit import checkpoints
from adalat.audit.models import AuditEntry
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import browser, member
from tests.api.clients import api_client, error_fields, problem
from tests.audit import tampering
from tests.conftest import World
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
ENTRIES = "/api/v1/audit/entries"
VERIFY = "/api/v1/audit/verify"


@pytest.fixture
def admin(db: None) -> User:
    ministry = OrganizationFactory(code="MJ", name="Ministry of Justice", kind=Organization.Kind.MINISTRY)
    return member(ministry, Role.ADMIN, username="admin")


@pytest.fixture
def admin_api(admin: User, log: list[AuditEntry]) -> Client:
    return api_client(admin, scopes=["audit:read"])


def test_an_administrator_reads_the_log_in_order(admin_api: Client) -> None:
    body = admin_api.get(ENTRIES).json()
    seqs = [item["seq"] for item in body["items"]]
    assert seqs == sorted(seqs) and seqs[0] == 1
    assert body["count"] == AuditEntry.objects.count() and body["count_exact"]
    first = AuditEntry.objects.get(seq=1)
    assert body["items"][0] == {
        "seq": 1,
        "at": first.at,
        "actor_id": first.actor_id,
        "actor_name": first.actor_name,
        "action": first.action,
        "object_type": first.object_type,
        "object_id": first.object_id,
        "data": json.loads(first.data),
        "prev_hash": "0" * 64,
        "hash": first.hash,
    }


def test_entries_of_one_object_newest_first(admin_api: Client, log: list[AuditEntry]) -> None:
    case_entry = next(e for e in log if e.object_type == "case")
    body = admin_api.get(ENTRIES, {"object_type": "case", "object_id": case_entry.object_id, "order": "-seq"}).json()
    expected = AuditEntry.objects.filter(object_type="case", object_id=case_entry.object_id).order_by("-seq")
    assert [item["seq"] for item in body["items"]] == [e.seq for e in expected]
    assert all(item["object_id"] == case_entry.object_id for item in body["items"])


def test_entries_of_one_actor_page_by_page(admin_api: Client, world: World) -> None:
    first = admin_api.get(ENTRIES, {"actor_id": world.clerk.pk, "page_size": 3}).json()
    assert [item["actor_name"] for item in first["items"]] == ["clerk"] * 3
    assert first["previous"] is None and "page=2" in first["next"]
    second = admin_api.get(first["next"]).json()
    assert second["items"][0]["seq"] > first["items"][-1]["seq"]


def test_an_object_id_needs_its_type(admin_api: Client) -> None:
    response = admin_api.get(ENTRIES, {"object_id": "1"})
    assert error_fields(response) == {"object_type"}


@pytest.mark.parametrize("params,field", [({"page": 0}, "page"), ({"order": "time"}, "order")])
def test_bad_paging_is_named(admin_api: Client, params: dict[str, object], field: str) -> None:
    assert error_fields(admin_api.get(ENTRIES, params)) == {field}


@pytest.mark.parametrize("path,method", [(ENTRIES, "get"), (VERIFY, "post")])
def test_a_clerk_may_not_read_the_log(world: World, log: list[AuditEntry], path: str, method: str) -> None:
    client = api_client(world.clerk)
    body = problem(getattr(client, method)(path), 403)
    assert body["type"] == "urn:adalat:problem:forbidden"
    assert body["title"] == "Forbidden"
    assert body["detail"] == "Only administrators may read the audit log."
    assert body["instance"] == path


@pytest.mark.parametrize("path,method", [(ENTRIES, "get"), (VERIFY, "post")])
def test_an_administrators_token_needs_the_audit_scope(admin: User, path: str, method: str) -> None:
    client = api_client(admin, scopes=["cases:read", "cases:write", "documents:read", "documents:write"])
    body = problem(getattr(client, method)(path), 403)
    assert body["detail"] == "This token lacks the scope audit:read."


def test_the_administrators_session_reads_the_log_without_scopes(admin: User, log: list[AuditEntry]) -> None:
    assert browser(admin).get(ENTRIES).status_code == 200


def test_without_credentials_the_answer_is_401(db: None) -> None:
    problem(Client().get(ENTRIES), 401)


def test_verify_reports_a_whole_log_and_its_checkpoints(admin_api: Client, audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    body = admin_api.post(VERIFY).json()
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None
    assert body["whole"] is True and body["broken"] is None
    assert (body["checked"], body["head_seq"], body["head_hash"]) == (head.seq, head.seq, head.hash)
    [checkpoint] = body["checkpoints"]
    assert checkpoint["ok"] is True and checkpoint["problem"] is None and checkpoint["file"].endswith(".json")


def test_verify_names_where_the_log_breaks(admin_api: Client, audit_files: Path) -> None:
    tampering.delete(4)
    body = admin_api.post(VERIFY).json()
    assert body["whole"] is False
    assert body["broken"] == {"seq": 4, "kind": "removed", "reason": "entry #4 is missing: it was removed."}
    assert body["summary"].startswith("The audit log is broken at entry #4 (removed)")


def test_verify_names_a_log_cut_short_of_its_latest_checkpoint(admin_api: Client, audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    entries = list(AuditEntry.objects.order_by("seq"))
    tampering.delete(entries[-1].seq)
    tampering.set_head(entries[-2].seq, entries[-2].hash)

    body = admin_api.post(VERIFY).json()

    assert body["whole"] is False
    assert body["broken"]["seq"] == entries[-1].seq and body["broken"]["kind"] == "removed"
    assert body["summary"].startswith(f"The audit log is broken at entry #{entries[-1].seq} (removed): the log ends")
    assert body["latest_checkpoint"]["file"] == path.name
    assert body["mirror_problem"].startswith("No mirror is configured")
