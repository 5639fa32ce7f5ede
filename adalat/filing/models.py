from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.cases.models import Case
from adalat.documents.models import Blob
from adalat.organizations.models import Organization


class Filing(models.Model):
    """A claim a person files with a court online: written as a draft, submitted once its court fee
    is paid, then accepted by the court's registry (it becomes ``case``, the filer a party) or
    returned with the reasons."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filings", verbose_name=_("filed by")
    )
    court = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("court"))
    kind = models.CharField(_("kind of case"), max_length=32)
    category = models.CharField(_("claim category"), max_length=32)
    language = models.CharField(_("language of the proceedings"), max_length=8)
    title = models.CharField(_("subject"), max_length=300)
    claim = models.TextField(_("the claim"))
    amount = models.PositiveBigIntegerField(_("amount claimed"), null=True, blank=True)
    # The filer as a party (PartyData's fields) and the other parties, each with its "role".
    filer_party = models.JSONField(_("the filer"))
    parties = models.JSONField(_("the other parties"), default=list)
    fee = models.PositiveBigIntegerField(_("court fee"))
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("written"))
    paid_at = models.DateTimeField(_("fee paid"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reasons = models.TextField(_("reasons for returning it"), blank=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="filing", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("claim filed online")
        verbose_name_plural = _("claims filed online")
        indexes = [
            models.Index(fields=["filer", "created_at"], name="filing_filer"),
            models.Index(fields=["court", "state", "submitted_at"], name="filing_court"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"E-{self.pk:06d}"


class Attachment(models.Model):
    """A file attached to a claim, kept by its content like a document's; it becomes a document of
    the case when the claim is accepted."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("claim"))
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+", verbose_name=_("content"))
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    added_at = models.DateTimeField(_("attached"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title
