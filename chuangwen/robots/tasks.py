"""Background jobs of the robots app: sending messages to group robots and retrying them."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from . import services
from .models import Delivery


def _schedule_retries(deliveries: list[Delivery]) -> None:
    """With a backend that can wait (the database worker), each retry is queued for its time;
    ``manage.py robots_retry`` from cron catches whatever was not (and the immediate backend)."""
    if not deliveries or not deliver.get_backend().supports_defer:
        return
    for d in deliveries:
        deliver.using(run_after=d.next_try_at).enqueue(delivery_ids=[d.pk])


@task()
def deliver(delivery_ids: list[int]) -> int:
    """Send the given deliveries (each once: a sent or claimed one is skipped). Returns how many
    were sent now."""
    done = [services.delivery_send(delivery_id=pk) for pk in delivery_ids]
    _schedule_retries([d for d in done if d.status == Delivery.Status.RETRYING and d.next_try_at])
    return sum(1 for d in done if d.status == Delivery.Status.SENT)


def retry_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """Send every delivery waiting or due for a retry at ``now``; counts by outcome."""
    now = now or timezone.now()
    counts = {"sent": 0, "retrying": 0, "failed": 0, "pending": 0}
    for pk in services.deliveries_due(now):
        counts[services.delivery_send(delivery_id=pk, now=now).status] += 1
    return counts


@task()
def deliveries_retry() -> dict[str, int]:
    """The periodic job (``manage.py robots_retry``): every due delivery, once."""
    return retry_due()
