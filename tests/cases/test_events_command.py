"""``adalat events``: an operator sees what waits to be delivered and queues it again."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.cases import events, tasks
from adalat.cases.models import EventDelivery
from tests.cases.factories import register
from tests.cases.listener import handler as listener
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def listening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ADALAT_TEST_MARKS", str(tmp_path))
    listener.install()
    yield
    events.unsubscribe(listener.NAME)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("events", *args, stdout=out)
    return out.getvalue()


def test_status_retry_and_schedule(world: World, listening: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("status") == "Every event is delivered.\n"
    register(clerk=world.clerk, court=world.court)
    register(clerk=world.clerk, court=world.court)
    assert run("status").startswith("tests.listener: 2 waiting, 0 of them failed before; the oldest since ")

    broken = events.Subscriber(name=listener.NAME, codes=frozenset(listener.CODES), handler=lambda e: 1 / 0)
    monkeypatch.setitem(events._subscribers, listener.NAME, broken)
    first = EventDelivery.objects.order_by("pk").first()
    assert first is not None
    with pytest.raises(ZeroDivisionError):
        tasks.delivery_run(first.pk)
    with pytest.raises(CommandError, match="keep failing"):
        run("status")

    queued = DBTaskResult.objects.filter(task_path="adalat.cases.tasks.event_deliver").count()
    assert run("retry") == "2 deliveries queued again.\n"
    assert DBTaskResult.objects.filter(task_path="adalat.cases.tasks.event_deliver").count() == queued + 2

    assert run("schedule") == "Stalled deliveries will be queued again periodically.\n"
    assert run("schedule") == "Stalled deliveries are already queued again periodically.\n"
    waiting = DBTaskResult.objects.get(task_path="adalat.cases.tasks.deliveries_retry_task")
    assert waiting.status == TaskResultStatus.READY
