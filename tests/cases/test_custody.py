"""Custody: a case held by one organization at a time, handed to another with a state in between,
numbered again where the pack says so, and linked to other cases. The kind used here exists only
in a test pack: a new kind of case, starting at an investigative body, needs no code."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.audit.models import AuditEntry
from adalat.cases import custody, selectors
from adalat.cases.models import Case, CaseEvent, Handover
from adalat.cases.selectors import CaseFilters
from adalat.core import clock
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.cases.pretrial import Pretrial, report, step

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC)  # 10:00 in Almaty


def receive(actor, case: Case) -> Handover:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return custody.handover_receive(actor=actor, case=locked)


def give_back(actor, case: Case, reason: str) -> Handover:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return custody.handover_return(actor=actor, case=locked, reason=reason)


def fresh(case: Case) -> Case:
    return Case.objects.select_related("holder", "receiving").get(pk=case.pk)


@time_machine.travel(MONDAY, tick=False)
def test_a_kind_only_a_test_pack_declares_starts_at_the_police(pretrial: Pretrial) -> None:
    case = report(pretrial)
    assert (case.holder, case.stage, case.number) == (pretrial.police, "reported", "IB01-2026-000001")
    assert [n.number for n in selectors.case_numbers(case=case)] == ["IB01-2026-000001"]
    # 3 working days from Monday
    assert case.due_on == dt.date(2026, 3, 19) and case.judge is None and case.clerk == pretrial.investigator
    # a court clerk registers nothing of this kind: it does not start at a court
    with pytest.raises(ValidationFailed) as refused, transaction.atomic():
        from adalat.cases import services

        services.case_register(
            actor=pretrial.world.clerk,
            organization=pretrial.world.court,
            kind="felony",
            title="x",
            received_on=dt.date(2026, 3, 16),
            articles=["1"],
        )
    assert set(refused.value.fields) == {"kind"}


def test_the_packs_formats_decide_what_a_valid_national_id_or_phone_is(pretrial: Pretrial) -> None:
    from adalat.cases.services import ParticipantData, PartyData

    bad = PartyData(kind="person", name="Bekov", national_id="AB-1234", phone="12345", postal_code="ABC")
    with pytest.raises(ValidationFailed) as refused:
        report(pretrial, participants=[ParticipantData(role="accused", party=bad)])
    assert refused.value.fields == {
        "participants[0].party.national_id": "Write it as 12 digits.",
        "participants[0].party.phone": "Write it as +7 and ten digits.",
        "participants[0].party.postal_code": "Write it as 6 digits.",
    }
    good = PartyData(kind="person", name="Bekov", national_id="870412300415", phone="+7 701 123 45 67")
    assert report(pretrial, participants=[ParticipantData(role="accused", party=good)]).pk
    with pytest.raises(ValidationFailed) as refused:
        report(pretrial, received_on=clock.today_in(pretrial.police.time_zone) - dt.timedelta(days=31))
    assert refused.value.fields == {"received_on": "The date received is more than 30 days ago."}


def test_a_case_goes_to_the_prosecutor_and_comes_back_with_reasons(pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    # the step names where it goes: any prosecutor's office
    with pytest.raises(ValidationFailed) as refused:
        step(p.investigator, case, "send_to_prosecutor")
    assert set(refused.value.fields) == {"receiver"}
    with pytest.raises(ValidationFailed):
        step(p.investigator, case, "send_to_prosecutor", receiver=p.world.court)
    case = step(p.investigator, case, "send_to_prosecutor", receiver=p.office, note="Ready for review")

    case = fresh(case)
    assert (case.holder, case.receiving, case.stage, case.version) == (p.police, p.office, "investigation", 3)
    handover = Handover.objects.get(case=case)
    assert (handover.state, handover.sender, handover.receiver, handover.sent_by) == (
        "sent",
        p.police,
        p.office,
        p.investigator,
    )
    # on its way: the sender sees it but can no longer act; the receiver sees it in the inbox
    assert access.can_view_case(p.investigator, case)
    assert selectors.case_transitions_available(user=p.investigator, case=case) == []
    with pytest.raises(Conflict, match="on its way"):
        step(p.investigator, case, "suspend")
    assert [h.case for h in selectors.inbox(user=p.prosecutor)] == [case]
    assert list(selectors.inbox(user=p.other_prosecutor)) == []
    assert not access.can_view_case(p.other_prosecutor, case)
    assert access.can(p.prosecutor, Action.CASE_RECEIVE, case)
    assert not access.can(p.investigator, Action.CASE_RECEIVE, case)

    with pytest.raises(ValidationFailed) as refused:
        give_back(p.prosecutor, case, "  ")
    assert set(refused.value.fields) == {"reason"}
    give_back(p.prosecutor, case, "The witnesses are not questioned.")

    case = fresh(case)
    assert (case.holder, case.receiving, case.stage) == (p.police, None, "investigation")
    assert Handover.objects.get(case=case).state == "returned"
    assert list(selectors.inbox(user=p.prosecutor)) == []
    returned = CaseEvent.objects.get(case=case, code="handover_returned")
    assert returned.texts.get().text == "The witnesses are not questioned." and returned.audience == "official"
    assert "witnesses" not in AuditEntry.objects.get(action="case.handover_returned").data
    # the investigator acts on it again
    assert step(p.investigator, case, "suspend").stage == "suspended"


def test_received_at_court_the_case_gets_the_courts_number_and_keeps_the_first(pretrial: Pretrial) -> None:
    p = pretrial
    with time_machine.travel(MONDAY, tick=False):
        case = step(p.investigator, report(p), "open_investigation")
        case = step(p.investigator, case, "send_to_prosecutor", receiver=p.office)
        receive(p.prosecutor, case)
        case = fresh(case)
        # the prosecutor's office does not number cases: the case keeps its number
        assert (case.holder, case.stage, case.number) == (p.office, "prosecution_review", "IB01-2026-000001")
        assert case.due_on == dt.date(2026, 3, 26)
        # the police see it no more; the prosecutor acts on it
        assert not access.can_view_case(p.investigator, case)
        case = step(p.prosecutor, case, "send_to_court", receiver=p.world.court)
        receive(p.world.clerk, case)

    case = fresh(case)
    assert (case.holder, case.stage, case.clerk, case.number) == (
        p.world.court,
        "trial",
        p.world.clerk,
        "DC01-FL-2026-00001",
    )
    assert [n.number for n in selectors.case_numbers(case=case)] == ["IB01-2026-000001", "DC01-FL-2026-00001"]
    received = CaseEvent.objects.filter(case=case, code="handover_received").order_by("id")
    assert [e.data["number"] for e in received] == [None, "DC01-FL-2026-00001"]
    # found by any of its numbers, and any part of them
    for number in ("IB01-2026-000001", "DC01-FL-2026-00001", "IB01-2026-1", "ib01", "FL-2026-1", "2026-00001"):
        found = selectors.case_list(user=p.world.clerk, filters=CaseFilters(q=number))
        assert list(found) == [case]
    # the court's rules now: its clerk assigns a judge, who decides
    assert selectors.case_transitions_available(user=p.world.clerk, case=case) == []
    with transaction.atomic():
        from adalat.cases import services

        locked = selectors.case_get(user=p.world.clerk, case_id=case.pk, for_update=True)
        services.case_assign_judge(actor=p.world.clerk, case=locked, judge=p.world.judge)
    case = step(p.world.judge, case, "decide")
    assert (case.stage, case.status, case.resolved_on is not None) == ("decided", "closed", True)


def test_a_precondition_a_module_registers_stops_the_step_until_it_is_met(pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p, participants=[]), "open_investigation")
    with pytest.raises(PermissionDenied, match="Name the accused first"):
        step(p.investigator, case, "send_to_prosecutor", receiver=p.office)
    assert not Handover.objects.exists()


def test_only_the_receivers_organization_may_receive(pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    case = step(p.investigator, case, "send_to_prosecutor", receiver=p.office)
    for outsider in (p.other_prosecutor, p.world.clerk):
        with pytest.raises(Exception) as refused:
            receive(outsider, case)
        assert type(refused.value).__name__ in ("NotFound", "PermissionDenied")
    with pytest.raises(PermissionDenied):
        receive(p.investigator, case)  # the sender sees it, but cannot receive it
    assert fresh(case).receiving == p.office


# --- links ----------------------------------------------------------------------------------------


def link(actor, case: Case, other: Case, kind: str = "severed"):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return custody.case_link(actor=actor, case=locked, other=other, kind=kind)


def test_cases_are_linked_and_each_shows_the_other(pretrial: Pretrial) -> None:
    p = pretrial
    main, part = report(p), report(p, title="Receiving stolen goods")
    made = link(p.investigator, part, main)
    assert [(s.label, s.other) for s in selectors.case_links(user=p.investigator, case=part)] == [
        ("Severed from", main)
    ]
    assert [(s.label, s.other) for s in selectors.case_links(user=p.investigator, case=main)] == [
        ("Severed into", part)
    ]
    assert CaseEvent.objects.filter(code="case_linked").count() == 2
    with pytest.raises(ValidationFailed) as refused:
        link(p.investigator, part, main)
    assert set(refused.value.fields) == {"other"}
    with pytest.raises(ValidationFailed) as refused:
        link(p.investigator, part, part, kind="motion")
    assert set(refused.value.fields) == {"other", "kind"}
    with transaction.atomic():
        custody.case_unlink(actor=p.investigator, case=main, link=made)
    assert selectors.case_links(user=p.investigator, case=part) == []
    assert CaseEvent.objects.filter(code="case_unlinked").count() == 2


def test_a_linked_case_the_reader_may_not_see_is_not_named(pretrial: Pretrial) -> None:
    p = pretrial
    sealed = report(p, confidentiality="sealed")
    case = report(p)
    link(p.investigator, case, sealed)
    # a lawyer on one case only
    from adalat.cases.models import Party
    from adalat.cases.services import ParticipantData, participant_add

    lawyer = p.world.lawyer
    party = Party.objects.create(kind="person", name="Counsel", search_name="counsel", user=lawyer, created_at=MONDAY)
    with transaction.atomic():
        locked = selectors.case_get(user=p.investigator, case_id=case.pk, for_update=True)
        participant_add(actor=p.investigator, case=locked, data=ParticipantData(role="defender", party_id=party.pk))
    shown = selectors.case_links(user=lawyer, case=case)
    assert [(s.visible, s.label) for s in shown] == [(False, "Severed from")]
    with pytest.raises(PermissionDenied):
        link(lawyer, case, sealed)
