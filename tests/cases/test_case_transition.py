from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from adalat.audit.models import AuditEntry
from adalat.cases import selectors, services
from adalat.cases.models import Case, CaseEvent, Deadline
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 12, 11, 6, 0, tzinfo=dt.UTC)


def step(world: World, user, case: Case, action: str, **kwargs) -> Case:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        locked = selectors.case_get(user=user, case_id=case.pk, for_update=True)
        return services.case_transition(actor=user, case=locked, action=action, **kwargs)


def test_a_case_walks_the_workflow_to_its_judgment_and_entry_into_force(world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 12, 10))
        case = step(world, world.clerk, case, "accept")
        assert (case.stage, case.status) == ("preparation", "open")
        # 30 calendar days counted from receipt (10 Dec) -> 9 January 2027, a Saturday -> Monday 11 January
        assert case.due_on == dt.date(2027, 1, 11)
    with time_machine.travel(FRIDAY + dt.timedelta(days=20), tick=False):
        case = step(world, world.judge, case, "schedule_trial")
        case = step(world, world.judge, case, "deliver_judgment", note="Guilty; fine imposed.")
        assert case.resolved_on == dt.date(2026, 12, 31)
        assert case.status == "open"  # the judgment is not yet in force
    with time_machine.travel(FRIDAY + dt.timedelta(days=40), tick=False):
        case = step(world, world.clerk, case, "enter_into_force")
    case.refresh_from_db()
    assert (case.stage, case.status, case.due_on) == ("in_force", "closed", None)
    assert case.closed_at == FRIDAY + dt.timedelta(days=40)
    assert case.resolved_on == dt.date(2026, 12, 31)
    events = list(
        CaseEvent.objects.filter(case=case, code="transition").values_list("data__action", "from_stage", "to_stage")
    )
    assert events == [
        ("accept", "received", "preparation"),
        ("schedule_trial", "preparation", "trial"),
        ("deliver_judgment", "trial", "judgment"),
        ("enter_into_force", "judgment", "in_force"),
    ]
    judgment = CaseEvent.objects.get(case=case, code="transition", data__action="deliver_judgment")
    assert judgment.texts.get(name="note").text == "Guilty; fine imposed."
    entry = AuditEntry.objects.get(
        action="case.transition", object_id=str(case.pk), data__contains='"deliver_judgment"'
    )
    assert "Guilty" not in entry.data  # what a person wrote stays in the case's tables


def test_a_deadline_is_met_or_missed_when_the_stage_is_left(world: World) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        case = register(clerk=world.clerk, court=world.court, judge=world.judge, received_on=dt.date(2026, 12, 10))
    with time_machine.travel(FRIDAY + dt.timedelta(days=30), tick=False):  # received stage was due on 21 December
        step(world, world.clerk, case, "accept")
    first = Deadline.objects.filter(case=case).order_by("id").first()
    assert first is not None and first.stage == "received" and first.met is False and first.closed_at is not None
    assert Deadline.objects.filter(case=case, closed_at__isnull=True).count() == 1


def test_a_step_the_pack_does_not_allow_from_this_stage_is_refused_with_the_reason(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with pytest.raises(Conflict, match="not possible at the current stage"):
        step(world, world.judge, case, "deliver_judgment")
    with pytest.raises(ValidationFailed) as caught:
        step(world, world.judge, case, "fly_away")
    assert "action" in caught.value.fields
    case.refresh_from_db()
    assert case.stage == "received" and case.version == 1


def test_the_role_must_be_allowed_and_a_judge_acts_only_on_assigned_cases(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    step(world, world.clerk, case, "accept")
    with pytest.raises(PermissionDenied, match="role on this case may not"):
        step(world, world.clerk, case, "schedule_trial")  # only the judge may
    with pytest.raises(PermissionDenied):
        step(world, world.judge2, case, "schedule_trial")  # a judge of the court, but not this case's
    assert step(world, world.judge, case, "schedule_trial").stage == "trial"


def test_a_requirement_of_the_pack_is_explained(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    with pytest.raises(PermissionDenied, match="judge must be assigned first"):
        step(world, world.clerk, case, "accept")


def test_a_stale_version_is_refused(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    step(world, world.clerk, case, "accept", expected_version=1)
    with pytest.raises(Conflict, match="changed by someone else"):
        step(world, world.judge, case, "schedule_trial", expected_version=1)


def test_the_available_steps_are_those_the_user_may_take_now(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    assert selectors.case_transitions_available(user=world.clerk, case=case) == []  # no judge yet
    with transaction.atomic():
        locked = selectors.case_get(user=world.clerk, case_id=case.pk, for_update=True)
        services.case_assign_judge(actor=world.clerk, case=locked, judge=world.judge)
    case.refresh_from_db()
    assert [t.action for t in selectors.case_transitions_available(user=world.clerk, case=case)] == ["accept"]
    assert [t.action for t in selectors.case_transitions_available(user=world.judge, case=case)] == ["accept"]
    assert selectors.case_transitions_available(user=world.judge2, case=case) == []
    assert selectors.case_transitions_available(user=world.other_clerk, case=case) == []
