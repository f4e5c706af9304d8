"""Background jobs of the ranking: refreshing the snapshots of every unit (daily, queued by
``manage.py ranking_snapshots`` from cron, after the item-score and department-score runs) or of
one region's units (a supervisor's 刷新 button). Idempotent: a rerun rewrites the month's rows."""

from __future__ import annotations

import datetime

from django_tasks import task

from chuangwen.org.models import Region

from .services import ranked_units, snapshots_refresh


@task()
def snapshots_refresh_job(region_id: int | None = None, day: str | None = None) -> int:
    """Refresh the snapshots of ``region_id``'s units (every unit without it) as of ``day`` (ISO
    date; default today). Returns how many rows were written."""
    units = ranked_units()
    if region_id is not None:
        region = Region.objects.get(pk=region_id)
        units = units.filter(region__path__startswith=region.path)
    return snapshots_refresh(units=units, on=datetime.date.fromisoformat(day) if day else None)
