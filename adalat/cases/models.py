from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.organizations.models import Organization


class Party(models.Model):
    """A person or an organization that takes part in cases, with identity and contacts."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    search_name = models.CharField(max_length=300, editable=False)
    national_id = models.CharField(_("national id or registration number"), max_length=32, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    messaging = models.JSONField(_("messaging handles"), default=dict, blank=True)
    e_service_consent = models.BooleanField(_("consents to electronic service"), default=False)
    e_service_consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("account"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("organization in the system"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [
            # text_pattern_ops serves prefix LIKE on PostgreSQL whatever the collation; SQLite ignores it.
            models.Index(fields=["search_name"], name="party_search_name", opclasses=["text_pattern_ops"]),
            models.Index(fields=["national_id"], name="party_national_id"),
            models.Index(fields=["user"], name="party_user"),
        ]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """The electronic case file. Its kind, stage and deadlines come from the jurisdiction pack."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("Normal")
        SEALED = "sealed", _("Sealed")
        JUVENILE = "juvenile", _("Juvenile")

    number = models.CharField(_("number"), max_length=64, unique=True)
    # court and judge lead the composite indexes below, so they need no index of their own.
    court = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("court"), db_index=False
    )
    kind = models.CharField(_("kind"), max_length=32)
    stage = models.CharField(_("stage"), max_length=32)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    title = models.CharField(_("subject"), max_length=300)
    articles = models.JSONField(_("legal articles"), default=list, blank=True)
    category = models.CharField(_("claim category"), max_length=32, blank=True)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judged_cases",
        verbose_name=_("judge"),
        db_index=False,
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clerked_cases",
        verbose_name=_("clerk"),
    )
    received_on = models.DateField(_("received"))
    registered_at = models.DateTimeField(_("registered"))
    stage_entered_at = models.DateTimeField(_("stage entered"))
    due_on = models.DateField(_("current deadline"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["court", "status", "-received_on", "-id"], name="case_court_status_recv"),
            models.Index(fields=["court", "kind", "status", "-received_on", "-id"], name="case_court_kind_status"),
            models.Index(fields=["court", "stage", "-received_on", "-id"], name="case_court_stage_recv"),
            models.Index(fields=["court", "-received_on", "-id"], name="case_court_recv"),
            models.Index(fields=["court", "status", "due_on"], name="case_court_status_due"),
            models.Index(fields=["court", "resolved_on"], name="case_court_resolved"),
            models.Index(fields=["judge", "status", "-received_on", "-id"], name="case_judge_status_recv"),
            models.Index(fields=["judge", "status", "due_on"], name="case_judge_status_due"),
            models.Index(fields=["-received_on", "-id"], name="case_recv"),
            models.Index(fields=["status", "due_on"], name="case_status_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_restricted(self) -> bool:
        return self.confidentiality != self.Confidentiality.NORMAL


class Participant(models.Model):
    """A party on a case in a role declared by the pack (plaintiff, accused, lawyer...)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participants", verbose_name=_("case"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="participations", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=32)
    added_at = models.DateTimeField(_("added"))
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["party", "case"], name="participant_party_case"),
            models.Index(fields=["case", "role"], name="participant_case_role"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "role"],
                condition=models.Q(removed_at__isnull=True),
                name="participant_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.party}"


class CaseEvent(models.Model):
    """One entry of a case's timeline. Append-only: written by services, never changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=48)
    from_stage = models.CharField(_("from stage"), max_length=32, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=32, blank=True)
    data = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [
            models.Index(fields=["case", "at", "id"], name="event_case_at"),
            models.Index(fields=["actor", "-at"], name="event_actor_at"),
            models.Index(fields=["-at"], name="event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d}"


class Deadline(models.Model):
    """A procedural deadline of a stage, computed from the pack on the court's calendar."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("case"))
    stage = models.CharField(_("stage"), max_length=32)
    basis = models.CharField(_("rule"), max_length=100)
    starts_on = models.DateField(_("counted from"))
    due_on = models.DateField(_("due"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    met = models.BooleanField(_("met"), null=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["case", "closed_at"], name="deadline_case_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.due_on}"


class CaseNumberCounter(models.Model):
    """The last number given in one numbering scope (for example court 5, kind CR, year 2026).

    The scope holds exactly the fields the pack's number format uses, so that two scopes
    can never produce the same number; the row lock taken while registering makes the
    sequence gapless.
    """

    scope = models.CharField(max_length=120, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"
