"""The roles people act in. The access policy and the jurisdiction packs speak this vocabulary."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    JUDGE = "judge"
    CHAIR = "chair"
    PROSECUTOR = "prosecutor"
    INVESTIGATOR = "investigator"
    LAWYER = "lawyer"
    PARTY = "party"
    STATISTICIAN = "statistician"
    OFFICER = "officer"


# Roles a transition in a pack may name: the court's own staff, and those on the case.
CASE_ROLES = frozenset({Role.CLERK, Role.JUDGE, Role.CHAIR, Role.PROSECUTOR, Role.INVESTIGATOR, Role.LAWYER, Role.PARTY})
