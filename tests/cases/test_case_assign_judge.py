from __future__ import annotations

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases import selectors, services
from adalat.cases.models import Case, CaseEvent
from adalat.core.errors import PermissionDenied, ValidationFailed
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db


def assign(actor: User, case: Case, judge: User, **kwargs: object) -> Case:
    with transaction.atomic():
        locked = selectors.case_get(user=actor, case_id=case.pk, for_update=True)
        return services.case_assign_judge(actor=actor, case=locked, judge=judge, **kwargs)  # type: ignore[arg-type]


def test_the_clerk_assigns_a_judge_of_the_court_and_it_is_recorded(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    assign(world.clerk, case, world.judge, reason="Specialised in theft")
    case.refresh_from_db()
    assert case.judge == world.judge and case.version == 2
    event = CaseEvent.objects.get(case=case, code="judge_assigned")
    assert event.data == {"judge": world.judge.pk, "previous": None}
    assert event.texts.get(name="reason").text == "Specialised in theft"
    assert AuditEntry.objects.filter(action="case.judge_assigned", object_id=str(case.pk)).count() == 1


def test_the_chair_may_reassign(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    assign(world.chair, case, world.judge2)
    case.refresh_from_db()
    assert case.judge == world.judge2
    assert CaseEvent.objects.filter(case=case, code="judge_assigned").count() == 2


def test_only_judges_of_the_case_court_may_be_assigned(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court)
    with pytest.raises(ValidationFailed) as caught:
        assign(world.clerk, case, world.other_judge)
    assert "not a judge of this court" in caught.value.fields["judge"]
    with pytest.raises(ValidationFailed):
        assign(world.clerk, case, world.clerk)


def test_judges_and_others_may_not_assign(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with pytest.raises(PermissionDenied):
        assign(world.judge, case, world.judge2)
    with pytest.raises(PermissionDenied):
        assign(world.appeal_chair, case, world.judge2)  # sees the case from above, does not act on it
    case.refresh_from_db()
    assert case.judge == world.judge
