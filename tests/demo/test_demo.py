from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import stat
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.accounts.models import Membership, User
from adalat.audit.models import AuditEntry
from adalat.cases import deadlines, selectors
from adalat.cases.models import (
    Case,
    CaseEvent,
    CaseNumber,
    CaseNumberCounter,
    Deadline,
    Handover,
    Participant,
    Party,
)
from adalat.cases.numbering import number_scope
from adalat.cases.selectors import CaseFilters, inbox
from adalat.core import clock
from adalat.demo import services
from adalat.demo.country import ROLE_ACCOUNTS
from adalat.documents.verification import version_signatures
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import BridgePoint, Courtroom, Organization, Territory
from tests.cases.factories import register

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)
PASSWORD = "demo-password-for-tests"
CASES = 300


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("ADALAT_DEMO_PASSWORD", PASSWORD)
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def demo(**options: object) -> str:
    out = io.StringIO()
    call_command("demo", cases=CASES, seed=7, stdout=out, **options)
    return out.getvalue()


def test_the_demo_builds_a_country_of_courts_and_offices() -> None:
    demo()

    courts = Organization.objects.filter(kind=Organization.Kind.COURT)
    assert Counter(courts.values_list("instance", flat=True)) == {3: 1, 2: 2, 1: 6}
    supreme = courts.get(instance=3)
    for appeal in courts.filter(instance=2):
        assert appeal.parent == supreme
        assert courts.filter(instance=1, parent=appeal).count() == 3
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[Organization.Kind.PROSECUTOR_OFFICE] == kinds[Organization.Kind.INVESTIGATIVE_BODY] == 2
    for kind in ("bar", "detention_facility", "central_authority", "ministry", "statistics_office"):
        assert kinds[kind] >= 1
    assert kinds[Organization.Kind.LAW_FIRM] >= 2
    north = Territory.objects.get(code="NORTH")
    assert north.children.count() == 3
    assert Courtroom.objects.filter(court__in=courts).values("court").distinct().count() == 9
    assert Courtroom.objects.filter(has_video=True).exists()
    assert BridgePoint.objects.filter(organization__kind=Organization.Kind.DETENTION_FACILITY).exists()


def test_every_demo_account_logs_in_as_a_member_of_its_organization() -> None:
    output = demo()

    for username, role, code in ROLE_ACCOUNTS:
        assert Client().login(username=username, password=PASSWORD), username
        assert re.search(rf"^\s+{username}\s+{role.value}\b", output, re.MULTILINE), username
        if code:
            assert Membership.objects.filter(user__username=username, role=role, organization__code=code).exists()
    court = Membership.objects.get(user__username="clerk").organization
    for username in ("judge1", "chair"):
        assert Membership.objects.get(user__username=username).organization == court
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    secret = re.search(r"TOTP secret[^:]*: ([A-Z2-7]+)", output)
    assert secret is not None and bytes.fromhex(device.key) == _b32(secret.group(1))
    assert f"Password for every demo login: {PASSWORD}" in output
    assert Party.objects.filter(user__username="party").exists()


def _b32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def test_numbers_follow_the_pack_and_the_counters_continue() -> None:
    demo()
    pack = get_pack()
    patterns = {  # the demo pack's numbering: "{org}-{kind}-{year}-{seq:05}" in courts, "{org}-{year}-{seq:06}" before
        "court": re.compile(r"^(?P<court>[A-Z0-9-]+)-(?P<kind>[A-Z0-9]+)-(?P<year>\d{4})-(?P<seq>\d{5})$"),
        "investigative_body": re.compile(r"^(?P<court>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<seq>\d{6})$"),
    }
    by_scope: dict[str, list[tuple[dt.datetime, int]]] = {}
    courts = {o.pk: o for o in Organization.objects.all()}
    kinds = {k.code: k for k in pack.kinds.values()}
    # every number a case was given (on registration, on receipt at a court of appeal, and on
    # receipt at a court of a case investigated on Adalat)
    for given in CaseNumber.objects.select_related("case"):
        filed = re.fullmatch(r"(?P<main>.+)/M\d+", given.number)
        if filed is not None:  # a motion is filed under its main case's number (decision 0051)
            assert given.case.kind == "custody_motion" and CaseNumber.objects.filter(number=filed["main"]).exists()
            continue
        court, kind = courts[given.organization_id], kinds[given.case.kind]
        match = patterns[court.kind].match(given.number)
        assert match is not None, given.number
        assert match["court"] == court.code
        assert match.groupdict().get("kind", kind.number_code) == kind.number_code
        assert int(match["year"]) == clock.today_in(court.time_zone, given.assigned_at).year
        numbering = pack.holder(court.kind).numbering
        scope = number_scope(numbering, org=court, kind=kind, year=int(match["year"]))
        by_scope.setdefault(scope, []).append((given.assigned_at, int(match["seq"])))
    assert any(n.organization.instance == 2 for n in CaseNumber.objects.select_related("organization"))
    for scope, numbers in by_scope.items():
        assert [seq for _, seq in sorted(numbers)] == list(range(1, len(numbers) + 1)), scope
        assert CaseNumberCounter.objects.get(scope=scope).last == len(numbers)

    clerk = User.objects.get(username="clerk")
    court = Membership.objects.get(user=clerk).organization
    counter = CaseNumberCounter.objects.get(scope=f"org={court.code}|kind=CR|year=2026")
    case = register(clerk=clerk, court=court, kind="criminal")
    assert case.number == f"{court.code}-CR-2026-{counter.last + 1:05d}"


def test_stages_statuses_and_deadlines_agree_with_the_pack() -> None:
    demo()
    pack = get_pack()
    today = dt.date(2026, 11, 23)
    overdue = 0
    # a motion's decision moves it without a step of the pack (tests/restraint); its own check below
    motions = Case.objects.filter(kind=pack.header.measures.motion_kind)
    for motion_case in motions.select_related("motion"):
        decided = motion_case.motion.granted
        assert motion_case.stage == {True: "granted", False: "refused", None: motion_case.stage}[decided]
    for case in Case.objects.select_related("holder").exclude(pk__in=motions.values("pk")):
        kind = pack.kind(case.kind)
        stage = kind.stage(case.stage)
        assert case.status == stage.status.value
        assert (case.closed_at is not None) == (case.status == "closed")
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
        start = kind.starting_stage(Organization.objects.get(pk=events[0].data["holder"]).kind)
        assert start is not None and events[0].code == "registered" and events[0].to_stage == start.code
        moves = [e for e in events if e.code in ("transition", "handover_received")]
        path = [start.code] + [e.to_stage for e in moves]
        for event, source in zip(moves, path, strict=False):
            action = (
                event.data["action"]
                if event.code == "transition"
                else case.handovers.get(pk=event.data["handover"]).action
            )
            transition = kind.transition(action)
            assert event.from_stage == source and source in transition.from_ and event.to_stage == transition.to
        assert path[-1] == case.stage
        assert (case.resolved_on is not None) == any(kind.stage(code).resolves for code in path)
        sent = sum(1 for e in events if e.code == "handover_sent")
        assert case.version == 1 + len(moves) + sent + sum(
            1 for e in events if e.code == "judge_assigned" and e.at > case.registered_at
        )
        open_deadlines = list(Deadline.objects.filter(case=case, closed_at__isnull=True, paused_at__isnull=True))
        paused = Deadline.objects.filter(case=case, closed_at__isnull=True, paused_at__isnull=False)
        assert all(d.remaining and kind.deadline_spec(d.stage, d.code).pauses for d in paused)  # type: ignore[union-attr]
        assert not paused.exists() or case.status == "suspended"
        expected = deadlines.on_entry(
            stage=stage,
            place=deadlines.Place.of(case.holder),
            received_on=case.received_on,
            at=case.stage_entered_at,
        )
        assert case.due_on == deadlines.current_due(expected)
        assert [(d.code, d.due_on) for d in open_deadlines] == [(c.code, c.due_on) for c in expected]
        numbers = [n.number for n in case.numbers.order_by("assigned_at", "id")]
        assert numbers[-1] == case.number and len(numbers) == 1 + sum(
            1 for e in moves if e.code != "transition" and e.data["number"]
        )
        overdue += case.status == "open" and case.due_on is not None and case.due_on < today
    assert overdue > 0
    assert Case.objects.exclude(confidentiality="normal").exists()
    assert set(Case.objects.values_list("kind", flat=True)) == set(pack.kinds)


def _digest() -> str:
    rows = Case.objects.order_by("number").values_list(
        "number", "title", "stage", "received_on", "due_on", "judge__username"
    )
    names = Party.objects.order_by("name", "national_id", "email").values_list("name", "national_id", "email")
    return hashlib.sha256(repr((list(rows), list(names))).encode()).hexdigest()


def test_the_same_seed_gives_the_same_data() -> None:
    with transaction.atomic():
        services.demo_load(seed=7, cases=120, password=PASSWORD)
        first = _digest()
        transaction.set_rollback(True)
    assert not Case.objects.exists()
    with transaction.atomic():
        services.demo_load(seed=7, cases=120, password=PASSWORD)
        assert _digest() == first
        transaction.set_rollback(True)
    with transaction.atomic():
        services.demo_load(seed=8, cases=120, password=PASSWORD)
        assert _digest() != first


def test_a_second_run_only_prints_the_logins() -> None:
    demo()
    counts = (Case.objects.count(), User.objects.count(), Party.objects.count(), AuditEntry.objects.count())

    output = demo()

    assert "already loaded" in output and "clerk" in output
    assert (Case.objects.count(), User.objects.count(), Party.objects.count(), AuditEntry.objects.count()) == counts
    (entry,) = AuditEntry.objects.filter(action="demo.load")
    assert '"cases":300' in entry.data and '"seed":7' in entry.data


def test_the_people_on_cases_see_them_in_their_case_list() -> None:
    demo()
    party = User.objects.get(username="party")
    own = set(Participant.objects.filter(party__user=party).values_list("case_id", flat=True))
    listed = selectors.case_list(user=party, filters=CaseFilters())
    assert len(own) >= 2 and set(listed.values_list("pk", flat=True)) == own
    for username in ("lawyer", "prosecutor", "investigator", "clerk", "judge1", "chair"):
        assert selectors.case_list(user=User.objects.get(username=username), filters=CaseFilters()).exists(), username


def test_the_generated_password_is_kept_for_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADALAT_DEMO_PASSWORD")
    password = services.demo_password(tmp_path)
    assert len(password) >= 12 and services.demo_password(tmp_path) == password
    assert stat.S_IMODE((tmp_path / "demo-password").stat().st_mode) == 0o600
    monkeypatch.setenv("ADALAT_DEMO_PASSWORD", "chosen-password")
    assert services.demo_password(tmp_path) == "chosen-password"


def test_a_changed_password_is_not_printed_as_if_it_opened_the_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    demo()
    monkeypatch.setenv("ADALAT_DEMO_PASSWORD", "another-password-entirely")

    output = demo()

    assert "another-password-entirely" not in output and "created with another password" in output
    assert Client().login(username="clerk", password=PASSWORD)


def test_some_appeals_wait_in_the_courts_of_appeal_and_some_are_received() -> None:
    demo()
    handovers = Handover.objects.filter(action="forward_appeal").select_related("receiver", "sender")
    assert handovers.filter(state="sent").count() == 5 and handovers.filter(state="received").count() == 3
    assert all(h.receiver == h.sender.parent and h.receiver.instance == 2 for h in handovers)
    waiting = handovers.filter(state="sent").first()
    assert waiting is not None
    clerk = Membership.objects.get(organization=waiting.receiver, role="clerk").user
    assert waiting in inbox(user=clerk)


def test_criminal_cases_are_investigated_sent_to_the_prosecutor_and_on_to_court() -> None:
    demo()
    investigator, prosecutor, clerk = (
        User.objects.get(username=name) for name in ("investigator", "prosecutor", "clerk")
    )
    body, office = (Membership.objects.get(user=user).organization for user in (investigator, prosecutor))
    started = Case.objects.filter(kind="criminal", numbers__organization=body).distinct()
    assert Counter(case.stage for case in started) == {
        "investigation": 6,  # five being investigated, one on its way to the prosecutor
        "investigation_suspended": 1,
        "prosecution_review": 4,  # two with the prosecutor, two on their way to the court
        "received": 1,
    }
    # the investigator lists the cases the body holds, the prosecutor those of the office
    listed = {c.pk for c in selectors.case_list(user=investigator, filters=CaseFilters())}
    assert {c.pk for c in started if c.holder_id == body.pk} <= listed
    assert started.filter(holder=office).count() == 4
    # each has its pre-trial number in the body's format, the report filed, the prosecutor's office on it
    for case in started:
        assert re.fullmatch(rf"{body.code}-\d{{4}}-\d{{6}}", case.numbers.order_by("assigned_at", "id")[0].number)
        assert case.documents.order_by("created_at", "id")[0].created_by == investigator
        assert case.participants.filter(role="prosecutor", party__organization=office).exists()
    # two wait in the court's incoming list; the one received there has the court's number too
    waiting = [h for h in inbox(user=clerk) if h.action == "send_to_court"]
    court = Membership.objects.get(user=clerk).organization
    assert len(waiting) == 2 and all(h.receiver == court and h.sender == office for h in waiting)
    received = started.get(stage="received")
    numbers = [n.number for n in received.numbers.order_by("assigned_at", "id")]
    assert (
        numbers[0].startswith(body.code)
        and re.fullmatch(r"YES-CR-\d{4}-\d{5}", numbers[1])
        and received.number == numbers[1]
    )
    assert received.documents.filter(created_by=prosecutor).exists()  # the indictment went with it
    # each act is signed by its author, and the signatures pass
    for document in received.documents.all():
        signed = document.versions.get(number=2)
        (signature,) = version_signatures(signed)
        assert (signature.status, signature.signer) == ("passed", document.created_by.display_name)
        assert signature.timestamped
