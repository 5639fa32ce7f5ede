"""The task worker: a task left half done by a killed worker of this host is queued again when a
worker starts, and only such a task."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.core import processes
from adalat.core.worker import tasks_recover_abandoned
from tests.core.slow_tasks import note_and_wait

pytestmark = pytest.mark.django_db


def gone_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def claimed(folder: Path, worker: str) -> DBTaskResult:
    """A task that ``worker`` claimed and was running."""
    with transaction.atomic():
        result = note_and_wait.enqueue(str(folder))
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker)
    return task


def status(task: DBTaskResult) -> str:
    return str(DBTaskResult.objects.get(pk=task.pk).status)


@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """The task worker installs its own handlers of SIGINT, SIGTERM and SIGQUIT; put ours back."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_task_of_a_gone_worker_of_this_host_is_queued_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    dead = processes.worker_id(os.getpid()).replace(f"/{os.getpid()}/", f"/{gone_pid()}/")
    task = claimed(tmp_path, dead)

    with caplog.at_level(logging.WARNING, logger="adalat.worker"):
        assert tasks_recover_abandoned() == [str(task.pk)]

    assert status(task) == TaskResultStatus.READY
    assert f"was left running by worker {dead}, which is gone" in caplog.text


def test_a_task_of_a_worker_at_work_is_left_alone(tmp_path: Path) -> None:
    task = claimed(tmp_path, processes.worker_id())
    assert tasks_recover_abandoned() == []
    assert status(task) == TaskResultStatus.RUNNING


def test_a_process_id_given_to_another_process_since_does_not_keep_the_task(tmp_path: Path) -> None:
    reused = f"{processes.HOST}/{os.getpid()}/00000000.1"  # this process's id, but another start
    task = claimed(tmp_path, reused)
    assert tasks_recover_abandoned() == [str(task.pk)]


@pytest.mark.parametrize("worker", ["another-host/1/0.1", "Xq3vT9kLmN2pR7sW4yZ8aB1cD5eF6gH0", ""])
def test_a_task_of_another_host_or_of_an_unnamed_worker_is_left_alone(tmp_path: Path, worker: str) -> None:
    task = claimed(tmp_path, worker)
    assert tasks_recover_abandoned() == []
    assert status(task) == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("signal_handlers")
def test_a_starting_worker_runs_the_abandoned_task_again(tmp_path: Path) -> None:
    (tmp_path / "run-0").touch()  # the run that was killed
    task = claimed(tmp_path, f"{processes.HOST}/{gone_pid()}/")

    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    assert status(task) == TaskResultStatus.SUCCESSFUL
    assert (tmp_path / "run-1").exists()


def test_a_worker_is_named_after_its_host_process_and_start() -> None:
    host, pid, start = processes.worker_id().split("/")
    assert (host, pid) == (processes.HOST, str(os.getpid()))
    assert start == processes.process_start(os.getpid())
    assert len(processes.worker_id()) <= 64
