"""Writing the audit log.

``audit_record`` is the one way to add an event. Inside a request the event is kept in a
per-request buffer and written by ``AuditMiddleware`` after the response has been handed back
(one ``bulk_create`` per request, outside the request's transaction, so an event is kept even
when the request's own work rolls back); elsewhere (jobs, the shell) it is written at once.
``AUDIT_LOG_ENABLED=False`` switches the log off (the benchmarks compare on and off)."""

from __future__ import annotations

import contextvars
import logging

from django.conf import settings
from django.db import models

from chuangwen.core.net import client_ip

from .models import Action, AuditEvent

log = logging.getLogger(__name__)

_buffer: contextvars.ContextVar[list[AuditEvent] | None] = contextvars.ContextVar("audit_buffer", default=None)


def audit_record(
    *,
    action: Action | str,
    request=None,
    actor=None,
    username: str = "",
    target: models.Model | None = None,
    target_repr: str = "",
    unit=None,
    region=None,
    detail: dict | None = None,
) -> AuditEvent | None:
    """Record that ``actor`` (default: the request's user) did ``action`` on ``target``.

    ``unit`` decides who may read the event (its office, the bureau above it); by default the
    target's unit (``target.unit``) or else the actor's own unit. Returns the (possibly not yet
    saved) event, or None when the audit log is switched off."""
    if not settings.AUDIT_LOG_ENABLED:
        return None
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if unit is None and target is not None:
        unit = getattr(target, "unit", None) if hasattr(target, "unit_id") else None
    if unit is None and region is None and actor is not None:
        unit, region = _home_of(actor)
    event = AuditEvent(
        actor=actor,
        username=(username or (actor.get_username() if actor is not None else ""))[:150],
        action=action,
        unit=unit,
        region=region if unit is None else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=(target_repr or (str(target) if target is not None else ""))[:200],
        client_ip=(client_ip(request.META) or None) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        detail=detail or {},
    )
    pending = _buffer.get()
    if pending is not None:
        pending.append(event)
    else:
        event.save(force_insert=True)
    return event


def _home_of(user):
    """The unit (or, for a bureau user, the region) a user's events belong to: the first
    membership's. No query for a unit; one for a region."""
    from chuangwen.org.models import Region, Unit

    memberships = user.scope_memberships()
    for m in memberships:
        if m.unit_id:
            return Unit(pk=m.unit_id), None
    for m in memberships:
        if m.region_path:
            return None, Region.objects.filter(path=m.region_path).first()
    return None, None


def buffer_start() -> contextvars.Token:
    return _buffer.set([])


def buffer_flush(token: contextvars.Token) -> None:
    """Write the events buffered since ``buffer_start`` (one statement) and stop buffering."""
    pending = _buffer.get() or []
    _buffer.reset(token)
    if not pending:
        return
    try:
        AuditEvent.objects.bulk_create(pending)
    except Exception:  # the log must not break the answer already given; say so loudly
        log.exception("audit log: %d event(s) could not be written", len(pending))
