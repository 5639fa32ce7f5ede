"""The workflow rules the pack declares, applied to one case and the roles someone acts in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import RoleChange, Transition

from .preconditions import first_unmet


@dataclass(frozen=True)
class Refusal:
    code: str  # wrong_stage, in_transit, role, or the code of an unmet precondition
    message: str

    @property
    def is_conflict(self) -> bool:
        """The case is not where the step starts: a stale page, not a lack of rights."""
        return self.code in ("wrong_stage", "in_transit")


def transition_refusal(*, acting: Iterable[Role], case: Any, transition: Transition) -> Refusal | None:
    """Why ``transition`` cannot be made on ``case`` by someone acting in ``acting``, or None.
    The one statement of the rule: the services, the case page and the bulk loader all ask it.
    ``case`` is a case, or what stands for one in a bulk load (``stage``, ``receiving_id``, and
    what the pack's preconditions read)."""
    if getattr(case, "receiving_id", None) is not None:
        return Refusal("in_transit", _("The case is on its way to another organization."))
    if case.stage not in transition.from_:
        return Refusal("wrong_stage", _("This step is not possible at the current stage."))
    if not set(acting).intersection(transition.roles):
        return Refusal("role", _("Your role on this case may not take this step."))
    unmet = first_unmet(case, transition.requires)
    if unmet is not None:
        return Refusal(unmet.code, str(unmet.message))
    return None


def role_change_refusal(*, acting: Iterable[Role], case: Any, change: RoleChange) -> Refusal | None:
    """Why the act ``change`` (charging a suspect...) cannot be done on ``case`` by someone acting in
    ``acting``, or None; whom it is done to is the service's to check."""
    if getattr(case, "receiving_id", None) is not None:
        return Refusal("in_transit", _("The case is on its way to another organization."))
    if case.stage not in change.stages:
        return Refusal("wrong_stage", _("This act is not possible at the current stage."))
    if not set(acting).intersection(change.roles):
        return Refusal("role", _("Your role on this case may not do this."))
    return None


def pack_today() -> dt.date:
    """Today in the jurisdiction's time zone: the day lists of many organizations count overdue from."""
    return clock.today_in(get_pack().header.time_zone)
