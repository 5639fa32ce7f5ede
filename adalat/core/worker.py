"""The task worker: Django Tasks' database worker, named so that a worker killed in the middle of
a task can be told from one still at work, and the tasks it left are run again.

A worker killed with SIGKILL (or by a power loss) leaves the task it had claimed RUNNING, and
the database backend never picks a RUNNING task up again. So each worker, as it starts, puts
back to READY the tasks that were claimed last by a worker of this host whose process is gone
(``processes.worker_gone``). Tasks are written to be safe to run twice. A task claimed by a worker
of another host is left to the workers of that host.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import processes

logger = logging.getLogger("adalat.worker")


def tasks_recover_abandoned() -> list[str]:
    """Put the tasks left RUNNING by a gone worker of this host back in the queue; their ids."""
    recovered: list[str] = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=TaskResultStatus.RUNNING)
        for result in running:
            claimed_by = result.worker_ids[-1] if result.worker_ids else ""
            if not processes.worker_gone(claimed_by):
                continue
            DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.READY, started_at=None)
            recovered.append(str(result.pk))
            logger.warning(
                "Task %s (%s) was left running by worker %s, which is gone: it is queued to run again.",
                result.pk,
                result.task_path,
                claimed_by,
            )
    return recovered
