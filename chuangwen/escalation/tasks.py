"""Background jobs of the escalation app."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .services import escalation_run


@task()
def escalate_daily(today: str | None = None, subjects: list[str] | None = None) -> dict:
    """The daily escalation run over every rule (``today`` as YYYY-MM-DD, default the local
    date). Idempotent: run it once a day, or again after a crash."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return escalation_run(today=day, subjects=subjects or None)
