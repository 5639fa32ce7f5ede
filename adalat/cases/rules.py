"""The access rules of the case file, registered in the one policy (``accounts.access``).

Who sees a case, and the roles someone acts in on it, are the policy's own facts; what the law
decides — who may assign a judge, add participants, link cases — is read from the pack.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from adalat.accounts import access
from adalat.accounts.access import Action, AnyUser
from adalat.accounts.models import User
from adalat.core.policy import person_of
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization

from .models import Case, Participant, Party

OWNER = "cases"
OUTAGE_RECORD = "outage.record"  # record when Adalat was unavailable: its operators


def _view(person: User | None, case: Case) -> bool:
    return access.can_view_case(person, case)


def _register(person: User | None, organization: Any) -> bool:
    """Registering at an organization: a role the pack lets register cases at its kind."""
    if not isinstance(organization, Organization) or person is None:
        return False
    holder = get_pack().holder(organization.kind)
    wanted = set(holder.registers) if holder is not None else set()
    return organization.pk in access.organization_ids(person, wanted)


def _progress(person: User | None, organization: Any) -> bool:
    return (
        isinstance(organization, Organization)
        and organization.is_court
        and (organization.pk in access.supervised_court_ids(person))
    )


def _assign(person: User | None, case: Case) -> bool:
    return case.holder.is_court and access.pack_permits(person, "case.assign", case)


def _held(person: User | None, permission: str, case: Case) -> bool:
    """``permission`` for the staff of the organization holding the case, in a role the pack lists:
    an investigative body on a court's case takes part in it but does not manage its file."""
    return case.receiving_id is None and bool(access.holder_roles(person, case) & get_pack().permitted(permission))


def _participants(person: User | None, case: Case) -> bool:
    return access.can_view_case(person, case) and _held(person, "case.participants", case)


def _link(person: User | None, case: Case) -> bool:
    return access.can_view_case(person, case) and _held(person, "case.link", case)


def _transition(person: User | None, case: Case) -> bool:
    """Someone who holds a role on the case; the pack's transitions say which steps their roles
    may take, and none while the case is on its way elsewhere."""
    return bool(access.standing_roles(person, case))


def _receive(person: User | None, case: Case) -> bool:
    return access.may_receive(person, case)


def _party_details(person: User | None, case: Case) -> bool:
    """The court and the prosecution need them to serve and summon; other parties and their
    lawyers see who is on the case, not where they live (decision 0009)."""
    if access.is_automatic(person):
        return True
    if case.holder_id in access.staff_ids(person):
        return access.can_view_case(person, case)
    return bool(access.case_roles(person, case) & access.ORGANIZATION_ROLES) or access.may_receive(person, case)


def party_details_cases(user: AnyUser, *, prefix: str = "") -> list[Q]:
    """``_party_details`` for a list: among the cases ``user`` sees, those whose parties' identity
    and contacts they may see, as filters on cases any of which lets them (``prefix`` leads to the
    case from another model; none for someone not logged in, one that keeps every case for Adalat
    itself): the cases held by the organizations they staff, those their office (or they) take part
    in as the prosecution or the investigation, and those on their way to them. Separate filters,
    so that each can be looked up on its own index."""
    if access.is_automatic(user):
        return [Q()]
    person = person_of(user)
    if not isinstance(person, User):
        return []
    scopes = []
    offices = access.organization_ids(person, access.ORGANIZATION_ROLES)
    theirs = list(
        Party.objects.filter(Q(user=person) | Q(organization_id__in=sorted(offices))).values_list("pk", flat=True)
    )
    if theirs:
        roles = [r.code for r in get_pack().header.participant_roles if r.acts_as in access.ORGANIZATION_ROLES]
        on_cases = Participant.objects.filter(party_id__in=theirs, role__in=roles, removed_at__isnull=True)
        scopes.append(Q(**{f"{prefix}pk__in": on_cases.values("case_id"), f"{prefix}receiving__isnull": True}))
    if staff := access.staff_ids(person):
        scopes.append(Q(**{f"{prefix}holder_id__in": sorted(staff)}))
    if receiving := access.holding_ids(person, "receives"):
        scopes.append(Q(**{f"{prefix}receiving_id__in": sorted(receiving)}))
    return scopes


def register() -> None:
    for permission in ("case.assign", "case.participants", "case.link"):
        access.pack_permission(permission, owner=OWNER)
    rules: dict[str, Any] = {
        Action.CASE_VIEW: _view,
        Action.CASE_REGISTER: _register,
        Action.PROGRESS_VIEW: _progress,
        Action.CASE_ASSIGN: _assign,
        Action.CASE_PARTICIPANTS: _participants,
        Action.CASE_LINK: _link,
        Action.CASE_TRANSITION: _transition,
        Action.CASE_RECEIVE: _receive,
        Action.CASE_PARTY_DETAILS: _party_details,
        OUTAGE_RECORD: lambda person, obj: access.is_administrator(person),
    }
    for action_, rule_ in rules.items():
        access.rule(action_, owner=OWNER)(rule_)
