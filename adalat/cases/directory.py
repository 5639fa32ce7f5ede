"""The directory a participant is chosen from: the organizations in the system (prosecutors'
offices, investigative bodies, law firms, any kind) and the known parties the user may put on a
case (``access.attachable_parties``), found by the start of any words of their names (decision 0036).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.accounts.models import Membership
from adalat.core.roles import Role
from adalat.core.text import search_words
from adalat.organizations.models import Organization

from .models import Case, Participant, Party
from .search import parties_named

LIMIT = 10  # of each source, by name
CHOICE = re.compile(r"^(organization|party):([1-9][0-9]{0,17})$")


@dataclass(frozen=True)
class Entry:
    """An organization or a known party, as the picker and the API show it."""

    source: str  # "organization" or "party"
    id: int
    name: str
    kind: str  # the kind of organization, or person / organization for a party
    kind_label: str

    @property
    def choice(self) -> str:
        """How a form names it: ``organization:5``, ``party:12``."""
        return f"{self.source}:{self.id}"


def parse_choice(value: str) -> tuple[str, int] | None:
    """``("organization", 5)`` for ``"organization:5"``; None for anything else."""
    match = CHOICE.match(value)
    return (match[1], int(match[2])) if match else None


def searchable(query: str) -> bool:
    """Whether ``query`` is enough to search the directory: a word of two letters at least."""
    return any(len(word) > 1 for word in search_words(query))


def _matches(query_words: list[str], words: list[str]) -> bool:
    return all(any(word == q if len(q) == 1 else word.startswith(q) for word in words) for q in query_words)


def organization_entry(organization: Organization) -> Entry:
    return Entry("organization", organization.pk, organization.name, organization.kind, organization.get_kind_display())


def party_entry(party: Party) -> Entry:
    return Entry("party", party.pk, party.name, party.kind, str(party.get_kind_display()))


def organizations_named(query: str, *, limit: int = LIMIT) -> list[Entry]:
    """The active organizations with a word of their name (or their code) starting with each word
    of ``query``. They are reference data, a few thousand rows at most: read and matched here, with
    the same folding as the index of parties."""
    query_words = search_words(query)
    if not searchable(query):
        return []
    found = []
    for organization in (
        Organization.objects.filter(is_active=True).only("pk", "name", "kind", "code").order_by("name", "pk")
    ):
        if _matches(query_words, [*search_words(organization.name), organization.code.lower()]):
            found.append(organization_entry(organization))
            if len(found) == limit:
                break
    return found


def parties_attachable(*, user: AnyUser, query: str, limit: int = LIMIT) -> list[Entry]:
    """The known parties ``user`` may put on a case whose names have a word starting with each word
    of ``query``. The parties of organizations in the system are found as those organizations."""
    if not searchable(query):
        return []
    named = Party.objects.filter(pk__in=parties_named(search_words(query)), organization__isnull=True)
    parties = _attachable(user, named).only("pk", "name", "kind").order_by("name", "pk")[:limit]
    return [party_entry(party) for party in parties]


def _attachable(user: AnyUser, parties: QuerySet[Party]) -> QuerySet[Party]:
    """``access.attachable_parties`` among ``parties`` that are no organization's own, shaped for a
    search: those on a case the user sees, and lawyers. The policy's own query tests every party
    against every participation of every case the user sees (a hashed subquery of all of them, at a
    court of a hundred thousand cases too); here each party found is tested on its own
    participations. Adding one still asks the policy (``services``); tests/cases/test_directory.py
    keeps the two the same."""
    seen = Participant.objects.filter(party_id=OuterRef("pk"), case__in=access.visible_cases(user, Case.objects.all()))
    lawyers = Membership.objects.filter(role=Role.LAWYER, is_active=True).values("user_id")
    return parties.filter(Exists(seen) | Q(user__in=lawyers))


def directory_search(*, user: AnyUser, query: str, limit: int = LIMIT) -> list[Entry]:
    """What the picker offers for ``query``: the organizations, then the known parties."""
    return organizations_named(query, limit=limit) + parties_attachable(user=user, query=query, limit=limit)


def directory_entry(*, user: AnyUser, choice: str) -> Entry | None:
    """The entry a form chose (``organization:5``), if it is one ``user`` may choose."""
    parsed = parse_choice(choice)
    if parsed is None:
        return None
    source, pk = parsed
    if source == "organization":
        organization = Organization.objects.filter(pk=pk, is_active=True).first()
        return organization_entry(organization) if organization is not None else None
    party = access.attachable_parties(user, Party.objects.filter(pk=pk)).first()
    return party_entry(party) if party is not None else None


def party_known(*, user: AnyUser, kind: str, national_id: str) -> Party | None:
    """The known party ``user`` may put on a case that has this identity number, if there is one:
    typing a number is not a way to anyone else (decision 0009)."""
    same = Party.objects.filter(kind=kind, national_id=national_id.strip().upper())
    return access.attachable_parties(user, same).order_by("pk").first()


def organization_named(name: str) -> Organization | None:
    """The active organization whose name is ``name`` (in any letter case, punctuation aside)."""
    wanted = search_words(name)
    if not wanted:
        return None
    for organization in Organization.objects.filter(is_active=True).only("pk", "name", "kind").order_by("pk"):
        if search_words(organization.name) == wanted:
            return organization
    return None
