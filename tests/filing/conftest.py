"""A citizen with an account, filing claims with the world's district courts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from adalat.accounts.models import User
from adalat.cases.services import PartyData
from adalat.filing import services
from adalat.filing.models import Filing
from tests.accounts.factories import UserFactory
from tests.conftest import World
from tests.documents.samples import document_storage

__all__ = ["document_storage"]


@dataclass
class Filer:
    world: World
    citizen: User

    def draft(self, **changes: object) -> Filing:
        values: dict[str, object] = {
            "actor": self.citizen,
            "court": self.world.court,
            "kind": "civil",
            "category": "contract",
            "title": "Unpaid rent for March",
            "claim": "The tenant did not pay the rent for March.\nI ask the court to order him to pay it.",
            "amount": 250_000,
            "language": "en",
            "filer": PartyData(
                kind="person", name="Sadykova Aigerim", address="12 Abay Street", phone="+7 701 555 1212"
            ),
            "parties": [services.OtherParty(role="defendant", party=PartyData(kind="person", name="Nurlanov Timur"))],
        }
        values.update(changes)
        with transaction.atomic():
            return services.filing_draft(**values)  # type: ignore[arg-type]

    def locked(self, filing: Filing) -> Filing:
        return Filing.objects.select_for_update().select_related("court", "filer").get(pk=filing.pk)

    def pay(self, filing: Filing) -> Filing:
        with transaction.atomic():
            return services.filing_pay(actor=self.citizen, filing=self.locked(filing))


@pytest.fixture
def filer(world: World, document_storage: object) -> Filer:
    return Filer(world=world, citizen=UserFactory(username="citizen", first_name="Aigerim", last_name="Sadykova"))
