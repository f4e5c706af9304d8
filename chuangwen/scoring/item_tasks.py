"""The daily refresh of item scores: 动态考核 periods end, evidence date windows move, the
satisfaction index grows. Queued by ``manage.py item_scores`` from cron (once a day, after
midnight); idempotent, so running it more often does no harm."""

from __future__ import annotations

import datetime

from django_tasks import task

from .items import refresh_active


@task()
def item_scores_daily(day: str | None = None) -> int:
    """Refresh every campaign in progress as of ``day`` (ISO date; default today). Returns how
    many campaigns were refreshed."""
    return refresh_active(today=datetime.date.fromisoformat(day) if day else None)
