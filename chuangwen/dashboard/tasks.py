"""Background jobs of the dashboard app."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail the given notifications (enqueued by ``services.notifications_send`` on commit).
    Returns how many were sent; already e-mailed ones are skipped, so a retry sends no duplicate."""
    return services.notifications_email(notification_ids=notification_ids)
