"""Appending to the audit log. Every service that changes something calls ``audit_record``
inside its transaction, so the entry commits or rolls back with the change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from adalat.core import canonical_json, clock

from .chain import entry_content, entry_hash
from .models import AuditEntry, AuditHead
from .tasks import checkpoint_after_entries

Actor = AbstractBaseUser | AnonymousUser | None


def _clean(value: str, name: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"audit {name} may not contain a line break")
    return value


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry after the current head, holding the head's row lock until commit."""
    at = clock.iso_utc(clock.now())
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = actor.get_username() if actor is not None and actor.is_authenticated else "system"
    body = canonical_json.dumps(canonical_json.jsonable(dict(data or {})))
    fields = {
        "at": at,
        "actor_id": actor_id,
        "actor_name": _clean(actor_name, "actor"),
        "action": _clean(action, "action"),
        "object_type": _clean(object_type, "object type"),
        "object_id": _clean(str(object_id), "object id"),
        "data": body,
    }
    with transaction.atomic(savepoint=False):
        # Migration 0002 makes the head row; a database emptied by ``flush`` (as test teardown
        # does) gets it back here. A head lost under a written log makes the insert below fail.
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        seq = head.seq + 1
        entry = AuditEntry(seq=seq, prev_hash=head.hash, **fields)
        entry.hash = entry_hash(entry_content(entry))
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=entry.hash)
        checkpoint_after_entries(seq)
    return entry
