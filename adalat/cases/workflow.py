"""The workflow rules the pack declares, applied to one case and the roles someone acts in."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import Requirement, Transition

from .models import Case


def transition_refusal(*, acting: set[Role], case: Case, transition: Transition) -> str | None:
    """Why ``transition`` cannot be made now by someone acting in ``acting``, or None."""
    if case.stage not in transition.from_:
        return _("This step is not possible at the current stage.")
    if not acting.intersection(transition.roles):
        return _("Your role on this case may not take this step.")
    if Requirement.JUDGE_ASSIGNED in transition.requires and case.judge_id is None:
        return _("A judge must be assigned first.")
    return None


def pack_today() -> dt.date:
    """Today in the jurisdiction's time zone: the day lists of many courts count overdue from."""
    return clock.today_in(get_pack().header.time_zone)
