from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.cases.models import Case
from adalat.documents.models import Document


class Petition(models.Model):
    """A motion or a complaint a party or their lawyer files on a case (the pack's
    ``petitions.kinds``), to be answered by ``due_on`` by the organization holding the case or by
    its supervisor, the answer being a signed document."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("granted")
        PARTLY = "partly", _("granted in part")
        REFUSED = "refused", _("refused")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=32)
    text = models.TextField(_("text"))
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    due_on = models.DateField(_("to be answered by"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answer_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("the answer")
    )

    class Meta:
        verbose_name = _("motion or complaint")
        verbose_name_plural = _("motions and complaints")
        indexes = [
            models.Index(fields=["case", "filed_at"], name="petition_case"),
            models.Index(fields=["due_on"], name="petition_waiting", condition=models.Q(answered_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id} by {self.due_on}"
