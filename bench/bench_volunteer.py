"""Volunteer service at hospital scale, on PostgreSQL: a unit of 2,000 staff in 40 departments.

    .venv/bin/python bench/bench_volunteer.py [--staff 2000] [--rows 10000] [--year-rows 30000] [--n 30]

1. The platform import of a ``--rows`` file (.xlsx with record numbers): check (the whole file),
   then commit; then the same file again (nothing written). Target: check + commit < 10 s.
2. A year of hours for the unit (``--year-rows`` more rows, written in bulk), then per-person
   totals of the whole unit for the year (the selector every totals page and the API use: months,
   year, cumulative, star level, shortfalls), and the totals page as the office. Target: p95 <
   200 ms for the selector.

Uses a throwaway PostgreSQL cluster (bench_survey_submit.postgres) unless DATABASE_URL is set;
``generate`` and ``measure`` also run on the test database (tests/volunteer/test_bench_smoke.py)."""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summarize  # noqa: E402

TARGET_IMPORT_S = 10.0
TARGET_TOTALS_MS = 200
HEADERS = ("记录编号", "姓名", "工号", "服务日期", "服务时长", "活动名称")
MAPPING = {"platform_id": "记录编号", "name": "姓名", "employee_no": "工号", "served_on": "服务日期",
           "hours": "服务时长", "event_name": "活动名称"}  # fmt: skip
EVENTS = ["义诊", "门诊导医", "便民服务", "结对帮扶", "文明交通劝导", "健康宣教"]


def generate(*, staff_n: int, departments_n: int = 40, year: int, log=print) -> dict:
    """A county, one hospital with ``staff_n`` staff over ``departments_n`` departments, its office
    user, the year's rules and the default star levels."""
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Department, Membership, Person, Region, Unit, User
    from chuangwen.volunteer import services

    region = Region.objects.add_root({"name": "基准县", "code": "439998", "level": Region.Level.COUNTY})
    unit = Unit.objects.create(region=region, name="基准县人民医院", code="BENCHV01")
    Department.objects.bulk_create(
        [Department(unit=unit, name=f"科室{i:02d}", sort_order=i) for i in range(departments_n)]
    )
    departments = list(Department.objects.filter(unit=unit))
    Person.objects.bulk_create(
        [Person(unit=unit, department=departments[i % departments_n], employee_no=f"{200000 + i}", name=f"职工{i}")
         for i in range(staff_n)],
        batch_size=2000,
    )  # fmt: skip
    office = User.objects.create_user("bench-volunteer-office", password="bench-pass-1234")
    Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=unit)
    services.rule_set(unit=unit, user=office, year=year, kind="each_month", target=Decimal("3"))
    services.rule_set(unit=unit, user=office, year=year, kind="each_year", target=Decimal("25"))
    services.star_levels_seed(unit=unit)
    log(f"  unit of {staff_n} staff in {departments_n} departments")
    return {"unit": unit, "office": office, "people": list(Person.objects.filter(unit=unit)), "year": year}


def platform_file(people, *, rows: int, year: int, last_day: date, seed: int = 1) -> bytes:
    """A volunteer platform's export: ``rows`` records of the year up to ``last_day``."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("时长明细")
    ws.append(list(HEADERS))
    span = (last_day - date(year, 1, 1)).days
    for i in range(rows):
        p = rng.choice(people)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(span + 1))
        ws.append([f"PT{year}{i:07d}", p.name, p.employee_no, day, rng.choice([2, 2.5, 3, 3.5, 4]), rng.choice(EVENTS)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def year_of_hours(data: dict, *, rows: int, last_day: date, seed: int = 2) -> int:
    """``rows`` more hours of the year, entered for events (bulk, as the event sheets write them)."""
    from chuangwen.volunteer.models import ServiceHours

    rng, year = random.Random(seed), data["year"]
    span = (last_day - date(year, 1, 1)).days
    made = []
    for _ in range(rows):
        p = rng.choice(data["people"])
        day = date(year, 1, 1) + timedelta(days=rng.randrange(span + 1))
        hours = Decimal(rng.choice(["1", "2", "3", "4"]))
        made.append(ServiceHours(unit=data["unit"], department_id=p.department_id, person=p, served_on=day,
                                 hours=hours, event_name=rng.choice(EVENTS)))  # fmt: skip
    ServiceHours.objects.bulk_create(made, batch_size=5000)
    return rows


def import_timed(data: dict, content: bytes) -> dict:
    from chuangwen.volunteer import imports

    t0 = time.perf_counter()
    batch = imports.import_validate(unit=data["unit"], user=data["office"], upload=content, mapping=MAPPING)
    checked = time.perf_counter()
    assert not batch.errors, batch.errors[:5]
    batch = imports.import_commit(batch=batch, user=data["office"])
    done = time.perf_counter()
    return {"check_s": round(checked - t0, 3), "commit_s": round(done - checked, 3), "total_s": round(done - t0, 3),
            "new_rows": batch.new_rows, "known_rows": batch.known_rows}  # fmt: skip


def _p95_ms(fn, n: int) -> dict:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return summarize(samples)


def measure(data: dict, *, n: int, today: date) -> dict:
    """p95 of the whole unit's per-person totals (selector) and of the totals page as the office."""
    from django.test import Client

    from chuangwen.org.models import Person
    from chuangwen.volunteer import selectors

    unit, year = data["unit"], data["year"]

    def totals():
        people = Person.objects.filter(unit=unit, is_active=True)
        return selectors.person_totals(people, unit_id=unit.pk, year=year, today=today)

    rows = totals()
    client = Client()
    client.force_login(data["office"])

    def page():
        response = client.get(f"/volunteer/?year={year}")
        assert response.status_code == 200

    timings = {
        "unit per-person totals (selector)": _p95_ms(totals, n),
        "totals page (office)": _p95_ms(page, max(3, n // 3)),
    }
    return {
        "people": len(rows),
        "short_people": sum(1 for t in rows if t.is_short),
        "hours_sum": str(sum((t.year for t in rows), Decimal("0"))),
        "timings": timings,
    }


def main(argv=None) -> int:
    from bench.bench_survey_submit import _exit_on_sigterm, postgres, setup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--year-rows", type=int, default=30_000)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    with postgres() as database_url:
        setup(database_url)
        from django.db import connection
        from django.utils import timezone

        today = timezone.localdate()
        last_day = today - timedelta(days=1)
        data = generate(staff_n=args.staff, year=today.year)
        content = platform_file(data["people"], rows=args.rows, year=today.year, last_day=last_day)
        first = import_timed(data, content)
        again = import_timed(data, content)
        year_of_hours(data, rows=args.year_rows, last_day=last_day)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out = {"benchmark": "volunteer", "database": connection.vendor, "staff": args.staff, "file_rows": args.rows,
               "file_bytes": len(content), "import": first, "reimport": again,
               "hours_rows": args.rows + args.year_rows, **measure(data, n=args.n, today=today),
               "targets": {"import_s": TARGET_IMPORT_S, "totals_p95_ms": TARGET_TOTALS_MS}}  # fmt: skip
    p95 = out["timings"]["unit per-person totals (selector)"]["p95_ms"]
    out["met"] = first["total_s"] < TARGET_IMPORT_S and again["new_rows"] == 0 and p95 < TARGET_TOTALS_MS
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "volunteer.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
