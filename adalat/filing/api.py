"""REST endpoints of filing online: the courts for where the filer lives, the fee of a claim, the
filer's claims and the registry's queue, writing a claim, attaching files, paying, and the
registry accepting or returning it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view

from adalat.accounts.api_auth import require_scope
from adalat.cases.api import PartyIn
from adalat.cases.services import PartyData
from adalat.core.api_input import Input
from adalat.core.errors import NotFound
from adalat.documents.uploads import capped_uploads

from . import selectors, services
from .fees import fee_for
from .models import Attachment, Filing

router = Router(tags=["filing online"])
CASES_READ, CASES_WRITE = "cases:read", "cases:write"
Id = int


class CourtRef(Schema):
    id: int
    name: str


class AttachmentOut(Schema):
    id: int
    title: str
    filename: str
    size: int = Field(alias="blob.size")
    content_type: str = Field(alias="blob.content_type")
    sha256: str = Field(alias="blob.sha256")
    added_at: dt.datetime


class FilingOut(Schema):
    id: int
    reference: str
    state: str
    court: CourtRef
    kind: str
    category: str
    language: str
    title: str
    claim: str
    amount: int | None
    fee: int
    currency: str
    filer: dict[str, object] = Field(alias="filer_party")
    parties: list[dict[str, object]]
    attachments: list[AttachmentOut]
    created_at: dt.datetime
    paid_at: dt.datetime | None
    payment_reference: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    reasons: str
    case: int | None = Field(alias="case_id")

    @staticmethod
    def resolve_attachments(obj: Filing) -> list[Attachment]:
        return list(obj.attachments.select_related("blob").order_by("added_at", "pk"))


class OtherPartyIn(Input):
    role: str = Field(max_length=32, description="the party's role: defendant, respondent, third party")
    party: PartyIn


class FilingIn(Input):
    court: Id = Field(ge=1, le=2**63 - 1, description="a court from GET /api/v1/filings/courts")
    kind: str = Field(max_length=32)
    category: str = Field(max_length=32)
    language: str = Field(max_length=8)
    title: str = Field(max_length=300)
    claim: str = Field(max_length=services.MAX_CLAIM)
    amount: int | None = Field(None, ge=1, le=services.MAX_AMOUNT)
    filer: PartyIn = Field(description="the filer, as a person")
    parties: list[OtherPartyIn] = Field(max_length=services.MAX_PARTIES)


class FeeOut(Schema):
    fee: int
    currency: str


class ReturnIn(Input):
    reasons: str = Field(max_length=services.MAX_CLAIM)


class AttachmentIn(Input):
    title: str = Field("", max_length=300)


@router.get("/filings/courts", response=list[CourtRef], url_name="filing_courts", auth=None)
def filing_courts(request: HttpRequest, territory: int | None = None) -> list[object]:
    """The courts that take claims online, those of the territory given first (the pack's rule)."""
    return list(selectors.courts_suggested(territory_id=territory if territory and territory < 2**63 else None))


@router.get("/filings/fee", response=FeeOut, url_name="filing_fee", auth=None)
def filing_fee(request: HttpRequest, kind: str, category: str = "", amount: int | None = None) -> FeeOut:
    """The court fee of a claim from the pack's tariff."""
    if amount is not None and not 0 <= amount <= services.MAX_AMOUNT:
        amount = None
    return FeeOut(fee=fee_for(kind=kind, category=category, amount=amount), currency=services.currency())


@router.get("/filings", response=list[FilingOut], url_name="filing_list")
def filing_list(request: HttpRequest) -> list[Filing]:
    """The caller's own claims, then those waiting at the courts where they register cases."""
    user = require_scope(request, CASES_READ)
    mine = list(selectors.my_filings(user=user)[: selectors.LIST_LIMIT])
    return mine + [f for f in selectors.court_filings(user=user)[: selectors.LIST_LIMIT] if f not in mine]


@router.post("/filings", response={201: FilingOut}, url_name="filing_create")
def filing_create(request: HttpRequest, payload: FilingIn) -> Status[Filing]:
    """Write a claim as a draft; the answer gives its court fee."""
    user = require_scope(request, CASES_WRITE)
    court = next((c for c in services.filing_courts() if c.pk == payload.court), None)
    with transaction.atomic():
        filing = services.filing_draft(
            actor=user,
            court=court,
            kind=payload.kind,
            category=payload.category,
            title=payload.title,
            claim=payload.claim,
            amount=payload.amount,
            language=payload.language,
            filer=PartyData(**payload.filer.model_dump()),
            parties=[
                services.OtherParty(role=p.role, party=PartyData(**p.party.model_dump())) for p in payload.parties
            ],
        )
    return Status(201, filing)


@router.get("/filings/{filing_id}", response=FilingOut, url_name="filing_detail")
def filing_detail(request: HttpRequest, filing_id: int) -> Filing:
    user = require_scope(request, CASES_READ)
    return selectors.filing_get(user=user, filing_id=filing_id)


@router.post("/filings/{filing_id}/attachments", response={201: AttachmentOut}, url_name="filing_attach")
@decorate_view(capped_uploads)
def filing_attach(
    request: HttpRequest, filing_id: int, form: Form[AttachmentIn], file: File[UploadedFile]
) -> Status[Attachment]:
    """Attach a file to a draft claim, within the pack's number and size of files."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        attachment = services.attachment_add(
            actor=user, filing=filing, file=file, filename=file.name or "", title=form.title
        )
    return Status(201, Attachment.objects.select_related("blob").get(pk=attachment.pk))


@router.delete("/filings/{filing_id}/attachments/{attachment_id}", response={204: None}, url_name="filing_detach")
def filing_detach(request: HttpRequest, filing_id: int, attachment_id: int) -> Status[None]:
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        attachment = filing.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise NotFound(_("No such file."))
        services.attachment_remove(actor=user, filing=filing, attachment=attachment)
    return Status(204, None)


@router.post("/filings/{filing_id}/pay", response=FilingOut, url_name="filing_pay")
def filing_pay(request: HttpRequest, filing_id: int) -> Filing:
    """Pay the court fee through the payment system; paid, the claim is submitted to the court."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        return services.filing_pay(actor=user, filing=filing)


@router.post("/filings/{filing_id}/accept", response=FilingOut, url_name="filing_accept")
def filing_accept(request: HttpRequest, filing_id: int) -> Filing:
    """Register the claim as a case at its court (its registry); the answer names the case."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        services.filing_accept(actor=user, filing=filing)
    return filing


@router.post("/filings/{filing_id}/return", response=FilingOut, url_name="filing_return")
def filing_return(request: HttpRequest, filing_id: int, payload: ReturnIn) -> Filing:
    """Return the claim to the filer with the reasons (its court's registry)."""
    user = require_scope(request, CASES_WRITE)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        return services.filing_return(actor=user, filing=filing, reasons=payload.reasons)
