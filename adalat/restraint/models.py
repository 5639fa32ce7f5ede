from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.cases.models import Case, Participant


class Measure(models.Model):
    """A measure of restraint applied to a person on a case (the pack's ``measures.kinds``), from
    ``started_at`` until ``ends_at`` (none: until it is lifted), or until it was ended."""

    class End(models.TextChoices):
        LIFTED = "lifted", _("lifted")
        RELEASED = "released", _("released at the end of its term")
        REPLACED = "replaced", _("replaced by another measure")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures", verbose_name=_("case"))
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="measures", verbose_name=_("person")
    )
    kind = models.CharField(_("measure"), max_length=32)
    custody = models.BooleanField(_("deprives of liberty"), default=False)
    started_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    # When the motion that continues it is due at the court at the latest (``ends_at`` less the
    # pack's ``file_before``); none when nothing continues it.
    file_by = models.DateTimeField(_("motion to continue it due"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    end = models.CharField(_("how it ended"), max_length=16, choices=End.choices, blank=True)

    class Meta:
        verbose_name = _("measure of restraint")
        verbose_name_plural = _("measures of restraint")
        indexes = [
            models.Index(fields=["case", "started_at"], name="measure_case"),
            models.Index(fields=["ends_at"], name="measure_running", condition=models.Q(ended_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id} until {self.ends_at}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class Motion(models.Model):
    """A motion to a court to apply a measure of restraint to a person, or to extend one: a case of
    its own at the court (``motion_case``), linked to the main case, decided by a judge."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="motions", verbose_name=_("main case"))
    motion_case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="motion", verbose_name=_("case of the motion")
    )
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("measure"), max_length=32)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("measure to extend"),
    )
    term = models.PositiveIntegerField(_("term asked"), null=True, blank=True)
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    granted = models.BooleanField(_("granted"), null=True, blank=True)
    granted_term = models.PositiveIntegerField(_("term granted"), null=True, blank=True)
    reasons = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        verbose_name = _("motion on a measure of restraint")
        verbose_name_plural = _("motions on measures of restraint")
        indexes = [
            models.Index(fields=["case", "filed_at"], name="motion_case"),
            models.Index(fields=["measure"], name="motion_pending", condition=models.Q(decided_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} motion on {self.case_id}"

    @property
    def extends(self) -> bool:
        return self.measure_id is not None
