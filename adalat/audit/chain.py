"""The canonical form of an entry and its hash: the one definition, used to write and to verify."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import AuditEntry


def canonical(
    prev_hash: str,
    seq: int,
    at: str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    data: str,
) -> bytes:
    """The bytes that are hashed: the previous hash and the entry's fields, one per line.

    No field may contain a newline (``data`` is canonical JSON, which escapes them), so
    the joined form is unambiguous.
    """
    actor = "" if actor_id is None else str(actor_id)
    return "\n".join((prev_hash, str(seq), at, actor, actor_name, action, object_type, object_id, data)).encode()


def entry_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def entry_content(entry: AuditEntry) -> bytes:
    """The canonical content of a stored (or about to be stored) entry."""
    return canonical(
        entry.prev_hash,
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.data,
    )
