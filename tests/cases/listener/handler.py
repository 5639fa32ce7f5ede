"""A subscriber that a test installs in the worker's process as a module would: an app whose
``ready`` subscribes it. Its handler writes an audit entry (a change in the database, made in the
delivery's transaction) and, while a marker file exists, waits — so that a test can kill the
worker in the middle of it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from adalat.audit.services import audit_record
from adalat.cases.events import subscribe
from adalat.cases.models import CaseEvent

NAME = "tests.listener"
CODES = ("participant_added",)


def marks() -> Path:
    return Path(os.environ["ADALAT_TEST_MARKS"])


def handle(event: CaseEvent) -> None:
    (marks() / f"started-{event.pk}").touch()
    deadline = time.monotonic() + 60
    while (marks() / "block").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    audit_record(actor=None, action="test.handled", object_type="event", object_id=event.pk)


def install() -> None:
    subscribe(NAME, codes=CODES, handler=handle)
