"""Background work of the audit log: a signed checkpoint every ``AUDIT_CHECKPOINT_MINUTES``, and
one each time the log grows by ``AUDIT_CHECKPOINT_ENTRIES`` entries.

Each periodic run schedules the next one before it writes its checkpoint, so that a failed run
does not stop the series; ``checkpoint_schedule_ensure`` starts the series (``adalat run`` calls
it, via ``adalat audit schedule``, when the worker starts). Both are safe to run twice: the
schedule is checked and changed under the lock of the log's head row, and there is never more
than one run waiting.

The append that makes the log's length a multiple of ``AUDIT_CHECKPOINT_ENTRIES`` enqueues a
one-off run in its own transaction (``checkpoint_after_entries``): the append stays one insert
more every so many entries, and the signing happens in the worker.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django_tasks import task
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.core import clock

from .checkpoints import checkpoint_write
from .models import AuditHead


def checkpoint_interval() -> dt.timedelta:
    return dt.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)


@task()
def audit_checkpoint_task() -> str:
    """Schedule the next run, then write a signed checkpoint; returns the checkpoint's path."""
    with transaction.atomic():
        _schedule(run_after=clock.now() + checkpoint_interval())
    _checkpoint, path = checkpoint_write()
    return str(path)


@task()
def audit_checkpoint_entries_task() -> str:
    """Write a signed checkpoint now (the log grew by ``AUDIT_CHECKPOINT_ENTRIES``); returns its path."""
    _checkpoint, path = checkpoint_write()
    return str(path)


def checkpoint_after_entries(seq: int) -> None:
    """Enqueue a checkpoint when entry ``seq`` makes the log a multiple of AUDIT_CHECKPOINT_ENTRIES
    long. The caller holds the transaction of the append, so the run commits with the entry."""
    every = settings.AUDIT_CHECKPOINT_ENTRIES
    if every > 0 and seq % every == 0:
        audit_checkpoint_entries_task.enqueue()


def _schedule(*, run_after: dt.datetime) -> TaskResult[str] | None:
    """Enqueue a run unless one is already waiting. The caller holds a transaction."""
    AuditHead.objects.select_for_update().filter(pk=1).first()  # serialises the check below
    waiting = DBTaskResult.objects.filter(task_path=audit_checkpoint_task.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return None
    return audit_checkpoint_task.using(run_after=run_after).enqueue()


def checkpoint_schedule_ensure() -> TaskResult[str] | None:
    """Make sure a checkpoint run is waiting: when none is, one is enqueued to run one interval
    from now (``adalat run`` signs a checkpoint as it starts; this one follows it).

    Returns the run it enqueued, or None when one was already waiting. The caller holds a
    transaction.
    """
    return _schedule(run_after=clock.now() + checkpoint_interval())
