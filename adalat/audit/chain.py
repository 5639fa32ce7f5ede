"""The canonical form of an entry and its hash: the one definition, used to write and to verify."""

from __future__ import annotations

import hashlib

FIELDS = ("seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "data")


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
