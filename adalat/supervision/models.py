from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.cases.models import Case


class Instruction(models.Model):
    """An instruction of the supervisor of a case (the prosecutor) to the organization holding it
    (the investigator), to be answered by ``due_on``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="instructions", verbose_name=_("case"))
    text = models.TextField(_("instruction"))
    given_at = models.DateTimeField(_("given"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    due_on = models.DateField(_("to be answered by"))
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

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        indexes = [
            models.Index(fields=["case", "given_at"], name="instruction_case"),
            models.Index(fields=["due_on"], name="instruction_waiting", condition=models.Q(answered_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk} by {self.due_on}"
