"""Measures of restraint before trial: an arrest in hours, detention ordered and extended by a court
on the investigator's motion, warnings counted back from the last moment to file, a custody past its
end flagged, and every act out of order refused with nothing changed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from adalat.audit.models import AuditEntry
from adalat.cases import selectors as case_selectors
from adalat.cases import services as case_services
from adalat.cases.models import Case, CaseEvent, CaseLink
from adalat.cases.outages import outage_record
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.core.roles import Role
from adalat.documents.models import Document, Signature
from adalat.documents.verification import version_signatures
from adalat.restraint import selectors, services
from adalat.restraint.models import Measure
from adalat.restraint.terms import State
from tests.accounts.factories import member
from tests.api.state import database_state
from tests.organizations.factories import OrganizationFactory
from tests.restraint.conftest import Held
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
MONDAY = dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC)  # 10:00 in Almaty


def state_at(measure: Measure, at: dt.datetime) -> State:
    with time_machine.travel(at, tick=False):
        measure.refresh_from_db()
        return selectors.measure_standing(measure).state


def test_an_arrest_runs_in_hours_and_warns_before_the_last_moment_to_move_for_detention(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        arrest = held.apply("arrest", 72)
    assert arrest.custody and arrest.ends_at == MONDAY + dt.timedelta(hours=72)
    assert arrest.file_by == MONDAY + dt.timedelta(hours=36)  # the motion is due 36 hours before the end
    assert state_at(arrest, MONDAY + dt.timedelta(hours=11)) == State.RUNNING
    assert state_at(arrest, MONDAY + dt.timedelta(hours=12)) == State.WARNING  # 24 hours before it is due
    assert state_at(arrest, MONDAY + dt.timedelta(hours=36)) == State.FILE_OVERDUE
    assert state_at(arrest, MONDAY + dt.timedelta(hours=72)) == State.PAST_END
    event = CaseEvent.objects.get(case=held.case, code="measure_applied")
    assert event.data == {
        "measure": arrest.pk,
        "kind": "arrest",
        "participant": held.suspect.pk,
        "ends_at": "2026-11-26T05:00:00.000000Z",
        "end": "",
    }
    assert AuditEntry.objects.filter(action="case.measure_applied", object_id=str(held.case.pk)).exists()


def test_detention_is_ordered_by_the_court_on_a_motion_that_is_a_case_of_its_own(held: Held) -> None:
    w = held.world
    with time_machine.travel(MONDAY, tick=False):
        arrest = held.apply("arrest", 72)
    with time_machine.travel(MONDAY + dt.timedelta(hours=30), tick=False):
        motion = held.move(kind="detention", term=60)
        filed = Case.objects.get(pk=motion.motion_case_id)
        assert (filed.kind, filed.number, filed.holder, filed.receiving) == (
            "custody_motion",
            f"{held.case.number}/M1",
            held.police,
            w.court,
        )
        assert CaseLink.objects.filter(source=filed, target=held.case, kind="motion").exists()
        on_motion = set(filed.participants.values_list("role", "party__name"))
        assert ("suspect", "Abenov Serik") in on_motion and ("witness", "Kim Olga") not in on_motion
        assert {role for role, _name in on_motion} == {"suspect", "lawyer", "prosecutor", "investigator"}
        # the arrest now has a motion before the court: no more warnings about it
        assert selectors.measure_standing(arrest).state == State.MOTION_PENDING
        assert list(case_selectors.inbox(user=w.clerk).values_list("case_id", flat=True)) == [filed.pk]
        received = held.receive(motion)
        assert received.number.startswith("DC01-M-2026-") and received.stage == "motion_received"
    decided_at = MONDAY + dt.timedelta(hours=32)  # 18:00 on 24 November in Almaty
    with time_machine.travel(decided_at, tick=False):
        held.decide(motion, granted=True, term=30)
    detention = Measure.objects.get(case=held.case, kind="detention")
    # ordered on 24 November (Almaty) for 30 days: it ends at midnight after 23 December
    assert detention.started_at == decided_at
    assert detention.ends_at == dt.datetime(2026, 12, 24, tzinfo=ALMATY)
    assert detention.file_by == detention.ends_at - dt.timedelta(days=7)
    arrest.refresh_from_db()
    assert (arrest.end, arrest.ended_at) == (Measure.End.REPLACED, decided_at)
    motion.refresh_from_db()
    assert (motion.granted, motion.granted_term, motion.decided_by) == (True, 30, w.judge)
    closed = Case.objects.get(pk=motion.motion_case_id)
    assert (closed.stage, closed.status) == ("granted", "closed")
    main_events = list(CaseEvent.objects.filter(case=held.case).order_by("pk").values_list("code", flat=True))
    assert main_events[-4:] == ["motion_filed", "measure_ended", "measure_applied", "motion_decided"]


def test_an_extension_continues_from_the_end_and_stops_at_the_limit(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        first = held.decide(held_receive(held, held.move(kind="detention", term=60)), term=60)
    detention = Measure.objects.get(pk=Measure.objects.get(case=held.case, kind="detention").pk)
    assert first.granted and detention.ends_at == dt.datetime(2027, 1, 22, tzinfo=ALMATY)
    # the motion to extend it is due 7 days before its end, at the start of 15 January, and the
    # warnings begin 3 days before that
    assert detention.file_by == dt.datetime(2027, 1, 15, tzinfo=ALMATY)
    assert state_at(detention, dt.datetime(2027, 1, 11, 18, 59, tzinfo=dt.UTC)) == State.RUNNING
    assert state_at(detention, dt.datetime(2027, 1, 11, 19, 0, tzinfo=dt.UTC)) == State.WARNING
    assert state_at(detention, dt.datetime(2027, 1, 14, 19, 0, tzinfo=dt.UTC)) == State.FILE_OVERDUE
    with time_machine.travel(dt.datetime(2027, 1, 12, 5, 0, tzinfo=dt.UTC), tick=False):
        motion = held.move(measure=detention, term=30)
        held.decide(held_receive(held, motion), term=30)
    detention.refresh_from_db()
    assert detention.ends_at == dt.datetime(2027, 2, 21, tzinfo=ALMATY)
    assert CaseEvent.objects.filter(case=held.case, code="measure_extended").count() == 1
    # at most 365 days in all: from 23 November a term to 21 November 2027 is the most
    with (
        time_machine.travel(dt.datetime(2027, 2, 10, 5, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationFailed) as too_long,
    ):
        Measure.objects.filter(pk=detention.pk).update(ends_at=dt.datetime(2027, 11, 1, tzinfo=ALMATY))
        detention.refresh_from_db()
        held.move(measure=detention, term=30)
    assert set(too_long.value.fields) == {"term"}


def held_receive(held: Held, motion):  # type: ignore[no-untyped-def]
    held.receive(motion)
    return motion


def test_acts_out_of_order_are_refused_and_change_nothing(held: Held) -> None:
    w = held.world
    witness = held.case.participants.get(role="witness")
    with time_machine.travel(MONDAY, tick=False):
        arrest = held.apply("arrest", 72)
        before = database_state()
        refusals = [
            # detention is the court's to order
            (ValidationFailed, lambda: held.apply("detention", 60)),
            # a witness is not a suspect
            (
                ValidationFailed,
                lambda: services.measure_apply(
                    actor=held.investigator,
                    case=held.locked(held.investigator),
                    kind="travel_ban",
                    participant_id=witness.pk,
                    term=None,
                ),
            ),
            # an arrest is for 72 hours at most, and it already runs
            (ValidationFailed, lambda: held.move(kind="detention", term=61)),
            (Conflict, lambda: held.apply("arrest", 72)),
            # a travel ban needs no court; an unknown measure is refused
            (ValidationFailed, lambda: held.move(kind="travel_ban", term=None)),
            (ValidationFailed, lambda: held.apply("exile", 3)),
            # the lawyer and the prosecutor do not apply measures; the judge does not decide off a motion
            (
                PermissionDenied,
                lambda: services.measure_apply(
                    actor=w.lawyer, case=held.case, kind="travel_ban", participant_id=held.suspect.pk, term=None
                ),
            ),
            (
                PermissionDenied,
                lambda: services.measure_end(actor=w.judge, case=held.case, measure=arrest, end="lifted"),
            ),
            # released at the end of a term that has not ended
            (
                ValidationFailed,
                lambda: services.measure_end(
                    actor=held.investigator, case=held.locked(held.investigator), measure=arrest, end="released"
                ),
            ),
        ]
        for error, act in refusals:
            with pytest.raises(error), transaction.atomic():
                act()
        assert database_state() == before
        motion = held.move(kind="detention", term=60)
        with pytest.raises(Conflict), transaction.atomic():
            held.move(kind="detention", term=30)  # one motion at a time
        held.receive(motion)
        before = database_state()
        for actor in (w.judge2, w.clerk, held.investigator):
            with pytest.raises(PermissionDenied), transaction.atomic():
                services.motion_decide(
                    actor=actor,
                    motion_case=Case.objects.get(pk=motion.motion_case_id),
                    granted=True,
                    term=60,
                    reasons="Not mine to decide",
                )
        with pytest.raises(ValidationFailed), transaction.atomic():
            held.decide(motion, term=61)  # more than asked
        assert database_state() == before
        held.decide(motion, term=60)
        with pytest.raises(Conflict), transaction.atomic():
            held.decide(motion, term=60)


def test_a_detention_past_its_end_can_no_longer_be_extended_and_is_flagged(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        motion = held.move(kind="detention", term=30)
        held.receive(motion)
        held.decide(motion, term=30)
    detention = Measure.objects.get(case=held.case, kind="detention")
    with time_machine.travel(dt.datetime(2026, 12, 15, 5, 0, tzinfo=dt.UTC), tick=False):
        extension = held.move(measure=detention, term=30)
        held.receive(extension)
    after_end = detention.ends_at + dt.timedelta(minutes=1)  # the judge is late
    with time_machine.travel(after_end, tick=False):
        assert selectors.past_end(case=held.case) == [detention]
        before = database_state()
        with pytest.raises(Conflict) as late, transaction.atomic():
            held.decide(extension, term=30)
        assert late.value.code == "measure_expired"
        assert database_state() == before
        held.decide(extension, granted=False)  # it can only be refused now
        detention.refresh_from_db()
        assert selectors.measure_standing(detention).state == State.PAST_END
        with pytest.raises(Conflict), transaction.atomic():
            held.move(measure=detention, term=30)
        with transaction.atomic():
            services.measure_end(
                actor=held.investigator, case=held.locked(held.investigator), measure=detention, end="released"
            )
        assert selectors.past_end(case=held.case) == []


def test_an_outage_never_lengthens_custody(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        arrest = held.apply("arrest", 72)
    ends = arrest.ends_at
    with time_machine.travel(MONDAY + dt.timedelta(days=5), tick=False), transaction.atomic():
        outage_record(
            actor=member(OrganizationFactory(code="MOJ", name="Ministry of Justice"), Role.ADMIN, username="admin"),
            started_at=MONDAY + dt.timedelta(hours=50),
            ended_at=MONDAY + dt.timedelta(hours=74),
        )
    arrest.refresh_from_db()
    assert arrest.ends_at == ends and arrest.file_by == ends - dt.timedelta(hours=36)


def test_a_motion_is_not_registered_on_its_own(held: Held) -> None:
    w = held.world
    with pytest.raises(ValidationFailed) as refused, transaction.atomic():
        case_services.case_register(
            actor=w.clerk,
            organization=w.court,
            kind="custody_motion",
            title="A motion",
            received_on=MONDAY.date(),
            articles=["191(2)"],
        )
    assert set(refused.value.fields) == {"kind"}


def test_the_motion_and_the_decision_are_acts_in_the_cases_language_signed_by_their_authors(
    held: Held, authority: object
) -> None:
    w = held.world
    Case.objects.filter(pk=held.case.pk).update(language="ru")
    issue(held.investigator)  # today, as the authority (time-stamps must fall within their validity)
    issue(w.judge)
    motion = held.move(kind="detention", term=60)
    held.receive(motion)
    held.decide(motion, term=30)
    documents = {d.title: d for d in Document.objects.filter(case=motion.motion_case_id)}
    assert set(documents) == {
        "Ходатайство: Содержание под стражей, Abenov Serik",
        "Постановление по ходатайству: Содержание под стражей, Abenov Serik",
    }
    for title, author in (
        ("Ходатайство: Содержание под стражей, Abenov Serik", held.investigator),
        ("Постановление по ходатайству: Содержание под стражей, Abenov Serik", w.judge),
    ):
        document = documents[title]
        assert document.created_by == author
        signed = document.versions.get(number=document.latest_version)
        assert [s.signer for s in Signature.objects.filter(version__document=document)] == [author]
        assert [v.status for v in version_signatures(version=signed)] == ["passed"]
        assert signed.blob.content_type == "application/pdf"


def test_without_a_certificate_the_act_is_filed_unsigned(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        motion = held.move(kind="detention", term=60)
    document = Document.objects.get(case=motion.motion_case_id)
    assert document.title == "Motion: Detention in custody, Abenov Serik"
    assert not Signature.objects.filter(version__document=document).exists()


def test_a_motion_is_filed_even_while_the_signing_system_fails(
    held: Held, authority: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue(held.investigator)

    async def no_answer(*args: object, **kwargs: object) -> None:
        raise TimestampRequestError("the time-stamping authority did not answer")

    for method in ("async_timestamp", "async_dummy_response"):
        monkeypatch.setattr(f"adalat.integrations.signing.inprocess._TimeStamper.{method}", no_answer)
    motion = held.move(kind="detention", term=60)
    document = Document.objects.get(case=motion.motion_case_id)
    assert document.latest_version == 1 and not Signature.objects.exists()
    assert Case.objects.get(pk=motion.motion_case_id).receiving == held.world.court


def test_an_arrest_recorded_late_counts_from_when_it_was_made(held: Held) -> None:
    made = MONDAY - dt.timedelta(hours=20)  # during an outage, say
    with time_machine.travel(MONDAY, tick=False):
        with transaction.atomic():
            arrest = services.measure_apply(
                actor=held.investigator,
                case=held.locked(held.investigator),
                kind="arrest",
                participant_id=held.suspect.pk,
                term=72,
                started_at=made,
            )
        assert (arrest.started_at, arrest.ends_at) == (made, made + dt.timedelta(hours=72))
        before = database_state()
        for began in (MONDAY + dt.timedelta(minutes=1), MONDAY - dt.timedelta(hours=72)):
            with pytest.raises(ValidationFailed) as refused, transaction.atomic():
                services.measure_apply(
                    actor=held.investigator,
                    case=held.locked(held.investigator),
                    kind="travel_ban" if began > MONDAY else "arrest",
                    participant_id=held.suspect.pk,
                    term=None if began > MONDAY else 72,
                    started_at=began,
                )
            assert set(refused.value.fields) == {"started_at"}
        assert database_state() == before


def test_after_the_court_refuses_to_continue_custody_the_list_says_release_at_the_end(held: Held) -> None:
    with time_machine.travel(MONDAY, tick=False):
        arrest = held.apply("arrest", 72)
        motion = held.move(kind="detention", term=60)
        held.receive(motion)
        held.decide(motion, granted=False)
        assert selectors.measure_standing(arrest).state == State.RELEASE_DUE
        # not an alarm: nothing is to be filed any more
        assert [s.measure for s in selectors.custody_terms(user=held.world.prosecutor, alarms_only=True)] == []
    # more than a day before the end: lifted, not released
    with (
        time_machine.travel(MONDAY + dt.timedelta(hours=40), tick=False),
        transaction.atomic(),
        pytest.raises(ValidationFailed),
    ):
        services.measure_end(
            actor=held.investigator, case=held.locked(held.investigator), measure=arrest, end="released"
        )
    with time_machine.travel(MONDAY + dt.timedelta(hours=71), tick=False), transaction.atomic():
        services.measure_end(
            actor=held.investigator, case=held.locked(held.investigator), measure=arrest, end="released"
        )
    arrest.refresh_from_db()
    assert arrest.end == "released" and arrest.ended_at < arrest.ends_at


def test_the_motions_page_shows_the_judge_when_the_custody_ends(held: Held, client: object) -> None:
    with time_machine.travel(MONDAY, tick=False):
        held.apply("arrest", 72)
        motion = held.move(kind="detention", term=60)
        held.receive(motion)
        client.force_login(held.world.judge)  # type: ignore[attr-defined]
        page = client.get(f"/cases/{motion.motion_case_id}/").content.decode()  # type: ignore[attr-defined]
    assert "In custody until" in page and "2026-11-26 10:00" in page
