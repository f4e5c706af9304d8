"""The bureau-ranking benchmark's generator and measurements, at a tiny size on the test
database: the same code the PostgreSQL run uses, so a change that breaks it fails here first."""

import pytest

from bench import bench_bureau_ranking as bench
from chuangwen.ranking.models import UnitSnapshot

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small_with_a_fixed_number_of_queries():
    data = bench.generate(units_n=4, months_n=3, log=lambda *a: None)
    assert UnitSnapshot.objects.count() == 12
    assert bench.refresh_sample(data, k=2)["units"] == 2
    out = bench.measure(data, n=2)
    assert set(out["timings"]) >= {"bureau: ranking page (first 50 of all units, sparklines)", "bureau: home page"}
    assert all(len(q) == 1 for q in out["queries"].values()), out["queries"]
