"""One id per request, in every log line written while it is answered and in its response.

The id comes from the request's ``X-Request-ID`` only when a trusted proxy stands in front
(``CHUANGWEN_TRUSTED_PROXIES`` > 0: nginx sets it, so the proxy's log and ours share it) and the
value is well-formed; otherwise it is made here. A client talking to us directly cannot choose
the id its requests are logged under. It lives in a context variable, so the logging filter
finds it wherever the log call is made (services, selectors, libraries), and background jobs
log under their job's id (``job_context``) in the worker."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
# What we accept from a proxy: short and harmless in a log line or a header.
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Outside a request (management commands, the worker between jobs).
NONE = "-"

current = contextvars.ContextVar("chuangwen_request_id", default=NONE)


def request_id_for(meta) -> str:
    """The id a request is known by: its proxy's ``X-Request-ID`` when a trusted proxy is
    configured and the value is well-formed, else a new uuid4 (hex). ``meta``: request.META."""
    sent = meta.get("HTTP_X_REQUEST_ID", "")
    if settings.CHUANGWEN_TRUSTED_PROXIES > 0 and WELL_FORMED.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every answer (redirects and refusals of the later middleware
    included) carries the id, and every log line of the request names it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.META)
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record a handler writes (LOGGING's handlers use it).
    Django's own request logger (``django.request``: 4xx and 5xx answers) writes after the
    middleware have returned, with the request: the id is taken from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current.get()
        return True


# The id each running job replaced, to give back when it ends (jobs run inline in tests and
# under the immediate backend, inside a request whose later lines keep the request's id).
_replaced: dict[str, contextvars.Token] = {}


def job_context(*, sender, task_result, **kwargs) -> None:
    """``task_started`` receiver: the job's log lines carry ``job-<id>`` as their request id.
    The request that enqueued the job logged that id (``log_enqueued``), which links the two."""
    _replaced[str(task_result.id)] = current.set(f"job-{task_result.id}")


def job_context_end(*, sender, task_result, **kwargs) -> None:
    """``task_finished`` receiver: back to the id before the job (none, in the worker)."""
    token = _replaced.pop(str(task_result.id), None)
    if token is not None:
        current.reset(token)


def log_enqueued(*, sender, task_result, **kwargs) -> None:
    """``task_enqueued`` receiver: one line under the enqueuing request's id naming the job."""
    logging.getLogger("chuangwen.jobs").info(
        "job enqueued",
        extra={"job_id": str(task_result.id), "job": task_result.task.module_path},
    )
