"""Claims filed online: written as a draft with the court fee worked out, files attached, the fee
paid through the payments port (which submits the claim), and the court's registry accepting it —
it becomes a case registered at the court, the filer a party to it following it in their account,
the attachments its documents — or returning it with the reasons. Every act is an audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.models import User
from adalat.audit.services import audit_record
from adalat.cases import services as case_services
from adalat.cases.models import Case, Party
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.documents.blobs import blob_for, blob_open
from adalat.documents.content import filename_clean, inspect
from adalat.documents.services import document_upload
from adalat.integrations.payments.port import PaymentRefused, Payments
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization

from .claim import claim_pdf
from .fees import fee_for, needs_amount
from .models import Attachment, Filing

MAX_CLAIM = 20000
MAX_PARTIES = 10
MAX_AMOUNT = 10**12


@dataclass(frozen=True)
class OtherParty:
    role: str
    party: PartyData


def payments_port() -> Payments:
    """The configured payment system (``ADALAT_PAYMENTS_PORT``, a factory's dotted path)."""
    port: Payments = import_string(settings.PAYMENTS_PORT)()
    return port


def currency() -> str:
    return get_pack().header.filing.currency


def _audit(actor: User, action: str, filing: Filing, **data: Any) -> None:
    audit_record(actor=actor, action=f"filing.{action}", object_type="filing", object_id=filing.pk, data=data)


def filing_courts() -> list[Organization]:
    """The courts that take claims filed online: active courts of first instance."""
    return list(
        Organization.objects.filter(kind=Organization.Kind.COURT, is_active=True, instance=1).order_by("name", "pk")
    )


def _party_data(value: dict[str, Any]) -> PartyData:
    fields = {f.name for f in dataclasses.fields(PartyData)}
    known = {k: v for k, v in value.items() if k in fields}
    if isinstance(known.get("birth_date"), str):
        known["birth_date"] = dt.date.fromisoformat(known["birth_date"])
    return PartyData(**known)


def _party_json(data: PartyData) -> dict[str, Any]:
    found = dataclasses.asdict(data)
    found["birth_date"] = data.birth_date.isoformat() if data.birth_date else None
    found["name"] = " ".join(data.name.split())
    return found


def filing_draft(
    *,
    actor: User,
    court: Organization | None,
    kind: str,
    category: str,
    title: str,
    claim: str,
    amount: int | None,
    language: str,
    filer: PartyData,
    parties: Sequence[OtherParty],
) -> Filing:
    """Write a claim as a draft, with its court fee worked out from the pack's tariff."""
    if not actor.is_authenticated:
        raise PermissionDenied()
    pack = get_pack()
    rules = pack.header.filing
    errors: dict[str, str] = {}
    today = clock.today_in(pack.header.time_zone)
    case_kind = pack.kinds.get(kind) if kind in rules.kinds else None
    if case_kind is None:
        errors["kind"] = _("Choose a kind of claim that can be filed online.")
    elif category not in {c.code for c in case_kind.categories}:
        errors["category"] = _("Choose one of the claim categories of this kind of case.")
    if court is None or court not in filing_courts():
        errors["court"] = _("Choose a district court.")
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Say briefly what the claim is about.")
    elif len(title) > 300:
        errors["title"] = _("The subject is longer than 300 characters.")
    claim = claim.strip()
    if not claim:
        errors["claim"] = _("Write the claim: what happened and what you ask the court to decide.")
    elif len(claim) > MAX_CLAIM:
        errors["claim"] = _("The claim is longer than %(max)s characters.") % {"max": MAX_CLAIM}
    if amount is not None and not 1 <= amount <= MAX_AMOUNT:
        errors["amount"] = _("Give the amount in whole units, at least 1.")
    elif amount is None and case_kind is not None and needs_amount(kind=kind, category=category):
        errors["amount"] = _("Give the amount claimed: the court fee depends on it.")
    if language not in pack.languages:
        errors["language"] = _("Choose one of the languages of proceedings: %(languages)s.") % {
            "languages": ", ".join(pack.languages)
        }
    if filer.kind != Party.Kind.PERSON:
        errors["filer.kind"] = _("You file as a person.")
    errors.update(case_services.party_errors(filer, "filer.", today))
    if not parties:
        errors["parties"] = _("Name the other party: the defendant or the authority you claim against.")
    elif len(parties) > MAX_PARTIES:
        errors["parties"] = _("At most %(max)s other parties.") % {"max": MAX_PARTIES}
    roles = set(rules.other_roles) & set(case_kind.participant_roles if case_kind else ())
    for i, other in enumerate(parties[:MAX_PARTIES]):
        if case_kind is not None and other.role not in roles:
            errors[f"parties[{i}].role"] = _("Choose the party's role.")
        errors.update(case_services.party_errors(other.party, f"parties[{i}].", today))
    if errors:
        raise ValidationFailed(errors)
    if court is None:  # reported above
        raise ValidationFailed(errors)
    filing = Filing.objects.create(
        filer=actor,
        court=court,
        kind=kind,
        category=category,
        language=language,
        title=title,
        claim=claim,
        amount=amount,
        filer_party=_party_json(filer),
        parties=[{"role": p.role, **_party_json(p.party)} for p in parties],
        fee=fee_for(kind=kind, category=category, amount=amount),
        currency=rules.currency,
        created_at=clock.now(),
    )
    _audit(actor, "draft", filing, court=court.pk, kind=kind, fee=filing.fee)
    return filing


def _own_draft(actor: User, filing: Filing) -> None:
    if filing.filer_id != actor.pk:
        raise PermissionDenied()
    if filing.state != Filing.State.DRAFT:
        raise Conflict(_("The claim is submitted: it can no longer be changed."), code="submitted")


def attachment_add(*, actor: User, filing: Filing, file: File[Any], filename: str, title: str) -> Attachment:
    """Attach a file to a draft, within the pack's number and size."""
    _own_draft(actor, filing)
    rules = get_pack().header.filing
    errors: dict[str, str] = {}
    title = " ".join(title.split()) or filename_stem(filename)
    if len(title) > 300:
        errors["title"] = _("The title is longer than 300 characters.")
    if filing.attachments.count() >= rules.attachments:
        errors["file"] = _("At most %(max)s files may be attached.") % {"max": rules.attachments}
    if errors:
        raise ValidationFailed(errors)
    inspected = inspect(file, limit=rules.attachment_megabytes * 1024 * 1024)
    attachment = Attachment.objects.create(
        filing=filing,
        blob=blob_for(file=file, inspected=inspected),
        title=title or _("Attachment"),
        filename=filename_clean(filename, inspected.file_type),
        added_at=clock.now(),
    )
    _audit(actor, "attachment", filing, attachment=attachment.pk, sha256=inspected.sha256)
    return attachment


def filename_stem(filename: str) -> str:
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return " ".join(stem.replace("_", " ").split())[:300]


def attachment_remove(*, actor: User, filing: Filing, attachment: Attachment) -> None:
    _own_draft(actor, filing)
    attachment.delete()
    _audit(actor, "attachment_removed", filing, attachment=attachment.pk)


def filing_pay(*, actor: User, filing: Filing, port: Payments | None = None) -> Filing:
    """Pay the court fee through the payment system; paid, the claim is submitted to the court.
    ``filing`` must be locked (``select_for_update``)."""
    _own_draft(actor, filing)
    at = clock.now()
    if filing.fee:
        try:
            receipt = (port or payments_port()).pay(
                reference=filing.reference, amount=filing.fee, currency=filing.currency, payer=actor.username
            )
        except PaymentRefused as refused:
            raise Conflict(
                _("The payment did not go through: %(reason)s") % {"reason": refused}, code="payment_refused"
            ) from None
        filing.paid_at, filing.payment_reference = receipt.paid_at, receipt.reference[:100]
    filing.state, filing.submitted_at = Filing.State.SUBMITTED, at
    filing.save(update_fields=["paid_at", "payment_reference", "state", "submitted_at"])
    _audit(actor, "submitted", filing, fee=filing.fee, reference=filing.payment_reference)
    return filing


def _deciding(actor: User, filing: Filing) -> None:
    if not access.can(actor, Action.CASE_REGISTER, filing.court):
        raise PermissionDenied(_("Only the registry of the court the claim was filed with decides on it."))
    if filing.state != Filing.State.SUBMITTED:
        raise Conflict(_("This claim was decided on already."), code="decided")


def filing_accept(*, actor: User, filing: Filing) -> Case:
    """Register the claim as a case at its court: the other parties as new parties, the filer as a
    party linked to their account, the claim and the attachments as its documents. ``filing`` must
    be locked."""
    _deciding(actor, filing)
    court = filing.court
    received_on = clock.today_in(court.time_zone, filing.submitted_at)
    rules = get_pack().header.filing
    case = case_services.case_register(
        actor=actor,
        organization=court,
        kind=filing.kind,
        title=filing.title,
        received_on=received_on,
        category=filing.category,
        language=filing.language,
        participants=[ParticipantData(role=p["role"], party=_party_data(p), keep_new=True) for p in filing.parties],
    )
    at = clock.now()
    filer = case_services.user_party_create(actor=actor, user=filing.filer, data=_party_data(filing.filer_party), at=at)
    case_services.participant_join(actor=actor, case=case, party=filer, role=rules.kinds[filing.kind])
    document_upload(
        actor=actor,
        case=case,
        title=_("Claim filed online, %(reference)s") % {"reference": filing.reference},
        file=claim_pdf(filing),
        filename=f"{filing.reference}.pdf",
    )
    for attachment in filing.attachments.select_related("blob").order_by("added_at", "pk"):
        with blob_open(attachment.blob) as handle:
            document_upload(
                actor=actor, case=case, title=attachment.title, file=File(handle), filename=attachment.filename
            )
    filing.state, filing.decided_at, filing.decided_by, filing.case = Filing.State.ACCEPTED, at, actor, case
    filing.save(update_fields=["state", "decided_at", "decided_by", "case"])
    _audit(actor, "accepted", filing, case=case.pk)
    return case


def filing_return(*, actor: User, filing: Filing, reasons: str) -> Filing:
    """Return the claim to the filer with the reasons (it is not registered). ``filing`` must be locked."""
    _deciding(actor, filing)
    reasons = reasons.strip()
    if not reasons:
        raise ValidationFailed({"reasons": _("Say why the claim is returned.")})
    if len(reasons) > MAX_CLAIM:
        raise ValidationFailed({"reasons": _("The text is longer than %(max)s characters.") % {"max": MAX_CLAIM}})
    filing.state, filing.decided_at, filing.decided_by, filing.reasons = (
        Filing.State.RETURNED,
        clock.now(),
        actor,
        reasons,
    )
    filing.save(update_fields=["state", "decided_at", "decided_by", "reasons"])
    _audit(actor, "returned", filing)
    return filing
