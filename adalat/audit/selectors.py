"""Reading the audit log. Who may read it is decided above this module (``accounts.access``,
action ``AUDIT_READ``): callers check before they call."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEntry


def audit_entry_list(
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    actor_id: int | None = None,
    newest_first: bool = False,
) -> QuerySet[AuditEntry]:
    """Entries in a stable order (by ``seq``), narrowed by the object they concern or by who acted."""
    entries = AuditEntry.objects.all()
    if object_type is not None:
        entries = entries.filter(object_type=object_type)
    if object_id is not None:
        entries = entries.filter(object_id=object_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries.order_by("-seq" if newest_first else "seq")
