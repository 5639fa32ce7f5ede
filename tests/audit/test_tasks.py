"""The periodic checkpoint: each run writes one and schedules the next; running twice, or
starting the series twice, never leaves more than one run waiting. And one checkpoint each time
the log grows by so many entries, enqueued with the entry that makes the count."""

from __future__ import annotations

import datetime as dt
import io
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from adalat.audit import checkpoints
from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.audit.tasks import audit_checkpoint_entries_task, audit_checkpoint_task, checkpoint_schedule_ensure
from adalat.core import clock

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def waiting() -> list[dt.datetime]:
    runs = DBTaskResult.objects.filter(task_path=audit_checkpoint_task.module_path, status=TaskResultStatus.READY)
    return list(runs.values_list("run_after", flat=True))


@time_machine.travel(NOW, tick=False)
def test_a_run_writes_a_checkpoint_and_schedules_the_next(log: list[AuditEntry], audit_files: Path) -> None:
    path = Path(audit_checkpoint_task.call())
    assert checkpoints.checkpoint_read(path).head_seq == len(log)
    assert waiting() == [NOW + dt.timedelta(minutes=60)]


@time_machine.travel(NOW, tick=False)
def test_the_interval_comes_from_the_settings(db: None, audit_files: Path, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_MINUTES = 15
    audit_checkpoint_task.call()
    assert waiting() == [NOW + dt.timedelta(minutes=15)]


@time_machine.travel(NOW, tick=False)
def test_running_twice_leaves_one_run_waiting(db: None, audit_files: Path) -> None:
    audit_checkpoint_task.call()
    audit_checkpoint_task.call()
    assert len(checkpoints.checkpoint_files()) == 2
    assert waiting() == [NOW + dt.timedelta(minutes=60)]


@time_machine.travel(NOW, tick=False)
def test_starting_the_series_twice_enqueues_one_run_an_interval_later(db: None) -> None:
    with transaction.atomic():
        assert checkpoint_schedule_ensure() is not None
    with transaction.atomic():
        assert checkpoint_schedule_ensure() is None
    assert waiting() == [NOW + dt.timedelta(minutes=60)]


@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """The task worker installs its own handlers of SIGINT, SIGTERM and SIGQUIT; put ours back."""
    wanted = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    saved = {signum: signal.getsignal(signum) for signum in wanted}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("signal_handlers")
def test_the_worker_runs_it_and_the_series_goes_on(log: list[AuditEntry], audit_files: Path) -> None:
    with transaction.atomic():
        checkpoint_schedule_ensure()
    with time_machine.travel(clock.now() + dt.timedelta(minutes=61)):  # its time has come
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    [path] = checkpoints.checkpoint_files()
    assert checkpoints.checkpoint_read(path).head_seq == len(log)
    [next_run] = waiting()
    assert next_run > DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL).finished_at


def entry_runs() -> int:
    return DBTaskResult.objects.filter(
        task_path=audit_checkpoint_entries_task.module_path, status=TaskResultStatus.READY
    ).count()


def append(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            audit_record(actor=None, action="case.read", object_type="case", object_id=number)


def test_every_so_many_entries_a_checkpoint_run_is_enqueued(db: None, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_ENTRIES = 5
    append(4)
    assert entry_runs() == 0
    append(1)
    assert entry_runs() == 1
    append(9)
    assert entry_runs() == 2


def test_the_run_is_enqueued_with_the_entry_or_not_at_all(db: None, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_ENTRIES = 1
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="case.read", object_type="case", object_id=1)
        raise RuntimeError("the change fails after its entry")
    assert entry_runs() == 0 and not AuditEntry.objects.exists()


def test_counting_entries_can_be_turned_off(db: None, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_ENTRIES = 0
    append(3)
    assert entry_runs() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("signal_handlers")
def test_the_worker_signs_the_checkpoint_of_so_many_entries(audit_files: Path, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_ENTRIES = 4
    append(9)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    heads = sorted(checkpoints.checkpoint_read(path).head_seq for path in checkpoints.checkpoint_files())
    assert heads == [9, 9]  # both runs found the log grown past the entries that enqueued them
