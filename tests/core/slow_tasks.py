"""A task for the tests of the task worker: it notes each run in a folder, and its first run waits
long enough to be killed in the middle."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def note_and_wait(folder: str) -> int:
    runs = Path(folder)
    number = len(list(runs.iterdir()))
    (runs / f"run-{number}").touch()
    if number == 0:
        time.sleep(300)
    return number
