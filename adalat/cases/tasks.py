"""Background work of the case file: delivering events to the subscribers of other modules.

``event_deliver`` runs one subscriber's handler for one event, in a transaction that also marks the
delivery done; a delivery already done is skipped, so the task is safe to run twice.
``deliveries_retry`` queues again the deliveries that are not done long after they were queued (a
worker killed under them, a handler that failed), with a growing pause between attempts; a task
runs it every few minutes (``retry_schedule_ensure``), and ``adalat events`` at will.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from adalat.core import clock

from .events import subscriber
from .models import CaseEvent, EventDelivery

logger = logging.getLogger(__name__)

# A delivery queued this long ago and not done is queued again (a worker died under it, or it failed),
# waiting longer after each attempt, up to a day.
RETRY_AFTER = dt.timedelta(minutes=5)
RETRY_AT_MOST = dt.timedelta(days=1)


def delivery_run(delivery_id: int) -> bool:
    """Run a delivery unless it is done; True when this call did it. The delivery's row lock makes
    two runs of the same delivery wait for each other."""
    try:
        with transaction.atomic():
            delivery = EventDelivery.objects.select_for_update().filter(pk=delivery_id, done_at__isnull=True).first()
            if delivery is None:
                return False
            handler = subscriber(delivery.subscriber)
            if handler is None:
                return False  # a subscriber taken out of the code: its deliveries wait for it
            event = CaseEvent.objects.select_related("case", "case__holder", "actor").get(pk=delivery.event_id)
            handler.handler(event)
            EventDelivery.objects.filter(pk=delivery.pk).update(done_at=clock.now(), attempts=F("attempts") + 1)
            return True
    except Exception as error:
        with transaction.atomic():
            EventDelivery.objects.filter(pk=delivery_id).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
        logger.exception("Delivery %s of an event failed", delivery_id)
        raise


@task()
def event_deliver(delivery_id: int) -> bool:
    return delivery_run(delivery_id)


def _waited(attempts: int) -> dt.timedelta:
    waited: dt.timedelta = RETRY_AFTER * 2 ** min(attempts, 16)
    return min(waited, RETRY_AT_MOST)


def deliveries_retry(*, now: dt.datetime | None = None, limit: int = 1000, force: bool = False) -> int:
    """Queue again the deliveries not done long after they were last queued (``force``: every one
    not done); return how many. The caller owns the transaction."""
    moment = now or clock.now()
    pending = EventDelivery.objects.filter(done_at__isnull=True)
    if not force:
        pending = pending.filter(queued_at__lt=moment - RETRY_AFTER)
    again = 0
    for delivery in pending.order_by("queued_at")[:limit]:
        if not force and delivery.queued_at > moment - _waited(delivery.attempts):
            continue
        EventDelivery.objects.filter(pk=delivery.pk).update(queued_at=moment)
        event_deliver.enqueue(delivery.pk)
        again += 1
    return again


@task()
def deliveries_retry_task() -> int:
    """Queue the stalled deliveries again, and this run again for later; returns how many."""
    with transaction.atomic():
        _schedule(run_after=clock.now() + RETRY_AFTER)
        return deliveries_retry()


def _schedule(*, run_after: dt.datetime) -> bool:
    """Queue a run of ``deliveries_retry_task`` unless one is waiting; the caller holds a transaction.
    (Two runs at once do no harm: a delivery is done once.)"""
    waiting = DBTaskResult.objects.filter(
        task_path=deliveries_retry_task.module_path, status=TaskResultStatus.READY
    ).exists()
    if not waiting:
        deliveries_retry_task.using(run_after=run_after).enqueue()
    return not waiting


def retry_schedule_ensure() -> bool:
    """Make sure stalled deliveries are looked for periodically (``adalat run`` calls it at start);
    True when it queued the first run."""
    return _schedule(run_after=clock.now())


@dataclass(frozen=True)
class Backlog:
    subscriber: str
    waiting: int
    failing: int  # of those waiting, how many failed at least once
    oldest: dt.datetime | None


def deliveries_backlog() -> list[Backlog]:
    """The deliveries not done yet, by subscriber: what an operator watches."""
    rows = (
        EventDelivery.objects.filter(done_at__isnull=True)
        .values("subscriber")
        .annotate(waiting=Count("pk"), failing=Count("pk", filter=Q(attempts__gt=0)), oldest=Min("queued_at"))
        .order_by("subscriber")
    )
    return [Backlog(**row) for row in rows]
