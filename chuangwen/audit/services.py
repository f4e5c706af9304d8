"""Writing the audit log.

``audit_record`` is the one way to add an event. Inside a request the event is kept in a
per-request buffer which ``AuditMiddleware`` hands on once the response has been sent, to the
background writer (writer.py), outside the request's transaction, so an event is kept even when
the request's own work rolls back; elsewhere (jobs, the shell) it is written at once.
The buffer also knows the request, so a service deep below a view (``token_create``,
``membership_save``) records the client's address without being handed the request.
``AUDIT_LOG_ENABLED=False`` switches the log off (the benchmarks compare on and off)."""

from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models

from chuangwen.core.net import client_ip

from .models import Action, AuditEvent
from .writer import background, write_events

log = logging.getLogger(__name__)


@dataclass
class RequestLog:
    """The events of one request, written after its response."""

    request: object = None
    events: list[AuditEvent] = field(default_factory=list)


_current: contextvars.ContextVar[RequestLog | None] = contextvars.ContextVar("audit_request_log", default=None)


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
    of_actor: bool = False,
    detail: dict | None = None,
) -> AuditEvent | None:
    """Record that ``actor`` (default: the request's user) did ``action`` on ``target``.

    ``unit`` decides who may read the event (its office, the bureau above it); by default the
    target's unit (as its ``ScopeSpec`` names it), or with ``of_actor`` (or no target unit) the
    actor's own unit, or for a bureau user their region. ``request`` defaults to the request
    being answered. Makes no query; returns the (possibly not yet saved) event, or None when the
    audit log is switched off."""
    if not settings.AUDIT_LOG_ENABLED:
        return None
    pending = _current.get()
    if request is None and pending is not None:
        request = pending.request
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    unit_id = getattr(unit, "pk", unit)
    if unit_id is None and target is not None and not of_actor:
        unit_id = _unit_id_of(target)
    region_path = ""
    if unit_id is None and region is None and actor is not None:
        unit_id, region_path = _home_of(actor)
    event = AuditEvent(
        actor=actor,
        username=(username or (actor.get_username() if actor is not None else ""))[:150],
        action=action,
        unit_id=unit_id,
        region=region if unit_id is None else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=(target_repr or (str(target) if target is not None else ""))[:200],
        client_ip=(client_ip(request.META) or None) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        detail=detail or {},
    )
    event._region_path = region_path if unit_id is None and region is None else ""
    if pending is not None:
        pending.events.append(event)
    else:
        write_events([event])
    return event


def _unit_id_of(target: models.Model) -> int | None:
    """The target's unit id as its ``ScopeSpec`` names it, when that is one of its own fields
    (``unit``, ``owner_unit``); a Unit is its own. Never a query."""
    spec = getattr(type(target), "scoping", None)
    path = spec.unit if spec is not None else "unit"
    if path == "" and target._meta.label_lower == "org.unit":
        return target.pk
    if path and "__" not in path:
        return getattr(target, f"{path}_id", None)
    return None


def _home_of(user) -> tuple[int | None, str]:
    """Where a user's own events belong: the unit of their first membership that has one, else
    (a bureau user) the path of their region, resolved when the events are written. The
    memberships are the ones scoping loaded for the request: no query."""
    memberships = user.scope_memberships()
    for m in memberships:
        if m.unit_id:
            return m.unit_id, ""
    for m in memberships:
        if m.region_path:
            return None, m.region_path
    return None, ""


def request_log_start(request) -> tuple[RequestLog, contextvars.Token]:
    """Buffer the events recorded while ``request`` is answered (the middleware's job)."""
    pending = RequestLog(request=request)
    return pending, _current.set(pending)


def request_log_stop(token: contextvars.Token) -> None:
    """Stop buffering (in the context that started it); the buffer is written separately."""
    _current.reset(token)


def request_log_write(pending: RequestLog) -> None:
    """Hand a request's buffered events to the background writer (``AUDIT_LOG_WRITER="thread"``)
    or write them here and now (``"inline"``)."""
    events, pending.events = pending.events, []
    if not events:
        return
    if settings.AUDIT_LOG_WRITER == "thread":
        background.submit(events)
        return
    try:
        write_events(events)
    except Exception:  # the log must not break the answer already given; say so loudly
        log.exception("audit log: %d event(s) could not be written", len(events))


def download_record(*, request, target: models.Model, kind: str, via: str = "page", filename: str = "") -> None:
    """Record that the request's user took a stored or generated file (``kind``: an evidence file,
    an inspection photo, a bulletin, a survey poster) through a page or the API."""
    detail = {"kind": kind, "via": via}
    if filename:
        detail["file"] = filename
    audit_record(action=Action.DOWNLOAD, request=request, target=target, detail=detail)


def export_record(
    *, request, kind: str, target: models.Model | None = None, target_repr: str = "", unit=None, **detail
) -> None:
    """Record that the request's user exported a list or table (``kind``) as a file; ``detail``
    says how many rows and with which filters. The event belongs to ``unit``, by default the
    unit being worked in, else the exporter's own."""
    audit_record(
        action=Action.EXPORT,
        request=request,
        target=target,
        target_repr=target_repr,
        unit=unit or getattr(request, "current_unit", None),
        of_actor=True,
        detail={"kind": kind, **detail},
    )
