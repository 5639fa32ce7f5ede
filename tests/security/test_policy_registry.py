"""One policy that modules extend: each registers the rules of its own actions; where the law
decides, the rule reads the pack; Django's checks refuse a pack that leaves an act undecided."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.checks import pack_permissions_check
from adalat.cases import selectors, services
from adalat.cases.checks import pack_preconditions_check
from adalat.cases.models import Case, Participant
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import policy
from adalat.core.errors import PermissionDenied
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.loader import load_pack
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.cases.factories import register
from tests.conftest import World
from tests.jurisdictions.test_loader import DEMO, edit
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_every_action_is_decided_by_the_module_that_owns_it() -> None:
    owners = policy.actions()
    assert owners[Action.CASE_VIEW] == "cases" and owners["document.upload"] == "documents"
    assert owners[Action.AUDIT_READ] == "accounts"
    with pytest.raises(ImproperlyConfigured, match=r"documents registers 'case\.view', which cases already decides"):
        policy.register(Action.CASE_VIEW, lambda person, obj: True, owner="documents")
    with pytest.raises(ImproperlyConfigured, match=r"no module decides the action 'hearing\.schedule'"):
        access.can(None, "hearing.schedule")


def test_anonymous_and_deactivated_people_are_refused_by_every_rule(world: World) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    world.clerk.is_active = False
    for action in policy.actions():
        obj = world.court if action in (Action.CASE_REGISTER, Action.PROGRESS_VIEW) else case
        if action in (Action.AUDIT_READ, Action.TOKENS_MANAGE):
            obj = None
        if action == "document.read":
            continue  # on a document, tried in the documents module's tests
        assert not access.can(None, action, obj), action
        assert not access.can(world.clerk, action, obj), action


def _pack_with(tmp_path: Path, **permissions: list[str]) -> object:
    target = tmp_path / "pack"
    import shutil

    shutil.copytree(DEMO, target)
    edit(target, "pack.yaml", lambda data: data["permissions"].update(permissions))
    return load_pack(target)


def test_who_adds_participants_is_the_packs_to_say(world: World, tmp_path: Path) -> None:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    witness = ParticipantData(role="witness", party=PartyData(kind="person", name="Witness"))

    def add(user) -> Participant:  # type: ignore[no-untyped-def]
        with transaction.atomic():
            locked = selectors.case_get(user=user, case_id=case.pk, for_update=True)
            return services.participant_add(actor=user, case=locked, data=witness)

    assert add(world.judge).role == "witness"  # the demo pack: clerks and judges
    with override_settings(PACK=_pack_with(tmp_path, **{"case.participants": ["clerk"]})):
        with pytest.raises(PermissionDenied):
            add(world.judge)
        assert add(world.clerk).role == "witness"
        assert not access.can(world.judge, Action.CASE_PARTICIPANTS, case)


def test_a_pack_that_leaves_an_act_undecided_or_names_an_unknown_one_is_refused(tmp_path: Path) -> None:
    assert pack_permissions_check() == []
    pack = get_pack()
    broken = pack.model_copy(
        update={
            "header": pack.header.model_copy(
                update={
                    "permissions": {
                        **{k: v for k, v in pack.header.permissions.items() if k != "document.upload"},
                        "gifts.declare": [Role.CLERK],
                    }
                }
            )
        }
    )
    with override_settings(PACK=broken):
        messages = [m.msg for m in pack_permissions_check()]
    assert messages == [
        "pack.yaml: permissions: the pack does not say who may 'document.upload' (a rule of documents)",
        "pack.yaml: permissions.gifts.declare: no module knows this permission",
    ]


def test_a_pack_that_requires_a_check_no_module_makes_is_refused() -> None:
    assert pack_preconditions_check() == []
    pack = get_pack()
    civil = pack.kind("civil")
    requires = ["judge_assigned", "fee_paid", "participant:plaintiff", "participant:jester", "paid:fee"]
    accept = civil.transitions[0].model_copy(update={"requires": requires})
    kind = civil.model_copy(update={"transitions": [accept, *civil.transitions[1:]]})
    with override_settings(PACK=pack.model_copy(update={"kinds": {**pack.kinds, "civil": kind}})):
        messages = [m.msg for m in pack_preconditions_check()]
    # a family of checks takes what follows the colon, when it means something (a participant role)
    assert [m.split(" (known")[0] for m in messages] == [
        "kinds/civil.yaml: transitions[0].requires[1]: no module checks the precondition 'fee_paid'",
        "kinds/civil.yaml: transitions[0].requires[3]: no module checks the precondition 'participant:jester'",
        "kinds/civil.yaml: transitions[0].requires[4]: no module checks the precondition 'paid:fee'",
    ]
    assert "judge_assigned, participant:..." in messages[0]
    call_command("check")  # the demo pack passes every check


def test_people_outside_the_courts_see_what_their_office_holds(world: World) -> None:
    """An office that holds cases (here: a prosecutor's office at a stage the pack gives it) shows
    them to its staff in the roles the pack lists, and not to the staff of other offices."""
    office_case = register(clerk=world.clerk, court=world.court)
    Case.objects.filter(pk=office_case.pk).update(holder=world.prosecutor_office)
    office_case.refresh_from_db()
    elsewhere = OrganizationFactory(code="PO09", kind=Organization.Kind.PROSECUTOR_OFFICE)
    outsider = member(elsewhere, Role.PROSECUTOR, username="outsider")
    assert access.can_view_case(world.prosecutor, office_case)
    assert access.case_roles(world.prosecutor, office_case) == {Role.PROSECUTOR}
    assert not access.can_view_case(outsider, office_case)
    assert not access.can_view_case(world.clerk, office_case)  # the court no longer holds it
    assert list(access.visible_cases(world.prosecutor, Case.objects.all())) == [office_case]


def test_counting_is_wider_than_seeing_but_never_for_strangers(world: World) -> None:
    register(clerk=world.clerk, court=world.court)
    clerk2 = member(world.court, Role.CLERK, username="clerk2")
    register(clerk=clerk2, court=world.court, confidentiality="sealed", judge=world.judge2)
    register(clerk=world.other_clerk, court=world.other_court)
    ministry = OrganizationFactory(code="MS", kind=Organization.Kind.STATISTICS_OFFICE)
    statistician = member(ministry, Role.STATISTICIAN, username="statistician")
    everything = Case.objects.all()
    assert access.aggregate_cases(statistician, everything).count() == 3
    assert access.visible_cases(statistician, everything).count() == 0
    assert access.aggregate_cases(world.clerk, everything).count() == 2  # its court, the sealed case too
    assert access.visible_cases(world.clerk, everything).count() == 1
    assert access.aggregate_cases(world.stranger, everything).count() == 0
    assert access.aggregate_cases(None, everything).count() == 0
