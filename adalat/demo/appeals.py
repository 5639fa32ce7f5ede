"""A few appeals sent to the courts of appeal through the services, as the district courts' clerks
would send them today: most wait in the courts of appeal's incoming lists, some are received there
and get the court of appeal's number. (The bulk loader writes histories within one court.)"""

from __future__ import annotations

import random

from adalat.cases import custody, selectors, services
from adalat.cases.models import Case

from .country import Country

APPEALS = 8
RECEIVED = 3


def appeals_send(*, country: Country, rng: random.Random, count: int = APPEALS, received: int = RECEIVED) -> int:
    """Send up to ``count`` recent judgments of the district courts to the court above, and have the
    clerk there receive ``received`` of them; returns how many were sent. The caller owns the
    transaction."""
    waiting = (
        Case.objects.filter(stage__in=["judgment", "decided"], holder__instance=1, confidentiality="normal")
        .select_related("holder")
        .order_by("-stage_entered_at", "-id")[: count * 4]
    )
    chosen = sorted(rng.sample(list(waiting), min(count, len(waiting))), key=lambda c: c.pk)
    for i, case in enumerate(chosen):
        clerk = country.clerks[case.holder.code]
        locked = selectors.case_get(user=clerk, case_id=case.pk, for_update=True)
        services.case_transition(actor=clerk, case=locked, action="forward_appeal", note="The appeal is attached.")
        if i < received and locked.receiving is not None:
            receiver = country.clerks[locked.receiving.code]
            arrived = selectors.case_get(user=receiver, case_id=case.pk, for_update=True)
            custody.handover_receive(actor=receiver, case=arrived)
    return len(chosen)
