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
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
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
            models.Index(fields=["national_id"], name="party_national_id"),
            models.Index(fields=["user"], name="party_user"),
        ]

    def __str__(self) -> str:
        return self.name


class PartyWord(models.Model):
    """One word of a party's name (``core.text.search_words``): a search finds a party by the start of
    any word of its name, from the index on (word, party) (decision 0035)."""

    pk = models.CompositePrimaryKey("party", "word")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("word of a party's name")
        verbose_name_plural = _("words of parties' names")
        indexes = [
            # text_pattern_ops serves prefix LIKE on PostgreSQL whatever the collation; SQLite ignores it.
            models.Index(fields=["word", "party"], name="party_word", opclasses=["text_pattern_ops", "int8_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} {self.word}"


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

    number = models.CharField(_("number"), max_length=64, unique=True)  # the current one of its numbers
    # The organization that holds the case now: a court, a prosecutor's office, an investigative body.
    # holder and judge lead the composite indexes below, so they need no index of their own.
    holder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("held by"), db_index=False
    )
    # Set while the case is handed to another organization and not yet received (or returned).
    receiving = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_cases",
        verbose_name=_("on its way to"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    stage = models.CharField(_("stage"), max_length=32)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    # The language of the proceedings, one of the pack's: the acts Adalat makes for the case are in it.
    language = models.CharField(_("language of the proceedings"), max_length=8, db_default="")
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
    # The officer in charge of the case where it is held: the court's clerk who registered or
    # received it, the investigator who opened it...
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clerked_cases",
        verbose_name=_("officer in charge"),
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
            models.Index(fields=["holder", "status", "-received_on", "-id"], name="case_holder_status_recv"),
            models.Index(fields=["holder", "kind", "status", "-received_on", "-id"], name="case_holder_kind_status"),
            models.Index(fields=["holder", "stage", "-received_on", "-id"], name="case_holder_stage_recv"),
            models.Index(fields=["holder", "-received_on", "-id"], name="case_holder_recv"),
            models.Index(fields=["holder", "status", "due_on"], name="case_holder_status_due"),
            models.Index(fields=["holder", "resolved_on"], name="case_holder_resolved"),
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

    @property
    def in_transit(self) -> bool:
        return self.receiving_id is not None


class CaseNumber(models.Model):
    """Every number a case was given: at registration, then by each organization that numbers the
    cases it receives (the pre-trial number, then one per court instance). The latest is current."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="numbers", verbose_name=_("case"))
    number = models.CharField(_("number"), max_length=64, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    assigned_at = models.DateTimeField(_("given"))

    class Meta:
        verbose_name = _("case number")
        verbose_name_plural = _("case numbers")
        indexes = [models.Index(fields=["case", "assigned_at"], name="case_number_case")]

    def __str__(self) -> str:
        return self.number


class CaseNumberPart(models.Model):
    """A part of one of a case's numbers: a run of its tokens (``core.text.number_parts``), so that a
    search finds the case by any part of any number it was given with one lookup (decision 0035)."""

    pk = models.CompositePrimaryKey("part", "case")
    part = models.CharField(max_length=100)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("part of a case number")
        verbose_name_plural = _("parts of case numbers")

    def __str__(self) -> str:
        return f"{self.part} {self.case_id}"


class Handover(models.Model):
    """A case sent from one organization to another by a hand-over step of the pack: received,
    or returned with reasons, by the receiver. At most one is on its way at a time."""

    class State(models.TextChoices):
        SENT = "sent", _("On its way")
        RECEIVED = "received", _("Received")
        RETURNED = "returned", _("Returned")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("case"))
    sender = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent from"))
    receiver = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to"))
    action = models.CharField(_("step"), max_length=32)
    to_stage = models.CharField(_("stage on receipt"), max_length=32)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SENT)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    decided_at = models.DateTimeField(_("received or returned"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received or returned by"),
    )

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        indexes = [
            models.Index(fields=["receiver", "state", "-sent_at"], name="handover_inbox"),
            models.Index(fields=["case", "sent_at"], name="handover_case"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(state="sent"), name="handover_one_on_its_way")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.sender_id}→{self.receiver_id} {self.state}"


class CaseLink(models.Model):
    """One case related to another in a kind the pack declares (a motion to its main case, an
    appeal to its first instance, joined and severed cases). Removing a link keeps its record."""

    source = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_out", verbose_name=_("case"))
    target = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_in", verbose_name=_("linked to"))
    kind = models.CharField(_("kind"), max_length=32)
    created_at = models.DateTimeField(_("linked"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    removed_at = models.DateTimeField(_("unlinked"), null=True, blank=True)

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        indexes = [
            models.Index(fields=["source", "removed_at"], name="case_link_source"),
            models.Index(fields=["target", "removed_at"], name="case_link_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=models.Q(removed_at__isnull=True),
                name="case_link_unique_active",
            ),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="case_link_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


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
    """One entry of a case's timeline. Append-only: written by services, never changed.

    ``code`` is an event type that a module registered (``cases.events``); ``data`` is its payload,
    which holds identifiers, never names, addresses or identity numbers. What a person wrote with
    the act (a note, a reason) is kept apart in ``EventText``, so that it can be corrected or
    pseudonymised without touching the event. ``audience`` says who may see the event.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        CASE = "case", _("Everyone on the case")
        OFFICIAL = "official", _("The court and the prosecution")
        INTERNAL = "internal", _("The organization holding the case")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    code = models.CharField(_("event"), max_length=48)
    audience = models.CharField(_("seen by"), max_length=16, choices=Audience.choices, default=Audience.CASE)
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
        return f"{self.case_id} {self.code} {self.at:%Y-%m-%d}"


class EventText(models.Model):
    """Free text written with an act (a note on a step, the reason for a removal or a return),
    kept in the case's own tables rather than in the event or the audit log."""

    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="texts", verbose_name=_("event"))
    name = models.CharField(_("field"), max_length=32)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("event text")
        verbose_name_plural = _("event texts")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="event_text_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.name}"


class EventDelivery(models.Model):
    """One subscriber's handling of one event: queued as a task in the event's own transaction,
    marked done in the transaction of the handler's own changes, so it takes effect once however
    often a worker dies and the task runs again."""

    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="deliveries")
    subscriber = models.CharField(max_length=100)
    queued_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "subscriber"], name="event_delivery_unique")]
        indexes = [models.Index(fields=["done_at", "queued_at"], name="event_delivery_pending")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscriber}"


class Deadline(models.Model):
    """A procedural deadline of a stage, computed from the pack on the holder's calendar.

    ``due_on`` is the last day (in the holder's time zone); a deadline counted in hours also has the
    exact moment ``due_at``. A paused deadline keeps ``remaining`` (days, or hours, by its unit) until
    the case comes back to its stage.
    """

    class Unit(models.TextChoices):
        WORKING = "working", _("working days")
        CALENDAR = "calendar", _("calendar days")
        HOURS = "hours", _("hours")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("case"))
    stage = models.CharField(_("stage"), max_length=32)
    code = models.CharField(_("deadline"), max_length=32)
    basis = models.CharField(_("rule"), max_length=100)
    unit = models.CharField(_("counted in"), max_length=16, choices=Unit.choices, default=Unit.CALENDAR)
    amount = models.PositiveIntegerField(_("length"), default=0)  # with its extensions, in ``unit``
    starts_on = models.DateField(_("counted from"))
    due_on = models.DateField(_("due"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    remaining = models.IntegerField(_("left when paused"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    met = models.BooleanField(_("met"), null=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "closed_at"], name="deadline_case_open"),
            # the open deadlines falling on a day (those an outage that day moves)
            models.Index(fields=["due_on"], name="deadline_open_due", condition=models.Q(closed_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code} {self.due_on}"

    @property
    def is_running(self) -> bool:
        return self.closed_at is None and self.paused_at is None


class CaseNumberCounter(models.Model):
    """The last number given in one numbering scope (for example organization 5, kind CR, year 2026).

    The scope holds exactly the fields the pack's number format uses, so that two scopes
    can never produce the same number; the row lock taken while registering makes the
    sequence gapless.
    """

    scope = models.CharField(max_length=120, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"


class Outage(models.Model):
    """A time when Adalat was unavailable, recorded by its operator and published. Where the pack's
    rule says so (``outages``), the deadlines falling on a day it spoiled move to the next working
    day (``cases.outages``)."""

    started_at = models.DateTimeField(_("unavailable from"))
    ended_at = models.DateTimeField(_("available again at"))
    note = models.CharField(_("what happened"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    moved = models.PositiveIntegerField(_("deadlines moved"), default=0)

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_at__gt=models.F("started_at")), name="outage_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} to {self.ended_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds() // 60)
