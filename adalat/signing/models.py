from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Authority(models.Model):
    """The jurisdiction's certification authority: its root certificate, the certificate of its
    time-stamping authority, and its revocation list. Keys are sealed (``sealing``). Only the
    current authority issues; earlier ones stay trusted for what they signed."""

    name = models.CharField(_("name"), max_length=64)
    certificate = models.BinaryField()
    private_key = models.BinaryField()
    tsa_certificate = models.BinaryField()
    tsa_private_key = models.BinaryField()
    crl = models.BinaryField()
    crl_number = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("signing authority")
        verbose_name_plural = _("signing authorities")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="authority_current"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A signer's key (sealed) and the certificate the authority issued for it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(max_length=42)  # hexadecimal
    subject = models.CharField(max_length=300)
    certificate = models.BinaryField()
    private_key = models.BinaryField()
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [models.UniqueConstraint(fields=["authority", "serial"], name="certificate_serial_unique")]
        indexes = [models.Index(fields=["user", "issued_at"], name="certificate_user_issued")]

    def __str__(self) -> str:
        return self.subject
