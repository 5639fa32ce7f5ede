"""The one access policy: who may see what, and who may do what to it.

Every selector scopes its querysets with ``visible_cases`` and every service checks with
``require`` before it writes. Nothing else in Adalat decides access. Each module registers the
rule of each action on its own resources (``rule``, in the module's ``rules.py``); the rules are
made of the facts this module knows about people and cases, and where the law decides, they read
the jurisdiction pack (``pack_permits``).

- A case is held by one organization at a time (a court, a prosecutor's office, an investigative
  body). Its staff in the roles the pack lists for that kind of organization see its cases; a
  court's chair also sees the courts below. A judge acts only on the cases assigned to them.
- A case on its way to another organization is seen by those who may receive it there, and
  nobody acts on it until it is received or returned.
- People on a case (parties, lawyers, prosecutors and investigators linked to a participant whose
  role acts on the case) see that case, and only that case.
- Restricted cases (sealed, juvenile) are seen only by the people on them.
- Adalat's own automatic actor sees every case and acts in the role ``system``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Protocol, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from adalat.core import policy
from adalat.core.policy import can, require
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.organizations import selectors as organization_selectors

from .models import Membership, User

__all__ = ["Action", "can", "require", "rule"]

AnyUser = User | AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)
T = TypeVar("T")

# Roles whose whole organization is on a case when the organization is a participant.
ORGANIZATION_ROLES = frozenset({Role.PROSECUTOR, Role.INVESTIGATOR})


class Action(StrEnum):
    """The actions of the accounts module and of the case file at the heart of the kernel.
    Other modules name their own (``document.upload``) in their ``rules.py``."""

    CASE_VIEW = "case.view"
    CASE_REGISTER = "case.register"  # on an organization
    CASE_ASSIGN = "case.assign"
    CASE_TRANSITION = "case.transition"
    CASE_PARTICIPANTS = "case.participants"
    CASE_LINK = "case.link"
    CASE_RECEIVE = "case.receive"  # receive or return a case handed to one's organization
    CASE_PARTY_DETAILS = "case.party_details"  # identity numbers and contacts of the people on a case
    PROGRESS_VIEW = "progress.view"  # on a court
    AUDIT_READ = "audit.read"  # the whole log: administrators only
    TOKENS_MANAGE = "tokens.manage"  # anyone's API tokens: administrators only
    REFERENCE_MANAGE = "reference.manage"  # organizations, people, memberships: administrators only


def rule(action: str, *, owner: str) -> Callable[[Callable[[User | None, Any], bool]], Callable[..., bool]]:
    """Register the decorated function as the rule of ``action`` (see ``adalat.core.policy``)."""

    def register(function: Callable[[User | None, Any], bool]) -> Callable[..., bool]:
        policy.register(action, function, owner=owner)
        return function

    return register


class CaseLike(Protocol):
    """What the policy needs of a case; ``adalat.cases.models.Case`` is one."""

    pk: Any
    holder_id: int
    receiving_id: int | None
    judge_id: int | None
    clerk_id: int | None
    confidentiality: str

    @property
    def participants(self) -> Any: ...


# --- facts about people -------------------------------------------------------------------------


def _user(user: AnyUser | None) -> User | None:
    person = policy.person_of(user)
    return person if isinstance(person, User) else None


def is_automatic(user: AnyUser | None) -> bool:
    """Adalat's own actor for automatic acts (``accounts.services.automatic_actor``)."""
    person = _user(user)
    return person is not None and person.kind == User.Kind.AUTOMATIC


def _cached(person: User, key: str, compute: Callable[[], T]) -> T:
    """A fact about ``person`` computed once per user object (that is, once per request)."""
    facts: dict[str, Any] = person.__dict__.setdefault("_adalat_access", {})
    if key not in facts:
        facts[key] = compute()
    value: T = facts[key]
    return value


def memberships(user: AnyUser | None) -> list[Membership]:
    """The user's active memberships, read once per user object."""
    person = _user(user)
    if person is None:
        return []
    return _cached(
        person,
        "memberships",
        lambda: list(
            Membership.objects.filter(user=person, is_active=True, organization__is_active=True).select_related(
                "organization"
            )
        ),
    )


def roles(user: AnyUser | None) -> set[Role]:
    return {Role(m.role) for m in memberships(user)}


def organization_ids(user: AnyUser | None, wanted: Iterable[Role]) -> set[int]:
    wanted = set(wanted)
    return {m.organization_id for m in memberships(user) if m.role in wanted}


def court_ids(user: AnyUser | None, wanted: Iterable[Role] = (Role.CLERK, Role.JUDGE, Role.CHAIR)) -> set[int]:
    wanted = set(wanted)
    return {m.organization_id for m in memberships(user) if m.role in wanted and m.organization.is_court}


def _holder_roles(kind: str, part: str) -> frozenset[str]:
    holder = get_pack().holder(kind)
    return frozenset(getattr(holder, part)) if holder is not None else frozenset()


def holding_ids(user: AnyUser | None, part: str = "staff") -> set[int]:
    """The organizations where the user is ``staff`` in a role the pack lists for that kind of
    organization (or may ``registers`` or ``receives`` cases there)."""
    return {m.organization_id for m in memberships(user) if m.role in _holder_roles(m.organization.kind, part)}


def supervised_court_ids(user: AnyUser | None) -> set[int]:
    """The courts a chair leads and every court below them."""
    person = _user(user)
    if person is None:
        return set()
    return _cached(person, "supervised", lambda: organization_selectors.descendant_ids(court_ids(person, {Role.CHAIR})))


def staff_ids(user: AnyUser | None) -> set[int]:
    """The organizations whose unrestricted cases the user sees as their staff."""
    return holding_ids(user) | supervised_court_ids(user)


# --- cases --------------------------------------------------------------------------------------


def _acting_participant_roles() -> dict[str, Role]:
    return {r.code: r.acts_as for r in get_pack().header.participant_roles if r.acts_as is not None}


# Up to this many cases someone takes part in are read once per request and named by their ids;
# beyond (an office on thousands of cases), the lists ask the database with a subquery.
FEW_CASES = 200


def _party_ids(person: User, participant_model: type[Model]) -> list[int]:
    """The parties that are ``person``: linked to their account, or their office (prosecution and
    investigation), read once per request."""

    def read() -> list[int]:
        party_model = cast(type[Model], participant_model._meta.get_field("party").related_model)
        condition = Q(user=person)
        organizations = organization_ids(person, ORGANIZATION_ROLES)
        if organizations:
            condition |= Q(organization_id__in=organizations)
        return list(party_model._default_manager.filter(condition).values_list("pk", flat=True))

    return _cached(person, "parties", read)


def _taking_part(person: User, participant_model: type[Model]) -> QuerySet[Any]:
    """The participations through which ``person`` acts on cases (their parties, in roles that act)."""
    return participant_model._default_manager.filter(
        party_id__in=_party_ids(person, participant_model),
        removed_at__isnull=True,
        role__in=list(_acting_participant_roles()),
    )


def visible_cases(user: AnyUser | None, cases: QuerySet[M]) -> QuerySet[M]:
    """``cases`` narrowed to those ``user`` may list: held by their organization, or that they are on.

    A case on its way to the user's organization is not among them until it is received: those who
    may receive it open it from the incoming list (``can_view_case`` lets them).

    Shaped so that a list of an organization's cases walks that organization's indexes in order,
    stopping at the first page: whether a restricted case is the person's own is tested per row
    (their judge or clerk column, or one of the few cases they take part in as a party), never by
    first collecting every case they are on.
    """
    person = _user(user)
    if person is None:
        return cases.none()
    if person.kind == User.Kind.AUTOMATIC:
        return cases
    participant_model = cast(type[Model], cases.model._meta.get_field("participants").related_model)
    staff = staff_ids(person)
    if not staff:
        return cases.filter(pk__in=_taking_part(person, participant_model).values("case_id"))
    few = _few_cases(person, participant_model)
    held = _in(staff, "holder_id")
    if few is None:  # an office on many cases: the database finds them
        on_cases = Q(pk__in=_taking_part(person, participant_model).values("case_id"))
        return cases.filter((held & (Q(confidentiality="normal") | _staff_on_case(person))) | on_cases)
    mine = _staff_on_case(person)
    if few:
        mine |= Q(pk__in=[case for case, _ in few])
    scope = held & (Q(confidentiality="normal") | mine)
    elsewhere = [case for case, holder in few if holder not in staff]
    if elsewhere:
        scope |= Q(pk__in=elsewhere)
    return cases.filter(scope)


def _in(ids: set[int], column: str) -> Q:
    """``column`` among ``ids``: an equality for the usual single one (simpler to plan)."""
    if len(ids) == 1:
        return Q(**{column: next(iter(ids))})
    return Q(**{f"{column}__in": sorted(ids)})


def _few_cases(person: User, participant_model: type[Model]) -> list[tuple[int, int]] | None:
    """The cases (and their holders) that staff take part in as a party, read once per request;
    None when they are too many to name (an office on thousands of cases)."""

    def read() -> list[tuple[int, int]] | None:
        if not _party_ids(person, participant_model):
            return []
        taking_part = _taking_part(person, participant_model)
        rows = list(taking_part.values_list("case_id", "case__holder_id").distinct()[: FEW_CASES + 1])
        return rows if len(rows) <= FEW_CASES else None

    return _cached(person, "taking_part", read)


def aggregate_cases(user: AnyUser | None, cases: QuerySet[M]) -> QuerySet[M]:
    """The cases whose figures ``user`` may count (never list): statisticians, administrators and
    Adalat itself count every case; staff count their organizations and those they supervise,
    restricted cases included; anyone else only the cases they see."""
    person = _user(user)
    if person is None:
        return cases.none()
    if person.kind == User.Kind.AUTOMATIC or person.is_superuser or roles(person) & {Role.STATISTICIAN, Role.ADMIN}:
        return cases
    staff = staff_ids(person)
    if staff:
        return cases.filter(Q(holder_id__in=staff) | Q(pk__in=visible_cases(person, cases).values("pk")))
    return visible_cases(person, cases)


def attachable_parties(user: AnyUser | None, parties: QuerySet[M]) -> QuerySet[M]:
    """Known parties ``user`` may put on a case by id (which then shows their details):
    those already on a case the user sees, and the public registers — organizations in the
    system and lawyers. Ids are not a way to reach anyone else."""
    person = _user(user)
    if person is None:
        return parties.none()
    participation = cast(type[Model], parties.model._meta.get_field("participations").related_model)
    case_model = cast(type[Model], participation._meta.get_field("case").related_model)
    seen = participation._default_manager.filter(case__in=visible_cases(person, case_model._default_manager.all()))
    lawyers = Membership.objects.filter(role=Role.LAWYER, is_active=True).values("user_id")
    return parties.filter(Q(pk__in=seen.values("party_id")) | Q(organization__isnull=False) | Q(user__in=lawyers))


def _staff_on_case(person: User) -> Q:
    """The case's own judge, and the officer in charge of it (``Case.clerk``: the court's clerk,
    the investigator...), while they still serve in the organization holding it."""
    held, judged = holding_ids(person), court_ids(person, {Role.JUDGE})
    mine = Q(clerk=person) & _in(held, "holder_id") if held else Q(pk__in=[])
    if judged:
        mine |= Q(judge=person) & _in(judged, "holder_id")
    return mine


def is_on_case(user: AnyUser | None, case: CaseLike) -> bool:
    person = _user(user)
    if person is None:
        return False
    if person.pk == case.judge_id and case.holder_id in court_ids(person, {Role.JUDGE}):
        return True
    if person.pk == case.clerk_id and case.holder_id in holding_ids(person):
        return True
    return bool(_participations(person, case))


def _participations(person: User, case: CaseLike) -> list[str]:
    """The participant roles ``person`` holds on ``case``, read once per request and case."""
    participant_model = cast(type[Model], type(case)._meta.get_field("participants").related_model)  # type: ignore[attr-defined]
    return _cached(
        person,
        f"participations:{case.pk}",
        lambda: list(_taking_part(person, participant_model).filter(case_id=case.pk).values_list("role", flat=True)),
    )


def can_view_case(user: AnyUser | None, case: CaseLike) -> bool:
    """Whether ``user`` may open ``case``: a case they may list, or one on its way to them."""
    person = _user(user)
    if person is None:
        return False
    if person.kind == User.Kind.AUTOMATIC:
        return True
    if case.confidentiality == "normal" and case.holder_id in staff_ids(person):
        return True
    if case.receiving_id is not None and case.receiving_id in holding_ids(person, "receives"):
        return True
    return is_on_case(person, case)


def may_receive(user: AnyUser | None, case: CaseLike) -> bool:
    """Whether ``user`` may receive (or return) the case on its way to their organization."""
    return case.receiving_id is not None and case.receiving_id in holding_ids(user, "receives")


def case_roles(user: AnyUser | None, case: CaseLike) -> set[Role]:
    """The roles ``user`` acts in on ``case``: what the pack's transitions and permissions are
    matched against. Nobody acts on a case on its way to another organization."""
    if case.receiving_id is not None:
        return set()
    return standing_roles(user, case)


def holder_roles(user: AnyUser | None, case: CaseLike) -> set[Role]:
    """The roles ``user`` holds on ``case`` as staff of the organization holding it (a judge only on
    the cases assigned to them), not as someone taking part in it."""
    person = _user(user)
    if person is None:
        return set()
    acting: set[Role] = set()
    for membership in memberships(person):
        if membership.organization_id != case.holder_id:
            continue
        role = Role(membership.role)
        if role not in _holder_roles(membership.organization.kind, "staff"):
            continue
        if role != Role.JUDGE or case.judge_id == person.pk:
            acting.add(role)
    return acting


def standing_roles(user: AnyUser | None, case: CaseLike) -> set[Role]:
    """The roles ``user`` holds on ``case`` whether or not it is on its way somewhere (what decides
    which materials they read); those who may receive it hold their receiving roles."""
    person = _user(user)
    if person is None or not can_view_case(person, case):
        return set()
    if person.kind == User.Kind.AUTOMATIC:
        return {Role.SYSTEM}
    if case.receiving_id is not None and case.receiving_id in holding_ids(person, "receives"):
        receiving = {Role(m.role) for m in memberships(person) if m.organization_id == case.receiving_id}
    else:
        receiving = set()
    acting = holder_roles(person, case)
    acts_as = _acting_participant_roles()
    acting.update(acts_as[role] for role in _participations(person, case))
    return acting | receiving


_pack_permissions: dict[str, str] = {}


def pack_permission(permission: str, *, owner: str) -> None:
    """Declare that the pack says who may do ``permission`` (``document.upload: [clerk, lawyer]``);
    a pack that does not is refused when Adalat starts (the system check of ``accounts.checks``)."""
    _pack_permissions[permission] = owner


def pack_permissions() -> dict[str, str]:
    return dict(_pack_permissions)


def pack_permits(user: AnyUser | None, permission: str, case: CaseLike) -> bool:
    """Whether one of the roles ``user`` acts in on ``case`` is among those the pack lets do
    ``permission``: where the law decides who may act."""
    if permission not in _pack_permissions:
        raise ValueError(f"{permission!r} is not a permission the pack decides")
    return bool(case_roles(user, case) & get_pack().permitted(permission))


def case_audiences(user: AnyUser | None, case: CaseLike) -> set[str]:
    """Who ``user`` is to the events of ``case``: ``public`` always; ``case`` if they see it;
    ``official`` for the staff of the organization holding it and the prosecution on it;
    ``internal`` for that organization's staff."""
    audiences = {"public"}
    person = _user(user)
    if person is None or not can_view_case(person, case):
        return audiences
    audiences.add("case")
    automatic = person.kind == User.Kind.AUTOMATIC
    if automatic or case.holder_id in staff_ids(person):
        audiences.update({"official", "internal"})
    elif case_roles(person, case) & ORGANIZATION_ROLES:
        audiences.add("official")
    return audiences


def requires_second_factor(user: AnyUser | None) -> bool:
    """Whether the pack requires a second factor of this user, from their roles."""
    wanted = set(get_pack().header.security.second_factor_roles)
    person = _user(user)
    if person is None:
        return False
    if person.is_superuser and Role.ADMIN in wanted:
        return True
    return bool(roles(person) & wanted)


# --- the rules of the accounts module ---------------------------------------------------------


def is_administrator(user: AnyUser | None) -> bool:
    person = _user(user)
    return person is not None and (person.is_superuser or Role.ADMIN in roles(person))


def register_rules() -> None:
    """The accounts module's rules (called once, when Django starts)."""
    for action in (Action.AUDIT_READ, Action.TOKENS_MANAGE, Action.REFERENCE_MANAGE):
        policy.register(action, lambda person, obj: is_administrator(person), owner="accounts")
