"""Fixtures shared by every module's tests: a small court system with one person per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from adalat.accounts.models import User
from adalat.core.roles import Role
from adalat.organizations.models import Organization
from tests.accounts.factories import member
from tests.organizations.factories import CourtFactory, OrganizationFactory


@dataclass
class World:
    supreme: Organization
    appeal: Organization
    court: Organization
    other_court: Organization
    prosecutor_office: Organization
    clerk: User
    judge: User
    judge2: User
    chair: User
    appeal_chair: User
    other_clerk: User
    other_judge: User
    prosecutor: User
    lawyer: User
    stranger: User


@pytest.fixture
def world(db: None) -> World:
    supreme = CourtFactory(code="SUP", name="Supreme Court", instance=3)
    appeal = CourtFactory(code="APN", name="Northern Court of Appeal", instance=2, parent=supreme)
    court = CourtFactory(code="DC01", name="First District Court", parent=appeal)
    other_court = CourtFactory(code="DC02", name="Second District Court", parent=appeal)
    office = OrganizationFactory(code="PO01", name="District Prosecutor", kind=Organization.Kind.PROSECUTOR_OFFICE)
    firm = OrganizationFactory(code="LF01", name="Law firm", kind=Organization.Kind.LAW_FIRM)
    return World(
        supreme=supreme,
        appeal=appeal,
        court=court,
        other_court=other_court,
        prosecutor_office=office,
        clerk=member(court, Role.CLERK, username="clerk"),
        judge=member(court, Role.JUDGE, username="judge1"),
        judge2=member(court, Role.JUDGE, username="judge2"),
        chair=member(court, Role.CHAIR, username="chair"),
        appeal_chair=member(appeal, Role.CHAIR, username="appeal_chair"),
        other_clerk=member(other_court, Role.CLERK, username="other_clerk"),
        other_judge=member(other_court, Role.JUDGE, username="other_judge"),
        prosecutor=member(office, Role.PROSECUTOR, username="prosecutor"),
        lawyer=member(firm, Role.LAWYER, username="lawyer"),
        stranger=member(firm, Role.LAWYER, username="stranger"),
    )


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request in Russian leaves Russian active in the thread; each test starts in the default."""
    yield
    translation.deactivate()
