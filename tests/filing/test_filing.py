"""A claim filed online: written, its fee worked out from the pack's tariff, files attached, paid
(which submits it), and registered by the court's registry as a case the filer follows, or returned
with the reasons; every act out of order refused with nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from adalat.accounts import access
from adalat.audit.models import AuditEntry
from adalat.cases.models import Case
from adalat.cases.services import PartyData
from adalat.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from adalat.filing import selectors, services
from adalat.filing.fees import fee_for
from adalat.filing.models import Filing
from adalat.integrations.payments.port import PaymentRefused
from tests.api.state import database_state
from tests.documents.samples import PDF
from tests.filing.conftest import Filer

pytestmark = pytest.mark.django_db


def attach(filer: Filer, filing: Filing, data: bytes = PDF, name: str = "lease.pdf") -> None:
    with transaction.atomic():
        services.attachment_add(
            actor=filer.citizen, filing=filer.locked(filing), file=ContentFile(data), filename=name, title=""
        )


def test_the_fee_follows_the_packs_tariff() -> None:
    assert fee_for(kind="civil", category="contract", amount=50_000) == 1000  # 1%, at least 1,000
    assert fee_for(kind="civil", category="contract", amount=2_500_001) == 25_001  # 1% rounded up
    assert fee_for(kind="civil", category="family", amount=None) == 1000  # the kind's own rule
    assert fee_for(kind="administrative", category="tax", amount=None) == 500
    assert fee_for(kind="criminal", category="", amount=None) == 0


def test_a_claim_goes_from_the_citizen_to_a_case_they_follow(filer: Filer) -> None:
    w = filer.world
    filing = filer.draft()
    assert (filing.state, filing.fee, filing.currency, filing.reference) == ("draft", 2500, "KZT", f"E-{filing.pk:06d}")
    attach(filer, filing)
    # the registry does not see a draft
    with pytest.raises(NotFound):
        selectors.filing_get(user=w.clerk, filing_id=filing.pk)
    filing = filer.pay(filing)
    assert filing.state == "submitted" and filing.payment_reference.startswith("DEMO-") and filing.paid_at
    assert list(selectors.court_filings(user=w.clerk)) == [filing]
    assert list(selectors.court_filings(user=w.other_clerk)) == []
    with transaction.atomic():
        case = services.filing_accept(actor=w.clerk, filing=filer.locked(filing))
    filing.refresh_from_db()
    assert (filing.state, filing.case, filing.decided_by) == ("accepted", case, w.clerk)
    assert case.number.startswith("DC01-CV-") and case.holder == w.court and case.category == "contract"
    assert set(case.participants.values_list("role", "party__name")) == {
        ("plaintiff", "Sadykova Aigerim"),
        ("defendant", "Nurlanov Timur"),
    }
    assert case.participants.get(role="plaintiff").party.user == filer.citizen
    assert access.can_view_case(filer.citizen, case)  # the filer follows their case in their account
    titles = list(case.documents.order_by("pk").values_list("title", flat=True))
    assert titles == [f"Claim filed online, {filing.reference}", "lease"]
    actions = set(AuditEntry.objects.filter(object_type="filing").values_list("action", flat=True))
    assert actions == {"filing.draft", "filing.attachment", "filing.submitted", "filing.accepted"}


def test_the_registry_returns_a_claim_with_the_reasons(filer: Filer) -> None:
    w = filer.world
    filing = filer.pay(filer.draft())
    with transaction.atomic(), pytest.raises(ValidationFailed):
        services.filing_return(actor=w.clerk, filing=filer.locked(filing), reasons="  ")
    with transaction.atomic():
        services.filing_return(
            actor=w.clerk, filing=filer.locked(filing), reasons="The defendant's address is missing."
        )
    filing.refresh_from_db()
    assert (filing.state, filing.reasons, filing.case) == ("returned", "The defendant's address is missing.", None)
    assert not Case.objects.exists()


def test_bad_input_names_the_field_and_changes_nothing(filer: Filer) -> None:
    before = database_state()
    cases = [
        ({"kind": "criminal"}, {"kind"}),
        ({"category": "tax"}, {"category"}),
        ({"court": filer.world.appeal}, {"court"}),
        ({"title": " "}, {"title"}),
        ({"claim": ""}, {"claim"}),
        ({"amount": None}, {"amount"}),  # a contract claim's fee depends on the amount
        ({"amount": 0}, {"amount"}),
        ({"language": "kk"}, {"language"}),
        ({"filer": PartyData(kind="person", name="", phone="12")}, {"filer.name", "filer.phone"}),
        ({"parties": []}, {"parties"}),
        (
            {"parties": [services.OtherParty(role="judge", party=PartyData(kind="person", name="X"))]},
            {"parties[0].role"},
        ),
    ]
    for changes, fields in cases:
        with pytest.raises(ValidationFailed) as refused:
            filer.draft(**changes)
        assert set(refused.value.fields) == fields, changes
    assert database_state() == before and not Filing.objects.exists()


def test_acts_out_of_order_are_refused(filer: Filer) -> None:
    w = filer.world
    filing = filer.draft()
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.filing_pay(actor=w.lawyer, filing=filer.locked(filing))  # someone else's claim
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.filing_accept(actor=w.other_clerk, filing=filer.locked(filer.pay(filing)))  # another court
    with transaction.atomic(), pytest.raises(Conflict):
        filer.pay(filing)  # paid once
    with pytest.raises(Conflict):
        attach(filer, filing)  # submitted: no more changes
    with pytest.raises(NotFound):
        selectors.filing_get(user=w.lawyer, filing_id=filing.pk)
    with transaction.atomic():
        services.filing_accept(actor=w.clerk, filing=filer.locked(filing))
    with transaction.atomic(), pytest.raises(Conflict):
        services.filing_return(actor=w.clerk, filing=filer.locked(filing), reasons="Too late")


def test_attachments_stay_within_the_packs_limits_and_are_checked_like_documents(filer: Filer) -> None:
    filing = filer.draft()
    with pytest.raises(ValidationFailed):
        attach(filer, filing, b"MZ\x90\x00 a program", "invoice.pdf")  # a program is refused
    for i in range(10):
        attach(filer, filing, PDF + str(i).encode(), f"page{i}.pdf")
    with pytest.raises(ValidationFailed) as eleventh:
        attach(filer, filing, PDF + b"x", "one-too-many.pdf")
    assert set(eleventh.value.fields) == {"file"}
    assert filing.attachments.count() == 10


def test_a_refused_payment_leaves_the_claim_a_draft(filer: Filer) -> None:
    filing = filer.draft()

    class Declined:
        def pay(self, **kwargs: object) -> None:
            raise PaymentRefused("the card was declined")

    before = database_state()
    with transaction.atomic(), pytest.raises(Conflict) as refused:
        services.filing_pay(actor=filer.citizen, filing=filer.locked(filing), port=Declined())  # type: ignore[arg-type]
    assert "the card was declined" in refused.value.message
    filing.refresh_from_db()
    assert filing.state == "draft" and database_state() == before
