"""A subscriber's work survives a worker killed in the middle of it: the delivery is queued again
and a new worker does it, exactly once. Real task workers in their own processes, on the test
database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from adalat.audit.models import AuditEntry
from adalat.cases.events import unsubscribe
from adalat.cases.models import EventDelivery
from adalat.cases.tasks import deliveries_retry, event_deliver
from tests.cases.factories import register
from tests.cases.listener import handler as listener
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(marks: Path, *options: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": _database_url(),
        "ADALAT_DATA_DIR": str(settings.DATA_DIR),
        "ADALAT_TEST_MARKS": str(marks),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "adalat.cli", "db_worker", "--no-startup-delay", "--interval", "0.1", *options]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_leaves_the_work_to_the_next(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADALAT_TEST_MARKS", str(tmp_path))
    listener.install()
    try:
        (tmp_path / "block").touch()
        register(clerk=world.clerk, court=world.court)
        delivery = EventDelivery.objects.get()

        first = _worker(tmp_path)
        try:
            _wait_for(tmp_path / f"started-{delivery.event_id}")
            first.send_signal(signal.SIGKILL)  # in the middle of the handler
            first.wait(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()
        delivery.refresh_from_db()
        assert delivery.done_at is None
        assert not AuditEntry.objects.filter(action="test.handled").exists()

        (tmp_path / "block").unlink()
        with transaction.atomic():
            assert deliveries_retry(now=delivery.queued_at + dt.timedelta(minutes=6)) == 1
            event_deliver.enqueue(delivery.pk)  # and the same delivery queued twice over
        second = _worker(tmp_path, "--batch")
        assert second.wait(timeout=120) == 0

        delivery.refresh_from_db()
        assert delivery.done_at is not None
        assert AuditEntry.objects.filter(action="test.handled", object_id=str(delivery.event_id)).count() == 1
    finally:
        unsubscribe(listener.NAME)
