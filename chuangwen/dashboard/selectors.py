"""Reads of the dashboard app: a user's own notifications (站内消息)."""

from django.db.models import QuerySet

from chuangwen.dashboard.models import Notification


def user_notifications(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The notifications addressed to ``user``, newest first; nobody else's, whatever the role."""
    qs = Notification.objects.filter(user_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
