from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.core import roles
from adalat.organizations.models import Organization


class User(AbstractUser):
    """A person who logs in, another system that calls the API with a token, or Adalat itself
    doing an automatic act (a draw, a deadline warning), which never logs in."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        SYSTEM = "system", _("System")
        AUTOMATIC = "automatic", _("Adalat (automatic)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    failed_logins = models.PositiveIntegerField(_("failed log-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in an organization: a judge of a court, a prosecutor of an office."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=16, choices=roles.CHOICES)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique")]
        indexes = [models.Index(fields=["organization", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.organization}"


class ApiToken(models.Model):
    """A bearer token. Only the SHA-256 of the secret is kept; the secret is shown once."""

    class Scope(models.TextChoices):
        CASES_READ = "cases:read", _("Read cases")
        CASES_WRITE = "cases:write", _("Register and change cases")
        DOCUMENTS_READ = "documents:read", _("Download documents")
        DOCUMENTS_WRITE = "documents:write", _("Upload documents")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
