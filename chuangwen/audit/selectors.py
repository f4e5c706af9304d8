"""Reads of the audit log: the events a user may read (their unit's for an office, their
region's for the bureau, all for an administrator; nothing for anyone else)."""

from __future__ import annotations

from django.db.models import QuerySet

from chuangwen.core.roles import VIEW

from .models import AUDIT_READERS, AuditEvent


def event_queryset() -> QuerySet[AuditEvent]:
    """Events with what a row shows (one query for a page, no N+1)."""
    return AuditEvent.objects.select_related("unit", "region")


def events_for(user) -> QuerySet[AuditEvent]:
    """The events ``user`` may read, newest first."""
    return event_queryset().visible_to(user, VIEW)


def may_read_log(user) -> bool:
    """Whether the user holds a role that reads an audit log at all (the menu, the page)."""
    return user.is_authenticated and (user.is_superuser or bool(user.roles() & AUDIT_READERS))
