"""The satisfaction pages over 10,000,000 responses, on PostgreSQL.

    .venv/bin/python bench/bench_satisfaction.py [--units 50] [--departments 20] [--months 24] [--n 30]

The pages read only the monthly aggregates (``DepartmentMonth``, ``QuestionMonth``), which every
submission keeps up to date in its own transaction, so their cost depends on units × departments
× months × questions, not on the number of responses. The benchmark therefore writes the
aggregate rows exactly as 10,000,000 responses would have left them (50 hospitals × 20
departments × 24 months × 2 surveys, about 208 responses per row, with their rating sums and
distributions), plus a raw sample of 5,000 real responses through the submit service in one
department (whose aggregates are checked against the raw data). It then times, as a hospital's
campaign office and as the county supervisor: the satisfaction page (all departments; one
department), the region page (every hospital) and the indices API. Target p95 < 300 ms.

Uses a throwaway PostgreSQL cluster (see bench_survey_submit.py) unless DATABASE_URL is set."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_survey_submit import _exit_on_sigterm, postgres, setup  # noqa: E402
from bench.common import summarize  # noqa: E402

TARGET_P95_MS = 300
TOTAL_RESPONSES = 10_000_000
RAW_SAMPLE = 5_000
BATCH = 5000


def generate(units_n: int, departments_n: int, months_n: int, log) -> dict:
    from django.db import transaction

    from chuangwen.core.roles import Role
    from chuangwen.org.models import Department, Membership, Region, Unit, User
    from chuangwen.surveys import services
    from chuangwen.surveys.models import DepartmentMonth, QuestionMonth
    from chuangwen.surveys.selectors import add_months

    rng = random.Random(2026)
    t0 = time.perf_counter()
    with transaction.atomic():
        county = Region.objects.add_root({"name": "青溪县", "code": "431021", "level": "county"})
        bureau = Unit.objects.create(region=county, name="青溪县卫生健康局", code="B0000", kind="authority")
        units = Unit.objects.bulk_create(
            [Unit(region=county, name=f"基准医院{i + 1:03d}", code=f"B{i + 1:04d}") for i in range(units_n)]
        )
        depts = Department.objects.bulk_create(
            [Department(unit=u, name=f"科室{d + 1:02d}", sort_order=d) for u in units for d in range(departments_n)]
        )
        office = User.objects.create_user("bench_office", password="x" * 12)
        Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=units[0])
        supervisor = User.objects.create_user("bench_supervisor", password="x" * 12)
        Membership.objects.create(user=supervisor, role=Role.SUPERVISOR, scope="region", region=county, unit=bureau)
        templates = {}
        for u in units:
            templates[u.pk] = services.default_templates_create(unit=u, user=office if u == units[0] else None)
    log(f"  {units_n} units, {len(depts)} departments, surveys: {time.perf_counter() - t0:.1f} s")

    from django.utils import timezone

    this_month = timezone.localdate().replace(day=1)
    months = [add_months(this_month, -i) for i in range(months_n)]
    rows_n = len(depts) * months_n * 2
    per_row = TOTAL_RESPONSES // rows_n
    t0 = time.perf_counter()
    questions = {t.pk: list(t.questions.order_by("order", "id")) for ts in templates.values() for t in ts}
    dm_batch, qm_batch = [], []
    written = {"responses": 0, "department_months": 0, "question_months": 0}

    def flush(force=False):
        if force or len(qm_batch) >= BATCH:
            DepartmentMonth.objects.bulk_create(dm_batch, batch_size=BATCH)
            QuestionMonth.objects.bulk_create(qm_batch, batch_size=BATCH)
            written["department_months"] += len(dm_batch)
            written["question_months"] += len(qm_batch)
            dm_batch.clear()
            qm_batch.clear()

    for d in depts:
        skill = rng.uniform(3.9, 4.8)
        for t in templates[d.unit_id]:
            for m in months:
                n = per_row + rng.randint(-20, 20)
                written["responses"] += n
                index_sum = index_count = 0
                for q in questions[t.pk]:
                    if q.kind == "rating":
                        mean = min(4.95, max(2.5, skill + rng.uniform(-0.3, 0.2)))
                        dist = _distribution(n, mean)
                        total = sum((k + 1) * c for k, c in enumerate(dist))
                        index_sum += total
                        index_count += n
                        qm_batch.append(
                            QuestionMonth(
                                unit_id=d.unit_id, department=d, template=t, question=q, month=m, count=n, sum=total,
                                r1=dist[0], r2=dist[1], r3=dist[2], r4=dist[3], r5=dist[4],
                            )
                        )  # fmt: skip
                    else:
                        qm_batch.append(
                            QuestionMonth(unit_id=d.unit_id, department=d, template=t, question=q, month=m, count=n)
                        )
                dm_batch.append(
                    DepartmentMonth(
                        unit_id=d.unit_id, department=d, template=t, month=m, responses=n,
                        index_sum=index_sum, index_count=index_count,
                    )
                )  # fmt: skip
                flush()
    flush(force=True)
    log(
        f"  aggregates of {written['responses']:,} responses: {written['department_months']:,} department-month and "
        f"{written['question_months']:,} question-month rows, {time.perf_counter() - t0:.1f} s"
    )
    return {
        "units": units,
        "office": office,
        "supervisor": supervisor,
        "sample_department": depts[-1],
        "sample_template": templates[depts[-1].unit_id][0],
        "written": written,
    }


def _distribution(n: int, mean: float) -> list[int]:
    """Counts of ratings 1..5 for ``n`` answers with about this mean."""
    top = max(0.0, min(1.0, (mean - 3.5) / 1.5))
    shares = [0.01, 0.03, 0.96 * (1 - top) * 0.4, 0.96 * (1 - top) * 0.6, 0.96 * top]
    counts = [int(n * s) for s in shares]
    counts[4] += n - sum(counts)
    return counts


def raw_sample(department, template, n: int, log) -> dict:
    """``n`` real responses through the submit service (spread over three months); checks the
    aggregates against the raw answers of that department."""
    from django.db import transaction
    from django.db.models import Sum
    from django.utils import timezone

    from chuangwen.surveys import services
    from chuangwen.surveys.models import Answer, DepartmentMonth

    rng = random.Random(7)
    qs = list(template.questions.filter(is_active=True).order_by("order", "id"))
    # This department's generated rows for the template are replaced by the sample's own.
    DepartmentMonth.objects.filter(department=department, template=template).delete()
    from chuangwen.surveys.models import QuestionMonth

    QuestionMonth.objects.filter(department=department, template=template).delete()
    t0 = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        for i in range(n):
            raw = {q.pk: str(rng.choice([2, 3, 4, 4, 5, 5, 5])) if q.kind == "rating" else "1" for q in qs}
            services.response_submit(
                template=template,
                department=department,
                answers=services.clean_answers(qs, raw).answers,
                idempotency_key=uuid.uuid4().hex,
                submitted_at=now - timedelta(days=(i % 3) * 31),
            )
    elapsed = time.perf_counter() - t0
    # Counted into the aggregates apart from the submissions (services.counts_fold), as the
    # background job and every page reading them do.
    t1 = time.perf_counter()
    counted = services.counts_fold()
    fold_ms = (time.perf_counter() - t1) * 1000
    agg = DepartmentMonth.objects.filter(department=department, template=template).aggregate(
        s=Sum("index_sum"), c=Sum("index_count"), n=Sum("responses")
    )
    raw_sum = Answer.objects.filter(
        response__department=department, question__kind="rating", question__counts_in_index=True
    ).aggregate(s=Sum("rating"))["s"]
    log(f"  raw sample: {n:,} responses through the submit service, {elapsed:.1f} s ({n / elapsed:.0f}/s in-process)")
    log(f"  counted into the aggregates afterwards: {counted:,} in {fold_ms:.0f} ms")
    return {
        "responses": n,
        "in_process_per_s": round(n / elapsed),
        "counted": counted,
        "count_ms": round(fold_ms),
        "aggregates_match_raw": agg["s"] == raw_sum and agg["n"] == n,
    }


def timed_get(client, path: str, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(path)
        samples.append(time.perf_counter() - t0)
        assert r.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return {**summarize(samples), "queries": len(ctx)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    with postgres() as database_url:
        setup(database_url)
        from django.db import connection
        from django.test import Client

        data = generate(args.units, args.departments, args.months, print)
        sample = raw_sample(data["sample_department"], data["sample_template"], RAW_SAMPLE, print)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        office, supervisor = Client(), Client()
        office.force_login(data["office"])
        supervisor.force_login(data["supervisor"])
        dept = data["units"][0].departments.order_by("sort_order").first()
        pages = {
            "office: satisfaction page (20 departments, 12-month trend)": (office, "/surveys/index/"),
            "office: one department": (office, f"/surveys/index/?department={dept.pk}"),
            "office: last year's month": (office, "/surveys/index/?month=" + _month_ago(12)),
            "supervisor: region page (every hospital)": (supervisor, "/surveys/index/"),
            "supervisor: indices API, one hospital, 12 months": (
                supervisor,
                f"/api/surveys/indices?months=12&unit={data['units'][0].pk}",
            ),
        }
        results = {name: timed_get(client, path, args.n) for name, (client, path) in pages.items()}
    out = {
        "benchmark": "satisfaction",
        "database": "postgresql",
        "responses_represented": data["written"]["responses"],
        "department_month_rows": data["written"]["department_months"],
        "question_month_rows": data["written"]["question_months"],
        "raw_sample": sample,
        "pages": results,
        "target_p95_ms": TARGET_P95_MS,
        "met": all(r["p95_ms"] < TARGET_P95_MS for r in results.values()) and sample["aggregates_match_raw"],
    }
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "satisfaction.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["met"] else 1


def _month_ago(n: int) -> str:
    from django.utils import timezone

    from chuangwen.surveys.selectors import add_months

    return f"{add_months(timezone.localdate().replace(day=1), -n):%Y-%m}"


if __name__ == "__main__":
    sys.exit(main())
