"""The 量化考核 benchmark's generator and measurements, at a tiny size on the test database:
the same code the PostgreSQL run uses, so a change that breaks it fails here first."""

from datetime import date

import pytest

from bench import bench_department_scores as bench
from chuangwen.scoring.models import DepartmentScore, LedgerEntry

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


def test_the_benchmark_runs_small_and_the_orm_equals_the_hand_sql():
    data = bench.generate(units_n=3, departments_n=4, months_n=2, entries_n=600, last_month=MARCH, log=lambda *a: None)
    assert data["written"] == {"entries": 595, "counter": 5}
    assert LedgerEntry.objects.filter(reverses__isnull=False, department__isnull=False).count() == 5
    bench.compute(data["units"], MARCH, 2, log=lambda *a: None)
    assert DepartmentScore.objects.filter(month=MARCH).count() == 12
    out = bench.measure(data, MARCH, n=2)
    assert out["recompute_vs_sql"]["same_totals"]
    assert set(out["timings"]) >= {"hospital: ranking page (office)", "bureau: ranking of every unit (API)"}
    ranks = sorted(DepartmentScore.objects.filter(unit=data["units"][0], month=MARCH).values_list("rank", flat=True))
    assert ranks[0] == 1 and len(ranks) == 4
