"""What observing a request costs: the request id, the metrics and the access line (written as
a JSON line, to /dev/null) against the same stack without those three middleware, request by
request alternately, through Django's WSGI handler itself; plus a readiness check and a scrape.

    .venv/bin/python bench/bench_observe.py [--n 300] [--strict]

The pages' figures on a shared machine are noisy; the middleware's own cost is measured apart,
around a view that does nothing. Target: that cost under 200 µs per request (--strict: exit 1
when missed)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, summarize  # noqa: E402

OBSERVE_MIDDLEWARE = (
    "chuangwen.ops.request_id.RequestIdMiddleware",
    "chuangwen.ops.metrics.MetricsMiddleware",
    "chuangwen.ops.logs.AccessLogMiddleware",
)
TARGET_US = 200


def _handlers():
    """(observed, bare): two WSGI handlers, the second built without the observing middleware."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    observed = WSGIHandler()
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m not in OBSERVE_MIDDLEWARE]):
        bare = WSGIHandler()
    return observed, bare


def _call(handler, environ: dict) -> int:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = int(status[:3])

    result = handler(dict(environ), start_response)
    for _chunk in result:
        pass
    result.close()
    return seen["status"]


def _access_log_to_devnull():
    """The access line as production writes it (JSON, with the request id), to /dev/null."""
    from chuangwen.ops.logs import JsonFormatter
    from chuangwen.ops.request_id import RequestIdFilter

    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 (lives as long as the run)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("chuangwen.access")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.DEBUG)


def middleware_cost_us(n: int) -> dict:
    """The three middleware's own time per request, around a view that does nothing (a page
    that returns at once): median of 5 rounds of ``n`` requests, in microseconds."""
    import statistics

    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils.module_loading import import_string

    def view(request):
        request.resolver_match = match
        return HttpResponse("ok")

    match = resolve("/login/")
    chain = view
    for path in reversed(OBSERVE_MIDDLEWARE):
        chain = import_string(path)(chain)
    request = RequestFactory().get("/login/", REMOTE_ADDR="127.0.0.1")
    rounds = {}
    for label, handler in (("with the three", chain), ("view alone", view)):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(n):
                handler(request)
            times.append((time.perf_counter() - t0) / n * 1e6)
        rounds[label] = statistics.median(times)
    return {"per_request_us": round(rounds["with the three"] - rounds["view alone"], 1)}


def measure(n: int) -> dict:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client, RequestFactory

    _access_log_to_devnull()
    # As Django's test client does: a request must not close the caller's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        observed, bare = _handlers()
        pages = {"login page": "/login/", "healthz": "/healthz"}
        out = {}
        for label, path in pages.items():
            environ = RequestFactory().get(path, REMOTE_ADDR="127.0.0.1").environ
            samples = {"observed": [], "bare": []}
            for i in range(2 * (n + 3)):
                mode, handler = ("observed", observed) if i % 2 == 0 else ("bare", bare)
                t0 = time.perf_counter()
                assert _call(handler, environ) == 200, (label, mode)
                if i >= 6:  # three warm-up requests each way
                    samples[mode].append(time.perf_counter() - t0)
            on, off = summarize(samples["observed"]), summarize(samples["bare"])
            out[label] = {"observed": on, "bare": off, "p50_overhead_ms": round(on["p50_ms"] - off["p50_ms"], 3)}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    out["middleware own cost"] = middleware_cost_us(max(n * 10, 10))
    client = Client()
    for label, path in (("readyz", "/readyz"), ("metrics scrape", "/metrics")):
        samples = []
        for _ in range(max(n // 10, 3)):
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200, label
            samples.append(time.perf_counter() - t0)
        out[label] = summarize(samples[1:] or samples)  # the first reads the migration files
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="requests per page and mode")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    setup_django()
    results = measure(args.n)
    met = results["middleware own cost"]["per_request_us"] <= TARGET_US
    report("observe", {"results": results, "target_us": TARGET_US, "met": met})
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    raise SystemExit(main())
