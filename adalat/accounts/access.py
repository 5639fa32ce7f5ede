"""The one access policy: who may see what, and who may do what to it.

Every selector scopes its querysets with ``visible_cases`` and every service checks with
``require`` before it writes. Nothing else in Adalat decides access.

- Court staff (clerks, judges, chairs) see the cases of their court; a chair also sees the
  courts below theirs. A judge acts only on the cases assigned to them.
- People on a case (its judge and clerk while they serve in its court; parties, lawyers,
  prosecutors and investigators linked to a participant whose role acts on the case) see
  that case, and only that case.
- Restricted cases (sealed, juvenile) are seen only by the people on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Protocol, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from adalat.core.errors import PermissionDenied
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

from .models import Membership, User

AnyUser = User | AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)
T = TypeVar("T")

COURT_STAFF = frozenset({Role.CLERK, Role.JUDGE, Role.CHAIR})
# Roles whose whole organization is on a case when the organization is a participant.
ORGANIZATION_ROLES = frozenset({Role.PROSECUTOR, Role.INVESTIGATOR})


class Action(StrEnum):
    CASE_VIEW = "case.view"
    CASE_REGISTER = "case.register"  # on a court
    CASE_ASSIGN = "case.assign"
    CASE_TRANSITION = "case.transition"
    CASE_PARTICIPANTS = "case.participants"
    DOCUMENT_UPLOAD = "document.upload"
    PROGRESS_VIEW = "progress.view"  # on a court
    CASE_PARTY_DETAILS = "case.party_details"  # identity numbers and contacts of the people on a case
    AUDIT_READ = "audit.read"  # the whole log: administrators only
    TOKENS_MANAGE = "tokens.manage"  # anyone's API tokens: administrators only


class CaseLike(Protocol):
    """What the policy needs of a case; ``adalat.cases.models.Case`` is one."""

    pk: Any
    court_id: int
    judge_id: int | None
    clerk_id: int | None
    confidentiality: str

    @property
    def participants(self) -> Any: ...


def _user(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def _cached(person: User, key: str, compute: Callable[[], T]) -> T:
    """A fact about ``person`` computed once per user object (that is, once per request)."""
    facts: dict[str, Any] = person.__dict__.setdefault("_adalat_access", {})
    if key not in facts:
        facts[key] = compute()
    value: T = facts[key]
    return value


def memberships(user: AnyUser) -> list[Membership]:
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


def roles(user: AnyUser) -> set[Role]:
    return {Role(m.role) for m in memberships(user)}


def organization_ids(user: AnyUser, wanted: Iterable[Role]) -> set[int]:
    wanted = set(wanted)
    return {m.organization_id for m in memberships(user) if m.role in wanted}


def court_ids(user: AnyUser, wanted: Iterable[Role] = COURT_STAFF) -> set[int]:
    wanted = set(wanted)
    return {m.organization_id for m in memberships(user) if m.role in wanted and m.organization.is_court}


def supervised_court_ids(user: AnyUser) -> set[int]:
    """The courts a chair leads and every court below them."""
    person = _user(user)
    if person is None:
        return set()
    return _cached(person, "supervised", lambda: organization_selectors.descendant_ids(court_ids(person, {Role.CHAIR})))


def staff_court_ids(user: AnyUser) -> set[int]:
    """The courts whose unrestricted cases the user sees as court staff."""
    return court_ids(user) | supervised_court_ids(user)


def _acting_participant_roles() -> dict[str, Role]:
    return {r.code: r.acts_as for r in get_pack().header.participant_roles if r.acts_as is not None}


def _participant_filter(user: User, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}party__user": user})
    organizations = organization_ids(user, ORGANIZATION_ROLES)
    if organizations:
        condition |= Q(**{f"{prefix}party__organization_id__in": organizations})
    return condition & Q(
        **{f"{prefix}removed_at__isnull": True, f"{prefix}role__in": list(_acting_participant_roles())}
    )


def visible_cases(user: AnyUser, cases: QuerySet[M]) -> QuerySet[M]:
    """``cases`` narrowed to what ``user`` may see.

    Shaped so that a list of a court's cases walks that court's indexes in order, stopping
    at the first page: whether a restricted case is the person's own is tested per row
    (their judge or clerk column, or one of the few cases they take part in as a party),
    never by first collecting every case they are on.
    """
    person = _user(user)
    if person is None:
        return cases.none()
    participant_model = cast(type[Model], cases.model._meta.get_field("participants").related_model)
    taking_part = participant_model._default_manager.filter(_participant_filter(person))
    courts = staff_court_ids(person)
    if not courts:
        return cases.filter(pk__in=taking_part.values("case_id"))
    # Court staff seldom take part in cases as parties: a handful of ids, read once per request.
    parties_to: list[tuple[int, int]] = _cached(
        person, "taking_part", lambda: list(taking_part.values_list("case_id", "case__court_id").distinct())
    )
    mine = _staff_on_case(person) | Q(pk__in=[case for case, _ in parties_to])
    scope = Q(court_id__in=courts) & (Q(confidentiality="normal") | mine)
    elsewhere = [case for case, court in parties_to if court not in courts]
    if elsewhere:
        scope |= Q(pk__in=elsewhere)
    return cases.filter(scope)


def attachable_parties(user: AnyUser, parties: QuerySet[M]) -> QuerySet[M]:
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
    """The case's own judge and clerk, while they still serve in its court."""
    return Q(judge=person, court_id__in=court_ids(person, {Role.JUDGE})) | Q(
        clerk=person, court_id__in=court_ids(person, {Role.CLERK})
    )


def is_on_case(user: AnyUser, case: CaseLike) -> bool:
    person = _user(user)
    if person is None:
        return False
    if person.pk == case.judge_id and case.court_id in court_ids(person, {Role.JUDGE}):
        return True
    if person.pk == case.clerk_id and case.court_id in court_ids(person, {Role.CLERK}):
        return True
    return bool(_participations(person, case))


def _participations(person: User, case: CaseLike) -> list[str]:
    """The participant roles ``person`` holds on ``case``, read once per request and case."""
    return _cached(
        person,
        f"participations:{case.pk}",
        lambda: list(case.participants.filter(_participant_filter(person)).values_list("role", flat=True)),
    )


def can_view_case(user: AnyUser, case: CaseLike) -> bool:
    person = _user(user)
    if person is None:
        return False
    if case.confidentiality == "normal" and case.court_id in staff_court_ids(person):
        return True
    return is_on_case(person, case)


def case_roles(user: AnyUser, case: CaseLike) -> set[Role]:
    """The roles ``user`` acts in on ``case``: what the pack's transitions are matched against."""
    person = _user(user)
    if person is None or not can_view_case(person, case):
        return set()
    acting: set[Role] = set()
    for membership in memberships(person):
        if membership.organization_id != case.court_id:
            continue
        if membership.role == Role.CLERK:
            acting.add(Role.CLERK)
        elif membership.role == Role.CHAIR:
            acting.add(Role.CHAIR)
        elif membership.role == Role.JUDGE and case.judge_id == person.pk:
            acting.add(Role.JUDGE)
    acts_as = _acting_participant_roles()
    acting.update(acts_as[role] for role in _participations(person, case))
    return acting


def can(user: AnyUser, action: Action, obj: CaseLike | Organization | None = None) -> bool:
    """Whether ``user`` may do ``action`` to ``obj``: a case, a court for the court-wide actions,
    nothing for the system-wide ones."""
    if obj is None:
        person = _user(user)
        if action in (Action.AUDIT_READ, Action.TOKENS_MANAGE) and person is not None:
            return person.is_superuser or Role.ADMIN in roles(person)
        return False
    if isinstance(obj, Organization):
        if action == Action.CASE_REGISTER:
            return obj.is_court and obj.pk in court_ids(user, {Role.CLERK})
        if action == Action.PROGRESS_VIEW:
            return obj.is_court and obj.pk in supervised_court_ids(user)
        return False
    if action == Action.CASE_VIEW:
        return can_view_case(user, obj)
    if action == Action.CASE_PARTY_DETAILS:
        # The court and the prosecution need them to serve and summon; other parties and
        # their lawyers see who is on the case, not where they live.
        if obj.court_id in staff_court_ids(user):
            return can_view_case(user, obj)
        return bool(case_roles(user, obj) & ORGANIZATION_ROLES)
    acting = case_roles(user, obj)
    if action == Action.CASE_ASSIGN:
        return bool(acting & {Role.CLERK, Role.CHAIR})
    if action == Action.CASE_PARTICIPANTS:
        return bool(acting & {Role.CLERK, Role.JUDGE})
    if action in (Action.CASE_TRANSITION, Action.DOCUMENT_UPLOAD):
        return bool(acting - {Role.CHAIR})
    return False


def require(user: AnyUser, action: Action, obj: CaseLike | Organization | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied()


def requires_second_factor(user: AnyUser) -> bool:
    """Whether the pack requires a second factor of this user, from their roles."""
    wanted = set(get_pack().header.security.second_factor_roles)
    person = _user(user)
    if person is None:
        return False
    if person.is_superuser and Role.ADMIN in wanted:
        return True
    return bool(roles(person) & wanted)
