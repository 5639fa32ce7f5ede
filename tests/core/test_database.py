"""The embedded SQLite waits for the disk at each commit: a power loss cannot take back a write
that was acknowledged."""

from __future__ import annotations

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_each_commit_of_the_embedded_database_reaches_the_disk() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's setting; PostgreSQL commits durably by default")
    fresh = connections.create_connection("default")  # set up as every request's connection is
    try:
        with fresh.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == FULL
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        fresh.close()
