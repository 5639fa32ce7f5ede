"""Changing the log as an attacker with rights on the database would: the append-only trigger
is lifted first, and put back afterwards."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from adalat.audit.chain import entry_content, entry_hash
from adalat.audit.models import AuditEntry, AuditHead

append_only = importlib.import_module("adalat.audit.migrations.0002_head_and_append_only")
no_delete = importlib.import_module("adalat.audit.migrations.0003_sqlite_refuses_deletes")
TABLE = AuditEntry._meta.db_table


@contextmanager
def trigger_lifted() -> Iterator[None]:
    """Entries may be updated and deleted inside the block; the trigger is back when it ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_entry_append_only")
        else:
            for statement in append_only.SQLITE_DROP + no_delete.SQLITE_DROP:
                cursor.execute(statement)
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_entry_append_only")
            else:
                for statement in append_only.SQLITE + no_delete.SQLITE:
                    cursor.execute(statement)


def update(seq: int, **columns: Any) -> None:
    with trigger_lifted():
        AuditEntry.objects.filter(seq=seq).update(**columns)


def delete(*seqs: int) -> None:
    with trigger_lifted():
        AuditEntry.objects.filter(seq__in=seqs).delete()


def swap(first: int, second: int) -> None:
    """Exchange the places of two entries (their sequence numbers), leaving each entry as written."""
    with trigger_lifted():
        AuditEntry.objects.filter(seq=first).update(seq=-first)
        AuditEntry.objects.filter(seq=second).update(seq=first)
        AuditEntry.objects.filter(seq=-first).update(seq=second)


def rehash(seq: int) -> str:
    """Recompute the hash of entry ``seq`` from its columns and store it, as a careful attacker would."""
    digest = entry_hash(entry_content(AuditEntry.objects.get(seq=seq)))
    update(seq, hash=digest)
    return digest


def set_head(seq: int, digest: str) -> None:
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=digest)
