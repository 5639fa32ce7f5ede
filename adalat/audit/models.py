"""The audit log's tables: the entries of the chain, and the head row that serialises appends."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One entry of the chain. Written only by ``audit.services.audit_record``; never updated.

    The canonical content of an entry is its columns joined by newlines, in the order of
    ``audit.chain.canonical``; ``hash`` is the SHA-256 of the previous hash and that content.
    ``at`` is kept as fixed-width ISO 8601 UTC text, so that it hashes the same on every database.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.CharField(_("time (UTC)"), max_length=27, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True)
    actor_name = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.TextField(_("data (canonical JSON)"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"]),
            models.Index(fields=["actor_id", "seq"]),
            models.Index(fields=["action", "seq"]),  # the admin's filters: reads of restricted records
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The last entry of the chain: one row, locked by every append to serialise the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"
