"""The volunteer benchmark's generator and measurements at a tiny size on the test database: the
same code the PostgreSQL run uses, so a change that breaks it fails here first."""

from datetime import date

import pytest

from bench import bench_volunteer as bench
from chuangwen.volunteer.models import ServiceHours

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 15)


def test_the_benchmark_runs_small():
    data = bench.generate(staff_n=30, departments_n=3, year=2026, log=lambda *a: None)
    content = bench.platform_file(data["people"], rows=120, year=2026, last_day=date(2026, 11, 14))
    first = bench.import_timed(data, content)
    again = bench.import_timed(data, content)
    assert (first["new_rows"], again["new_rows"], again["known_rows"]) == (120, 0, 120)
    bench.year_of_hours(data, rows=200, last_day=date(2026, 11, 14))
    assert ServiceHours.objects.count() == 320
    out = bench.measure(data, n=2, today=TODAY)
    assert out["people"] == 30 and set(out["timings"]) == {"unit per-person totals (selector)", "totals page (office)"}
