from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from adalat.accounts.models import User
from adalat.cases import services
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.organizations.models import Organization

FIRST_ROLE = {"criminal": "accused", "misdemeanour": "offender", "civil": "plaintiff", "administrative": "applicant"}


def register(
    *,
    clerk: User,
    court: Organization,
    kind: str = "criminal",
    judge: User | None = None,
    participants: list[ParticipantData] | None = None,
    **fields: Any,
) -> Case:
    """A case registered at ``court`` through the service, as a clerk would, with sensible defaults per kind."""
    defaults: dict[str, Any] = {
        "title": "Theft of a bicycle",
        "received_on": clock.today_in(court.time_zone) - dt.timedelta(days=1),
    }
    if kind in ("criminal", "misdemeanour"):
        defaults["articles"] = ["158(1)"]
    else:
        defaults["category"] = {"civil": "contract", "administrative": "tax"}[kind]
    defaults.update(fields)
    if participants is None:
        role = FIRST_ROLE[kind]
        participants = [ParticipantData(role=role, party=PartyData(kind="person", name="Ivanov Ivan Ivanovich"))]
    with transaction.atomic():
        return services.case_register(
            actor=clerk, organization=court, kind=kind, judge=judge, participants=participants, **defaults
        )
