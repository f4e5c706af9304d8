"""The yearly ethics evaluation at hospital scale, on PostgreSQL: grading a unit of 2,000 staff
from their components, ledger entries and vetoes (the background job), and the department
head's page of 60 people.

    BENCH_PGPORT=55514 .venv/bin/python bench/bench_ethics_grading.py [--staff 2000] [--entries 20000] [--n 10]

1. Generates one hospital: ``--staff`` people over departments of 50 (one of 60 for the head's
   page), the standard rule set published, the evaluation opened (a row per person) with every
   component filled, ``--entries`` ledger entries on people of the year (1 % cancelled) and a
   veto per 500 people.
2. Times the grading job (``tasks.grade_evaluation``: three reads, one bulk update) over ``--n``
   runs: target p95 < 2 s; the province figure (500,000 staff, 250 such hospitals graded one
   after the other by one worker) is projected from it: target < 5 minutes.
3. Times the head's department page for 60 people (GET as the head): target p95 < 150 ms.

Uses a throwaway PostgreSQL cluster (bench_survey_submit.postgres) unless DATABASE_URL is set;
``generate`` and ``measure`` also run on the test database (tests/ethics/test_bench_smoke.py)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summarize  # noqa: E402

TARGET_GRADING_MS = 2000
TARGET_HEAD_MS = 150
TARGET_PROVINCE_S = 300
PROVINCE_STAFF = 500_000
HEAD_DEPARTMENT = 60


def generate(*, staff_n: int = 2000, entries_n: int = 20_000, year: int = 2026, seed: int = 14, log=print) -> dict:
    from chuangwen.core.roles import Role
    from chuangwen.ethics import services
    from chuangwen.ethics.models import EvaluationRow, VetoAct, VetoRecord
    from chuangwen.org.models import Department, Membership, Person, Region, Unit, User
    from chuangwen.scoring.models import LedgerEntry

    rng = random.Random(seed)
    t0 = time.perf_counter()
    region = Region.objects.add_root({"name": "基准省", "code": f"B{seed}", "level": Region.Level.PROVINCE})
    unit = Unit.objects.create(region=region, name="基准人民医院", code=f"BENCH-{seed}", kind=Unit.Kind.HOSPITAL)
    sizes = [HEAD_DEPARTMENT] + [50] * max(0, (staff_n - HEAD_DEPARTMENT) // 50)
    if sum(sizes) < staff_n:
        sizes.append(staff_n - sum(sizes))
    departments = Department.objects.bulk_create(
        [Department(unit=unit, name=f"科室{n:03d}", sort_order=n) for n in range(len(sizes))]
    )
    people = []
    for d, size in zip(departments, sizes, strict=True):
        no = d.sort_order
        people += [
            Person(unit=unit, department=d, employee_no=f"{no:03d}{i:03d}", name=f"职工{no}-{i}") for i in range(size)
        ]
    people = Person.objects.bulk_create(people, batch_size=2000)
    office = User.objects.create_user(username=f"bench_office_{seed}", password="x")
    Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=unit)
    head = User.objects.create_user(username=f"bench_head_{seed}", password="x")
    Membership.objects.create(user=head, role=Role.DEPT_HEAD, scope="department", unit=unit, department=departments[0])
    rule_set = services.ruleset_publish(rule_set=services.ruleset_create(unit=unit, year=year))
    evaluation = services.evaluation_open(unit=unit, year=year, rule_set=rule_set, departments=departments, by=office)
    rows = list(EvaluationRow.objects.filter(evaluation=evaluation))
    for r in rows:
        r.self_score, r.department_score, r.patients_score, r.committee_score = (
            Decimal(rng.randint(150, 198)) / 2 for _ in range(4)
        )
    EvaluationRow.objects.bulk_update(
        rows, ["self_score", "department_score", "patients_score", "committee_score"], batch_size=2000
    )
    entries = []
    for _i in range(entries_n):
        p = rng.choice(people)
        day = date(year, rng.randint(1, 11), rng.randint(1, 28))
        points = Decimal(rng.choice(["-1", "-2", "-0.5", "1", "2"]))
        entries.append(LedgerEntry(unit=unit, person=p, period=day.replace(day=1), occurred_on=day, points=points,
                                   source="ethics", reason="基准记录"))  # fmt: skip
    entries = LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    counters = [
        LedgerEntry(unit=unit, person_id=e.person_id, period=e.period, occurred_on=e.occurred_on,
                    points=-e.points, source="correction", reason="冲销", reverses=e)
        for e in entries[: entries_n // 100]
    ]  # fmt: skip
    LedgerEntry.objects.bulk_create(counters, batch_size=5000)
    act = VetoAct.objects.filter(unit=None).first()
    VetoRecord.objects.bulk_create(
        [VetoRecord(unit=unit, person=p, department_id=p.department_id, act=act, occurred_on=date(year, 5, 1),
                    facts="基准", recorded_by=office) for p in people[:: 500]]
    )  # fmt: skip
    log(f"  generated {len(people)} staff, {len(entries)} entries in {time.perf_counter() - t0:.1f} s")
    return {
        "evaluation": evaluation,
        "head": head,
        "department": departments[0],
        "staff": len(people),
        "entries": entries_n,
    }


def measure(data: dict, n: int = 10) -> dict:
    from django.db.models import Count
    from django.test import Client

    from chuangwen.ethics.models import EvaluationRow
    from chuangwen.ethics.tasks import grade_evaluation

    evaluation = data["evaluation"]
    samples = []
    fresh = EvaluationRow.objects.filter(evaluation=evaluation)
    for _ in range(n):
        fresh.update(score=None, suggested_grade="", outcome="pending")  # every run computes and writes every row
        t0 = time.perf_counter()
        graded = grade_evaluation.call(evaluation.pk)
        samples.append(time.perf_counter() - t0)
    grading = summarize(samples)
    outcomes = dict(
        EvaluationRow.objects.filter(evaluation=evaluation)
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    client = Client()
    client.force_login(data["head"])
    url = f"/ethics/evaluations/{evaluation.pk}/grade/?department={data['department'].pk}"
    page = []
    for i in range(n * 3 + 3):
        t0 = time.perf_counter()
        response = client.get(url)
        if i >= 3:
            page.append(time.perf_counter() - t0)
        assert response.status_code == 200
    head = summarize(page)
    vetoed = EvaluationRow.objects.filter(evaluation=evaluation, veto=True).count()
    per_staff_s = grading["p50_ms"] / 1000 / max(graded, 1)
    return {
        "rows_graded": graded,
        "vetoed_rows": vetoed,
        "outcomes": outcomes,
        "grading_job": grading,
        "head_page_60": head,
        "province_projection_s": round(per_staff_s * PROVINCE_STAFF, 1),
    }


def verdict(out: dict) -> bool:
    return (
        out["grading_job"]["p95_ms"] < TARGET_GRADING_MS
        and out["head_page_60"]["p95_ms"] < TARGET_HEAD_MS
        and out["province_projection_s"] < TARGET_PROVINCE_S
    )


def main(argv=None) -> int:
    from bench.bench_survey_submit import _exit_on_sigterm, postgres, setup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    with postgres() as database_url:
        setup(database_url)
        from django.db import connection

        data = generate(staff_n=args.staff, entries_n=args.entries)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out = {
            "benchmark": "ethics_grading",
            "database": connection.vendor,
            "staff": data["staff"],
            "entries": data["entries"],
            **measure(data, args.n),
            "targets": {"grading_p95_ms": TARGET_GRADING_MS, "head_page_p95_ms": TARGET_HEAD_MS,
                        "province_s": TARGET_PROVINCE_S},
        }  # fmt: skip
    out["met"] = verdict(out)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "ethics_grading.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
