"""The workflow rules the pack declares, applied to one case and the roles someone acts in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import Requirement, Transition


class Refusal(StrEnum):
    WRONG_STAGE = "wrong_stage"
    ROLE = "role"
    NO_JUDGE = "no_judge"

    @property
    def message(self) -> str:
        return {
            Refusal.WRONG_STAGE: _("This step is not possible at the current stage."),
            Refusal.ROLE: _("Your role on this case may not take this step."),
            Refusal.NO_JUDGE: _("A judge must be assigned first."),
        }[self]


def transition_refusal(
    *, acting: Iterable[Role], stage: str, judge_assigned: bool, transition: Transition
) -> Refusal | None:
    """Why ``transition`` cannot be made from ``stage`` by someone acting in ``acting``, or None.
    The one statement of the rule: the services, the case page and the bulk loader all ask it."""
    if stage not in transition.from_:
        return Refusal.WRONG_STAGE
    if not set(acting).intersection(transition.roles):
        return Refusal.ROLE
    if Requirement.JUDGE_ASSIGNED in transition.requires and not judge_assigned:
        return Refusal.NO_JUDGE
    return None


def pack_today() -> dt.date:
    """Today in the jurisdiction's time zone: the day lists of many courts count overdue from."""
    return clock.today_in(get_pack().header.time_zone)
