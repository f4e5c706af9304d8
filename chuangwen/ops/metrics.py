"""Prometheus metrics (prometheus_client): requests, their duration, requests in flight, the
background job queue and login lockouts, at ``GET /metrics`` for the monitoring only.

Requests are counted by the resolver's view name (``app:url_name``), never by the raw path, so
the number of series stays that of the URL patterns whatever clients ask for. The job queue is
read from django_tasks_db's result table when the monitoring asks (two indexed queries per
scrape, none per request).

Several worker processes per server: with ``PROMETHEUS_MULTIPROC_DIR`` set, prometheus_client
keeps each process's values in files there and a scrape adds them up (its multiprocess mode).
The directory must be empty when the server starts (systemd: a fresh ``RuntimeDirectory`` or an
``ExecStartPre`` that empties it), one directory per server."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from functools import cache

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from chuangwen.core.net import client_ip

logger = logging.getLogger(__name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request no URL pattern matched (404s of scanners, mistyped links): one label for all;
# static files (WhiteNoise, when nginx does not serve them): another.
UNMATCHED = "<unmatched>"
STATIC = "<static>"

REQUESTS = Counter(
    "chuangwen_http_requests_total",
    "Requests answered, by method, view name and status class (2xx, 3xx, 4xx, 5xx).",
    ["method", "view", "status"],
)
DURATION = Histogram(
    "chuangwen_http_request_duration_seconds",
    "Time from the request's arrival to its response (a streamed body's bytes not included), by view name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
IN_FLIGHT = Gauge(
    "chuangwen_http_requests_in_flight",
    "Requests being answered now.",
    multiprocess_mode="livesum",
)
LOCKOUTS = Counter("chuangwen_login_lockouts_total", "Logins locked out after too many failures (django-axes).")


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return STATIC if request.path_info.startswith(settings.STATIC_URL) else UNMATCHED
    return match.view_name or match.route or UNMATCHED


class MetricsMiddleware:
    """Early in MIDDLEWARE, so refusals of the later middleware are counted too. No SQL, no
    cache: a few in-memory (or memory-mapped) increments per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            response = self.get_response(request)
        finally:
            IN_FLIGHT.dec()
        view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(method, view, f"{response.status_code // 100}xx").inc()
        DURATION.labels(view).observe(time.perf_counter() - start)
        return response


def count_lockout(**kwargs) -> None:
    """axes' ``user_locked_out`` receiver."""
    LOCKOUTS.inc()


class JobQueueCollector:
    """The background job queue as the database holds it, read at scrape time: jobs waiting
    and running, and how long the oldest waiting job has waited. Any app server reports the
    same figures (one queue): alert on their maximum."""

    def describe(self):
        # Declared without a query (the registry would otherwise collect at registration).
        return [
            GaugeMetricFamily("chuangwen_jobs", "", labels=["status"]),
            GaugeMetricFamily("chuangwen_jobs_oldest_waiting_seconds", ""),
        ]

    def collect(self):
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = TaskResultStatus.READY
        try:
            counts = dict(
                DBTaskResult.objects.filter(status__in=[waiting, TaskResultStatus.RUNNING])
                .values_list("status")
                .annotate(n=Count("pk"))
                .order_by()
            )
            oldest = DBTaskResult.objects.ready().order_by().aggregate(at=Min("enqueued_at"))["at"]
        except DatabaseError:
            logger.warning("metrics: the job queue could not be read", exc_info=True)
            return
        jobs = GaugeMetricFamily(
            "chuangwen_jobs", "Background jobs by status (READY: waiting, RUNNING: in a worker).", labels=["status"]
        )
        for status in (waiting, TaskResultStatus.RUNNING):
            jobs.add_metric([str(status)], counts.get(status, 0))
        yield jobs
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "chuangwen_jobs_oldest_waiting_seconds",
            "Seconds since the oldest job that may run now was enqueued (0: none waiting).",
            value=max(age, 0.0),
        )


JOBS = CollectorRegistry(auto_describe=True)
JOBS.register(JobQueueCollector())


def exposition() -> bytes:
    """Every metric in Prometheus' text format: this process's, or with
    ``PROMETHEUS_MULTIPROC_DIR`` every process's of this server added up; then the queue."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(JOBS)


@cache
def _allowed_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def may_scrape(request) -> bool:
    """The metrics token as a bearer token, or a client address in the allowed list."""
    token = settings.CHUANGWEN_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    address = client_ip(request.META)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in _allowed_networks(tuple(settings.CHUANGWEN_METRICS_ALLOWED_IPS)))


def metrics(request):
    """``GET /metrics``: 404 to anyone else, as for a page that does not exist."""
    if not may_scrape(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
