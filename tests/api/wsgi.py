"""Calling the WSGI application the servers run, from a test: the test's transaction holds the
database connection, so the handler must not close it at the end of each request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@contextmanager
def connections_kept() -> Iterator[None]:
    """As Django's test client does around each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
