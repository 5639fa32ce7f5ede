"""The claim as filed, as a PDF in the language of the proceedings: the court's copy of what the
person wrote online, which becomes the first document of the case."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _

from adalat.cases.labels import category_name, kind_name, role_name
from adalat.documents.pdf import Block, pdf_document

from .models import Filing


def claim_pdf(filing: Filing) -> ContentFile[bytes]:
    with translation.override(filing.language):
        filer = filing.filer_party
        blocks = [
            Block(_("STATEMENT OF CLAIM"), size=14, before=0, centred=True),
            Block(filing.court.name, centred=True),
            Block(
                _("Filed online as %(reference)s on %(date)s.")
                % {
                    "reference": filing.reference,
                    "date": filing.submitted_at.date().isoformat() if filing.submitted_at else "",
                }
            ),
            Block(f"{kind_name(filing.kind)}: {category_name(filing.kind, filing.category)}. {filing.title}"),
            Block(_("Filed by: %(name)s") % {"name": ", ".join(_details(filer))}),
        ]
        for party in filing.parties:
            blocks.append(Block(f"{role_name(party['role'])}: {', '.join(_details(party))}"))
        if filing.amount is not None:
            blocks.append(
                Block(
                    _("Amount claimed: %(amount)s %(currency)s")
                    % {"amount": filing.amount, "currency": filing.currency}
                )
            )
        blocks += [Block(paragraph) for paragraph in filing.claim.split("\n") if paragraph.strip()]
        attached = [a.title for a in filing.attachments.order_by("added_at", "pk")]
        if attached:
            blocks.append(Block(_("Attached: %(titles)s.") % {"titles": "; ".join(attached)}))
        if filing.paid_at:
            blocks.append(
                Block(
                    _("Court fee of %(fee)s %(currency)s paid, reference %(reference)s.")
                    % {"fee": filing.fee, "currency": filing.currency, "reference": filing.payment_reference}
                )
            )
        title = _("Claim %(reference)s") % {"reference": filing.reference}
    return ContentFile(pdf_document(blocks, title=title))


def _details(party: dict[str, object]) -> list[str]:
    return [str(party[key]) for key in ("name", "national_id", "address", "phone", "email") if party.get(key)]
