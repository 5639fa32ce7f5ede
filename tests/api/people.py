"""People on cases: a party linked to a user account, so that they see the case."""

from __future__ import annotations

from typing import Any

from adalat.accounts.models import User
from adalat.cases import search
from adalat.cases.models import Case, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.text import search_key
from adalat.organizations.models import Organization
from tests.cases.factories import register


def party_of(user: User) -> Party:
    name = user.display_name
    party = Party.objects.create(
        kind="person", name=name, search_name=search_key(name), user=user, created_at=clock.now()
    )
    search.party_index(party=party)
    return party


def case_with_lawyer(*, clerk: User, court: Organization, lawyer: User, **fields: Any) -> Case:
    """A criminal case with an accused and ``lawyer`` defending them."""
    participants = [
        ParticipantData(role="accused", party=PartyData(kind="person", name="Ivanov Ivan Ivanovich")),
        ParticipantData(role="lawyer", party_id=party_of(lawyer).pk),
    ]
    return register(clerk=clerk, court=court, participants=participants, **fields)
