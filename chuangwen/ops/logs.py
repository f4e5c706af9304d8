"""Logs: one access line per request, and the formats of LOGGING (settings.py).

Every line carries the request id (``request_id.RequestIdFilter``). With
``CHUANGWEN_LOG_FORMAT=json`` each line is a JSON object (python-json-logger): ``timestamp``,
``level``, ``logger``, ``message``, ``request_id`` and the line's own fields; the access line
(logger ``chuangwen.access``) adds ``method``, ``path``, ``view``, ``status``, ``duration_ms``,
``user_id``, ``unit_id`` and ``client_ip``.

What never reaches a log line: the query string (it may carry tokens), the values the URL
captured as text (the survey's ``/s/<token>/``, a kiosk link's token are replaced by the
pattern's names), headers, cookies and bodies."""

from __future__ import annotations

import logging
import time

from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from chuangwen.core.net import client_ip

access_logger = logging.getLogger("chuangwen.access")


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's, with our field names. A record's ``request`` (Django's request
    logger passes the HttpRequest along) is left out: its text shows the query string, and the
    message already names the path."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("json_ensure_ascii", False)  # Chinese stays readable
        super().__init__(*args, **kwargs)


def logged_path(request) -> str:
    """The path without its query string, with text the URL captured replaced by its name."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if isinstance(value, str) and value:
                path = path.replace(value, f"<{name}>")
    return path


def known_user_id(request) -> int | None:
    """The signed-in user's id if the request already looked the user up: logging must not
    load a session or a user the request did not need (a query the page did not make)."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class AccessLogMiddleware:
    """Early in MIDDLEWARE, inside the request id's. The load balancer's and the monitoring's
    requests are logged at DEBUG (one every few seconds per balancer would drown the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        level = logging.DEBUG if match is not None and match.app_name == "ops" else logging.INFO
        if access_logger.isEnabledFor(level):
            self.log(request, response, level, (time.perf_counter() - start) * 1000)
        return response

    @staticmethod
    def log(request, response, level: int, duration_ms: float) -> None:
        path, match = logged_path(request), getattr(request, "resolver_match", None)
        unit = getattr(request, "current_unit", None)
        access_logger.log(
            level,
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
                "user_id": known_user_id(request),
                "unit_id": unit.pk if unit is not None else None,
                "client_ip": client_ip(request.META),
            },
        )
