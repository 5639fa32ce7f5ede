"""The court fee of a claim, from the pack's tariff (``filing.fees``)."""

from __future__ import annotations

import math

from adalat.jurisdictions.current import get_pack


def fee_for(*, kind: str, category: str, amount: int | None) -> int:
    """The fee in whole units of the pack's currency: the rule's fixed part plus its percent of the
    amount claimed, within its minimum and maximum; nothing where the tariff has no rule."""
    rule = get_pack().header.filing.fee_rule(kind, category)
    if rule is None:
        return 0
    fee = rule.fixed + (math.ceil((amount or 0) * rule.percent / 100) if rule.percent else 0)
    fee = max(fee, rule.minimum)
    return min(fee, rule.maximum) if rule.maximum is not None else fee


def needs_amount(*, kind: str, category: str) -> bool:
    """Whether the fee depends on the amount claimed (which the filer must then give)."""
    rule = get_pack().header.filing.fee_rule(kind, category)
    return rule is not None and rule.percent > 0
