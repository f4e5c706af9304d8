"""The party benchmark at a tiny size on the test database, so it cannot rot."""

import pytest

from bench import bench_party as bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small():
    data = bench.generate(units_n=2, branches_n=2, members_n=4, year=2026, log=lambda *a: None)
    out = bench.measure(data, year=2026, n=1)
    assert out["rows"] == 2 and out["held"] > 0 and out["late"] >= 0
    assert set(out["timings"]) == {
        "bureau: per-unit table",
        "branch: calendar of the year",
        "daily reminders: every branch",
    }
