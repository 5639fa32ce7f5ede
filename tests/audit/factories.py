"""A long, whole log made quickly: entries chained with their real hashes and bulk-inserted."""

from __future__ import annotations

import hashlib

from adalat.audit.chain import canonical
from adalat.audit.models import AuditEntry, AuditHead


def chained_log(count: int) -> list[AuditEntry]:
    """Append ``count`` entries after the head, as ``audit_record`` would have chained them."""
    head = AuditHead.objects.get_or_create(pk=1)[0]
    prev, entries = head.hash, []
    for seq in range(head.seq + 1, head.seq + count + 1):
        fields = {
            "at": f"2026-01-01T00:00:00.{seq % 1_000_000:06d}Z",
            "actor_id": None if seq % 5 == 0 else seq % 7,
            "actor_name": "system" if seq % 5 == 0 else f"user{seq % 7}",
            "action": "case.registered",
            "object_type": "case",
            "object_id": str(seq),
            "data": f'{{"n":{seq}}}',
        }
        digest = hashlib.sha256(canonical(prev, seq, **fields)).hexdigest()  # type: ignore[arg-type]
        entries.append(AuditEntry(seq=seq, prev_hash=prev, hash=digest, **fields))
        prev = digest
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    AuditHead.objects.filter(pk=1).update(seq=entries[-1].seq, hash=prev)
    return entries
