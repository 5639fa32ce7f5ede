from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Receipt:
    """A fee paid: the payment system's own reference and when it was paid."""

    reference: str
    paid_at: dt.datetime


class PaymentRefused(Exception):
    """The payment system refused or could not take the payment; the message says why."""


class Payments(Protocol):
    def pay(self, *, reference: str, amount: int, currency: str, payer: str) -> Receipt:
        """Collect ``amount`` (whole units of ``currency``) from ``payer`` for the filing
        ``reference`` (the same reference twice is one payment)."""
        ...
