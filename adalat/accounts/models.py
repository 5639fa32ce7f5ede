from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from adalat.core import roles
from adalat.organizations.models import Organization

DJANGO_SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
SESSION_HASH_SALT = "adalat.accounts.models.User.session_auth_hash"


class User(AbstractUser):
    """A person who logs in, another system that calls the API with a token, or Adalat itself
    doing an automatic act (a draw, a deadline warning), which never logs in."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        SYSTEM = "system", _("System")
        AUTOMATIC = "automatic", _("Adalat (automatic)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    # Goes up when the password changes, the account is deactivated or its owner logs out
    # everywhere: tokens of an earlier generation, and sessions begun before, stop working.
    credentials_generation = models.PositiveIntegerField(_("credentials generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    # Set by a change of password, cleared by the save that writes it.
    _credentials_changed = False

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self._credentials_changed = True

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._credentials_changed = True

    def end_credentials(self) -> None:
        """Have the next save end every token and session of the user (as a password change does)."""
        self._credentials_changed = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Writes the credentials generation as the database holds it, one higher after a change
        of password (however the password was set and saved) or ``end_credentials``: never an
        earlier one, which would bring ended tokens back (a form loaded before they ended)."""
        changed, self._credentials_changed = self._credentials_changed, False
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if changed and update_fields is not None:
            kwargs["update_fields"] = update_fields = {*update_fields, "credentials_generation"}
        writes = update_fields is None or "credentials_generation" in update_fields
        if writes:
            self.credentials_generation = F("credentials_generation") + (1 if changed else 0)
        super().save(*args, **kwargs)
        if writes:
            self.refresh_from_db(fields=["credentials_generation"])

    def check_password(self, raw_password: str | None) -> bool:
        """As Django's, except that rehashing the same password with a newer hasher is not a
        change of password: it does not end the person's tokens and sessions."""

        def rehash(raw: str) -> None:
            AbstractUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)

    async def acheck_password(self, raw_password: str | None) -> bool:
        return await sync_to_async(self.check_password)(raw_password)

    def get_session_auth_hash(self) -> str:
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes | None) -> str:
        """Django's HMAC of the password hash, with the credentials generation in it, so that
        "log out everywhere" ends sessions too. Generation 0 gives Django's own hash: sessions
        begun before this came in stay valid."""
        if self.credentials_generation:
            salt, value = SESSION_HASH_SALT, f"{self.password}:{self.credentials_generation}"
        else:
            salt, value = DJANGO_SESSION_HASH_SALT, self.password
        return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


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
        TOKENS_MANAGE = "tokens:manage", _("List and revoke your tokens, log out everywhere")
        AUDIT_READ = "audit:read", _("Read the audit log (administrators)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # The user's credentials generation when the token was made: it works only while they match.
    credentials_generation = models.PositiveIntegerField(_("credentials generation"), default=0)
    # Made after the second factor was given (a verified session, a code, or the operator's --otp).
    second_factor = models.BooleanField(_("made with the second factor"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailures(models.Model):
    """Failed log-ins in one window of the pack's ``lockout_minutes``, counted by source address,
    by username (known or not), by the pair, and from everywhere at once. Not the audit log: a
    flood of guesses makes a few rows here, not entries in the chain. ``pending`` counts attempts
    being checked right now."""

    class Scope(models.TextChoices):
        ADDRESS = "address", _("From one address")
        NAME = "name", _("For one username")
        PAIR = "pair", _("For one username from one address")
        ALL = "all", _("From places new to their username")

    scope = models.CharField(_("counted"), max_length=8, choices=Scope.choices)
    address = models.CharField(_("address"), max_length=64, blank=True)
    username = models.CharField(_("username"), max_length=150, blank=True)
    window = models.DateTimeField(_("window from"))
    failures = models.PositiveIntegerField(_("failures"), default=0)
    pending = models.PositiveIntegerField(_("being checked"), default=0)

    class Meta:
        verbose_name = _("failed log-ins")
        verbose_name_plural = _("failed log-ins")
        constraints = [
            models.UniqueConstraint(fields=["scope", "address", "username", "window"], name="login_failures_unique")
        ]
        indexes = [models.Index(fields=["window"]), models.Index(fields=["username", "window"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.address} {self.username} {self.window:%Y-%m-%d %H:%M}"


class KnownSource(models.Model):
    """An address from which a username fully logged in: it may still try that name while
    strangers elsewhere have it throttled."""

    username = models.CharField(_("username"), max_length=150)
    address = models.CharField(_("address"), max_length=64)
    last_at = models.DateTimeField(_("last log-in"))

    class Meta:
        verbose_name = _("known log-in address")
        verbose_name_plural = _("known log-in addresses")
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="known_source_unique")]
        indexes = [models.Index(fields=["last_at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.address}"
