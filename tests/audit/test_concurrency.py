"""Appends from many connections at once keep one whole chain: the head row's lock puts them
in a line. PostgreSQL only (SQLite has a single writer by design)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.audit.verify import audit_verify

THREADS = 8
APPENDS = 25


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_whole() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            start.wait()
            for number in range(APPENDS):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="case.registered",
                        object_type="case",
                        object_id=f"{worker}-{number}",
                        data={"worker": worker},
                    )
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    total = THREADS * APPENDS
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert AuditEntry.objects.values("object_id").distinct().count() == total
    result = audit_verify(workers=1)
    assert result.ok and result.checked == total
