"""The ethics grading benchmark's generator and measurements, at a tiny size on the test
database: the same code the PostgreSQL run uses, so a change that breaks it fails here first."""

import pytest

from bench import bench_ethics_grading as bench
from chuangwen.ethics.models import EvaluationRow

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small():
    data = bench.generate(staff_n=130, entries_n=400, log=lambda *a: None)
    out = bench.measure(data, n=1)
    assert out["rows_graded"] == 130 and out["vetoed_rows"] == 1
    assert EvaluationRow.objects.filter(evaluation=data["evaluation"], outcome="pending").count() == 0
    assert set(out) >= {"grading_job", "head_page_60", "province_projection_s"}
    assert isinstance(bench.verdict(out), bool)
