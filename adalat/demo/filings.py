"""Claims the demo citizen (``party``) filed online with Yessil District Court, through the
services: one the registry registered as a case the citizen follows, one waiting for it."""

from __future__ import annotations

from django.core.files.base import ContentFile

from adalat.cases.services import PartyData
from adalat.filing import services
from adalat.filing.models import Filing

from .country import DEMO_COURT, Country
from .papers import PAPERS

CLAIMS = (
    (
        "Unpaid rent for three months",
        "contract",
        450_000,
        "Zhaksylykov Arman",
        "I rented my flat to the defendant under a written lease. He has not paid the rent for three "
        "months. I ask the court to order him to pay it, with the court fee.",
        True,
    ),
    (
        "Damage to a flat by a neighbour's leak",
        "damages",
        1_200_000,
        "Bekova Saltanat",
        "Water from the defendant's flat above flooded my kitchen; the repairs cost the amount claimed. "
        "I ask the court to order her to pay for them, with the court fee.",
        False,
    ),
)


def filings_file(*, country: Country) -> int:
    """File the demo citizen's claims; returns how many. The caller owns the transaction."""
    citizen = country.users["party"]
    clerk = country.clerks[DEMO_COURT]
    court = country.organizations[DEMO_COURT]
    for title, category, amount, defendant, text, accepted in CLAIMS:
        filing = services.filing_draft(
            actor=citizen,
            court=court,
            kind="civil",
            category=category,
            title=title,
            claim=text,
            amount=amount,
            language="en",
            filer=PartyData(kind="person", name=citizen.display_name, email=citizen.email),
            parties=[services.OtherParty(role="defendant", party=PartyData(kind="person", name=defendant))],
        )
        paper = PAPERS["claim"]
        services.attachment_add(
            actor=citizen,
            filing=filing,
            file=ContentFile(paper.pdf("en")),
            filename=paper.filename("en"),
            title="The claim as signed on paper",
        )
        services.filing_pay(actor=citizen, filing=Filing.objects.select_for_update().get(pk=filing.pk))
        if accepted:
            services.filing_accept(actor=clerk, filing=Filing.objects.select_for_update().get(pk=filing.pk))
    return len(CLAIMS)
