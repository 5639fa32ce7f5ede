"""``adalat worker``: run background tasks (Django Tasks' ``db_worker``, with the same options).

The worker is named after its host and process (``--worker-id`` by default), and as it starts it
queues again the tasks that a killed worker of this host left half done (``core.worker``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from adalat.core import processes
from adalat.core.worker import tasks_recover_abandoned


class Command(DatabaseWorkerCommand):
    help = "Run background tasks; tasks left half done by a killed worker of this host are run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=processes.worker_id())

    def handle(self, *args: Any, **options: Any) -> None:
        tasks_recover_abandoned()
        super().handle(*args, **options)
