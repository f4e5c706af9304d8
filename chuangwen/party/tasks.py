"""Background jobs of party work: the daily 三会一课 reminders (``manage.py party_reminders``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .reminders import reminders_send


@task()
def party_reminders_daily(today: str | None = None) -> int:
    """Send the reminders due on ``today`` (YYYY-MM-DD, default the local date). Idempotent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return reminders_send(today=day)
