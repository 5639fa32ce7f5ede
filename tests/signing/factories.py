"""An authority, and certificates for the people of the small court system."""

from __future__ import annotations

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.signing.models import Authority, Certificate
from adalat.signing.services import authority_create, certificate_issue


def issue(user: User) -> Certificate:
    with transaction.atomic():
        return certificate_issue(actor=None, user=user)


@pytest.fixture
def authority(db: None) -> Authority:
    with transaction.atomic():
        return authority_create(actor=None, name="Test Root CA")
