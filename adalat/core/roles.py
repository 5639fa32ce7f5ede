"""The roles people act in. The access policy and the jurisdiction packs speak this vocabulary."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


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
    # Adalat itself, for its automatic acts (a draw, a deadline warning): never a person's role.
    SYSTEM = "system"


LABELS = {
    Role.ADMIN: _("administrator"),
    Role.CLERK: _("court clerk"),
    Role.JUDGE: _("judge"),
    Role.CHAIR: _("court chair"),
    Role.PROSECUTOR: _("prosecutor"),
    Role.INVESTIGATOR: _("investigator"),
    Role.LAWYER: _("lawyer"),
    Role.PARTY: _("party"),
    Role.STATISTICIAN: _("statistician"),
    Role.OFFICER: _("central authority officer"),
    Role.SYSTEM: _("Adalat (automatic)"),
}
# The roles a membership can give a person.
CHOICES = [(role.value, LABELS[role]) for role in Role if role != Role.SYSTEM]

# Roles a transition in a pack may name: the staff of the organization holding the case, those on
# the case, and Adalat itself.
CASE_ROLES = frozenset(
    {Role.CLERK, Role.JUDGE, Role.CHAIR, Role.PROSECUTOR, Role.INVESTIGATOR, Role.LAWYER, Role.PARTY, Role.SYSTEM}
)
