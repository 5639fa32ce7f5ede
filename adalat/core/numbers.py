"""Bounds on numbers that reach the database, where ids and counters are 64-bit integers:
input outside them is refused as bad input instead of failing in the driver."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_INT = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Count = Annotated[int, Field(ge=1, le=MAX_INT)]
