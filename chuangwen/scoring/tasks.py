"""Background jobs of scoring: the daily refresh of item scores (动态考核 periods end, evidence
date windows move, the satisfaction index grows; queued by ``manage.py item_scores`` from cron
once a day, after midnight), recomputing a unit-month of 量化考核 after its entries changed, and
the daily run of 量化考核 (overdue task periods into the ledger, then this month's and last
month's scores of every unit with a scheme; queued by ``manage.py department_scores``). All are
idempotent, so running them more often does no harm."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from chuangwen.org.models import Unit

from .department_feeders import task_periods_feed
from .department_scores import month_start, scores_recompute
from .items import refresh_active
from .models import Scheme


@task()
def item_scores_daily(day: str | None = None) -> int:
    """Refresh every campaign in progress as of ``day`` (ISO date; default today). Returns how
    many campaigns were refreshed."""
    return refresh_active(today=datetime.date.fromisoformat(day) if day else None)


@task()
def recompute_month(unit_id: int, month: str) -> int:
    """Recompute one unit-month (``month`` as YYYY-MM-DD); idempotent."""
    unit = Unit.objects.get(pk=unit_id)
    return len(scores_recompute(unit=unit, month=datetime.date.fromisoformat(month)))


def daily_run(*, today: datetime.date) -> dict:
    """The daily work, callable without the queue (tests, the command's ``--now``)."""
    written = task_periods_feed(today=today)
    this_month = month_start(today)
    last_month = month_start(this_month - datetime.timedelta(days=1))
    units = Unit.objects.filter(pk__in=Scheme.objects.values("unit_id")).order_by("pk")
    computed = 0
    for unit in units:
        for month in (last_month, this_month):
            computed += len(scores_recompute(unit=unit, month=month))
    return {"task_periods": written, "scores": computed}


@task()
def department_scores_daily(today: str | None = None) -> dict:
    """The daily run for ``today`` (YYYY-MM-DD, default the local date). Idempotent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return daily_run(today=day)
