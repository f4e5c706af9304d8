"""The observability benchmark, tiny, on the test database: the code the real run uses."""

import logging

import pytest

from bench import bench_observe

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small():
    access = logging.getLogger("chuangwen.access")
    saved = access.handlers, access.propagate, access.level
    try:
        out = bench_observe.measure(n=3)
    finally:
        access.handlers, access.propagate = saved[0], saved[1]
        access.setLevel(saved[2])
    assert set(out) == {"login page", "healthz", "middleware own cost", "readyz", "metrics scrape"}
    assert out["login page"]["observed"]["n"] == 3 and out["healthz"]["bare"]["n"] == 3
    assert out["readyz"]["n"] >= 1 and out["middleware own cost"]["per_request_us"] > 0
