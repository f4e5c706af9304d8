"""量化考核 at province scale, on PostgreSQL: 2,000 units × 30 departments × 12 months and
2,000,000 ledger entries.

    .venv/bin/python bench/bench_department_scores.py [--units 2000] [--departments 30] [--months 12]
        [--entries 2000000] [--n 30]

1. Generates the ledger (COPY on PostgreSQL, ``bulk_create`` in batches elsewhere): per unit-month
   about entries / (units × months) entries over its departments and every feeder source, 1 % of
   them cancelled by a counter-entry; one scheme per unit (the default rules).
2. Computes the department scores of the last month for every unit (``scores_recompute``; the
   run's throughput is reported) and of all months for the first unit (its trends).
3. Times, p95 over ``--n`` calls: one hospital's monthly department ranking (the page as its
   office, the selector, the API), a department's month with its 12-month trend, and the bureau's
   ranking of every unit from their scores (the page as the supervisor, which ranks them all and
   shows the first 100; the API, which returns all of them). Targets: the
   hospital's ranking < 200 ms, the bureau's < 300 ms.
4. In the same run, recomputing one unit-month against a hand-written SQL ``GROUP BY`` over the
   same entries (department × source, counted entries only): the computation alone (the ORM's
   GROUP BY, the scheme applied, ranks) and the whole recompute (with its reads of the scheme,
   the departments and the stored rows, and its writes). Target: ≤ 2 × the hand SQL; the check
   also compares their numbers.

Uses a throwaway PostgreSQL cluster (see bench_survey_submit.py) unless DATABASE_URL is set;
``generate`` and ``measure`` also run on the test database (tests/scoring/test_bench_smoke.py)."""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summarize  # noqa: E402

TARGET_HOSPITAL_MS = 200
TARGET_BUREAU_MS = 300
TARGET_RATIO = 2.0
BATCH = 20_000
# Sources and nominal points as the feeders write them (findings carry their item's points).
SOURCES = [
    ("finding", ["-0.5", "-1", "-2"], 40),
    ("complaint", ["-1"], 15),
    ("survey_alert", ["-1"], 5),
    ("task_period", ["-1"], 15),
    ("manual", ["-1", "-2", "1", "2"], 10),
    ("praise", ["1"], 10),
    ("honour", ["2", "3"], 5),
]

HAND_SQL = """
SELECT e.department_id, e.source,
       SUM(CASE WHEN e.points < 0 THEN 1 ELSE 0 END), SUM(CASE WHEN e.points < 0 THEN e.points ELSE 0 END),
       SUM(CASE WHEN e.points > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN e.points > 0 THEN e.points ELSE 0 END)
FROM scoring_ledgerentry e
LEFT JOIN scoring_ledgerentry r ON r.reverses_id = e.id
WHERE e.unit_id = %s AND e.period = %s AND e.department_id IS NOT NULL
  AND e.reverses_id IS NULL AND r.id IS NULL
GROUP BY e.department_id, e.source
"""


def months_of(last: date, n: int) -> list[date]:
    from chuangwen.scoring.department_scores import months_back

    return months_back(last, n)


def generate(*, units_n: int, departments_n: int, months_n: int, entries_n: int, last_month: date, log=print) -> dict:
    """The world: a county, its bureau and supervisor, ``units_n`` hospitals with departments,
    schemes, an office user of the first, and ``entries_n`` ledger entries over ``months_n``
    months ending with ``last_month``."""
    from django.db import transaction

    from chuangwen.core.roles import Role
    from chuangwen.org.models import Department, Membership, Region, Unit, User
    from chuangwen.scoring.department_scheme import DEFAULT_BONUS_CAP, DEFAULT_RULES
    from chuangwen.scoring.models import Scheme

    t0 = time.perf_counter()
    with transaction.atomic():
        province = Region.objects.add_root({"name": "基准省", "code": "430000", "level": "province"})
        bureau = Unit.objects.create(region=province, name="基准省卫生健康委", code="BSCORE0", kind="authority")
        units = Unit.objects.bulk_create(
            [Unit(region=province, name=f"基准医院{i + 1:04d}", code=f"BS{i + 1:05d}") for i in range(units_n)],
            batch_size=BATCH,
        )
        departments = Department.objects.bulk_create(
            [Department(unit=u, name=f"科室{d + 1:02d}", sort_order=d) for u in units for d in range(departments_n)],
            batch_size=BATCH,
        )
        Scheme.objects.bulk_create(
            [Scheme(unit=u, name="科室月度量化考核", rules=DEFAULT_RULES, bonus_cap=DEFAULT_BONUS_CAP) for u in units],
            batch_size=BATCH,
        )
        office = User.objects.create_user("bench_score_office", password="x" * 12)
        Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=units[0])
        supervisor = User.objects.create_user("bench_score_supervisor", password="x" * 12)
        Membership.objects.create(user=supervisor, role=Role.SUPERVISOR, scope="region", region=province, unit=bureau)
    log(f"  {units_n:,} units, {len(departments):,} departments, schemes: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    written = write_entries(units, departments_n, months_of(last_month, months_n), entries_n, departments)
    elapsed = time.perf_counter() - t0
    log(f"  {written['entries']:,} ledger entries ({written['counter']:,} counter-entries): {elapsed:.1f} s")
    return {"units": units, "office": office, "supervisor": supervisor, "written": written}


def _rows(units, departments_n, months, entries_n, departments):
    """(id, unit, department, period, occurred_on, points, source, reason, reverses) tuples."""
    rng = random.Random(2026)
    weights = [w for _s, _p, w in SOURCES]
    per_unit_month = max(1, entries_n // (len(units) * len(months)))
    by_unit = {}
    for d in departments:
        by_unit.setdefault(d.unit_id, []).append(d.pk)
    next_id, produced = 1, 0
    for u in units:
        depts = by_unit[u.pk]
        for m in months:
            for _i in range(per_unit_month):
                if produced >= entries_n:
                    return
                source, points, _w = rng.choices(SOURCES, weights)[0]
                value = rng.choice(points)
                day = m.replace(day=rng.randint(1, 28))
                entry_id = next_id
                yield (entry_id, u.pk, rng.choice(depts), m, day, value, source, "基准扣加分", None)
                next_id += 1
                produced += 1
                if produced % 100 == 0 and produced < entries_n:
                    yield (next_id, u.pk, None, m, day, str(-Decimal(value)), "correction", "基准冲销", entry_id)
                    next_id += 1
                    produced += 1


def write_entries(units, departments_n, months, entries_n, departments) -> dict:
    from django.db import connection

    from chuangwen.scoring.models import LedgerEntry

    rows = _rows(units, departments_n, months, entries_n, departments)
    counts = {"entries": 0, "counter": 0}
    if connection.vendor == "postgresql":
        _copy(rows, counts)
    else:
        _bulk(rows, counts, LedgerEntry)
    return counts


def _fix_department(rows_batch, last_department):
    # A counter-entry lands where its entry did: same department.
    out = []
    for r in rows_batch:
        if r[8] is not None:
            r = (*r[:2], last_department[r[8]], *r[3:])
        else:
            last_department[r[0]] = r[2]
        out.append(r)
    return out


def _copy(rows, counts) -> None:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().isoformat()
    cols = (
        "id, unit_id, department_id, period, occurred_on, points, source, source_label, reason, reverses_id, created_at"
    )
    last_department: dict[int, int] = {}
    with connection.cursor() as cursor:
        batch = []
        for r in rows:
            batch.append(r)
            if len(batch) >= BATCH:
                _copy_batch(cursor, cols, _fix_department(batch, last_department), now, counts)
                batch = []
        if batch:
            _copy_batch(cursor, cols, _fix_department(batch, last_department), now, counts)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('scoring_ledgerentry', 'id'), MAX(id)) FROM scoring_ledgerentry"
        )
        cursor.execute("ANALYZE scoring_ledgerentry")


def _copy_batch(cursor, cols, batch, now, counts) -> None:
    buf = io.StringIO()
    null = "\\N"
    for i, u, d, period, day, points, source, reason, rev in batch:
        buf.write(f"{i}\t{u}\t{d}\t{period}\t{day}\t{points}\t{source}\t\t{reason}\t{rev or null}\t{now}\n")
        counts["counter" if rev else "entries"] += 1
    raw = cursor.cursor
    with raw.copy(f"COPY scoring_ledgerentry ({cols}) FROM STDIN") as copy:
        copy.write(buf.getvalue())


def _bulk(rows, counts, LedgerEntry) -> None:
    last_department: dict[int, int] = {}
    batch = []

    def flush():
        objs = [
            LedgerEntry(
                id=i, unit_id=u, department_id=d, period=p, occurred_on=day, points=Decimal(points),
                source=source, reason=reason, reverses_id=rev,
            )
            for i, u, d, p, day, points, source, reason, rev in _fix_department(batch, last_department)
        ]  # fmt: skip
        LedgerEntry.objects.bulk_create(objs, batch_size=2000)
        for o in objs:
            counts["counter" if o.reverses_id else "entries"] += 1
        batch.clear()

    for r in rows:
        batch.append(r)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()


def compute(units, last_month: date, months_n: int, log=print) -> dict:
    from chuangwen.scoring.department_scores import scores_recompute

    t0 = time.perf_counter()
    for u in units:
        scores_recompute(unit=u, month=last_month)
    elapsed = time.perf_counter() - t0
    for m in months_of(last_month, months_n)[:-1]:
        scores_recompute(unit=units[0], month=m)
    log(f"  scores of {len(units):,} unit-months: {elapsed:.1f} s ({len(units) / elapsed:.0f} unit-months/s)")
    return {"unit_months": len(units), "seconds": round(elapsed, 1), "unit_months_per_s": round(len(units) / elapsed)}


def timed(fn, n: int) -> dict:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return summarize(samples)


def _get(client, path):
    def call():
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)

    return call


def hand_sql(unit_id: int, month: date) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, [unit_id, month])
        return {(d, s): (int(a), Decimal(b), int(c), Decimal(e)) for d, s, a, b, c, e in cursor.fetchall()}


def orm_compute(unit, month: date) -> list:
    """The computation of a recompute without its storage: the ORM GROUP BY, the scheme, ranks."""
    from chuangwen.scoring.department_scheme import rules_of, score_of
    from chuangwen.scoring.department_scores import month_totals, ranks
    from chuangwen.scoring.models import Scheme

    scheme = Scheme.objects.get(unit_id=unit.pk)
    totals = month_totals(unit_id=unit.pk, month=month)
    rules = rules_of(scheme)
    figures = [score_of(scheme, rules, totals[d]) for d in sorted(totals)]
    return ranks([f["score"] for f in figures])


def measure(data: dict, last_month: date, n: int) -> dict:
    from django.test import override_settings

    # The supervisor signed in with a session, as after the second factor (its pages are timed).
    with override_settings(TWO_FACTOR_ENFORCED=False):
        return _measure(data, last_month, n)


def _measure(data: dict, last_month: date, n: int) -> dict:
    from django.test import Client

    from chuangwen.scoring.department_scores import month_totals, ranking, scores_recompute

    unit = data["units"][0]
    office, supervisor = Client(), Client()
    office.force_login(data["office"])
    supervisor.force_login(data["supervisor"])
    month = f"{last_month:%Y-%m}"
    department = unit.departments.order_by("sort_order").first()
    results = {
        "hospital: ranking page (office)": timed(_get(office, f"/scoring/departments/?month={month}"), n),
        "hospital: ranking selector": timed(
            lambda: list(ranking(user=data["office"], unit_id=unit.pk, month=last_month)), n
        ),
        "hospital: ranking API": timed(
            _get(office, f"/api/scoring/departments/scores?unit={unit.pk}&month={last_month}"), n
        ),
        "hospital: a department's month and 12-month trend": timed(
            _get(office, f"/scoring/departments/{department.pk}/?month={month}"), n
        ),
        "bureau: ranking of every unit (page of 100)": timed(
            _get(supervisor, f"/scoring/departments/units/?month={month}"), n
        ),
        "bureau: ranking of every unit (API)": timed(
            _get(supervisor, f"/api/scoring/units/ranking?month={last_month}"), n
        ),
    }
    # Recompute vs hand SQL, interleaved in the same run.
    sql, group_by, orm, full = [], [], [], []
    for _ in range(3):
        hand_sql(unit.pk, last_month), orm_compute(unit, last_month), scores_recompute(unit=unit, month=last_month)
    for _ in range(n):
        t0 = time.perf_counter()
        hand_sql(unit.pk, last_month)
        t1 = time.perf_counter()
        month_totals(unit_id=unit.pk, month=last_month)
        t2 = time.perf_counter()
        orm_compute(unit, last_month)
        t3 = time.perf_counter()
        scores_recompute(unit=unit, month=last_month)
        t4 = time.perf_counter()
        sql.append(t1 - t0)
        group_by.append(t2 - t1)
        orm.append(t3 - t2)
        full.append(t4 - t3)
    orm_totals = {
        (d, s): v for d, t in month_totals(unit_id=unit.pk, month=last_month).items() for s, v in t.by_source.items()
    }
    same = orm_totals == hand_sql(unit.pk, last_month)
    recompute = {
        "hand_sql": summarize(sql),
        "orm_group_by": summarize(group_by),
        "orm_compute": summarize(orm),
        "recompute_stored": summarize(full),
        "ratio_group_by": round(statistics.median(group_by) / statistics.median(sql), 2),
        "ratio_compute": round(statistics.median(orm) / statistics.median(sql), 2),
        "ratio_recompute": round(statistics.median(full) / statistics.median(sql), 2),
        "same_totals": same,
    }
    return {"timings": results, "recompute_vs_sql": recompute}


def verdict(out: dict) -> bool:
    t = out["timings"]
    hospital = all(v["p95_ms"] < TARGET_HOSPITAL_MS for k, v in t.items() if k.startswith("hospital"))
    bureau = all(v["p95_ms"] < TARGET_BUREAU_MS for k, v in t.items() if k.startswith("bureau"))
    r = out["recompute_vs_sql"]
    return hospital and bureau and r["ratio_recompute"] <= TARGET_RATIO and r["same_totals"]


def main(argv=None) -> int:
    from bench.bench_survey_submit import _exit_on_sigterm, postgres, setup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=30)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    with postgres() as database_url:
        setup(database_url)
        from django.db import connection
        from django.utils import timezone

        last_month = timezone.localdate().replace(day=1)
        data = generate(
            units_n=args.units,
            departments_n=args.departments,
            months_n=args.months,
            entries_n=args.entries,
            last_month=last_month,
        )
        computed = compute(data["units"], last_month, args.months)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out = {
            "benchmark": "department_scores",
            "database": connection.vendor,
            "units": args.units,
            "departments": args.units * args.departments,
            "months": args.months,
            **data["written"],
            "scores_computed": computed,
            **measure(data, last_month, args.n),
            "targets": {
                "hospital_p95_ms": TARGET_HOSPITAL_MS,
                "bureau_p95_ms": TARGET_BUREAU_MS,
                "ratio": TARGET_RATIO,
            },
        }
    out["met"] = verdict(out)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "department_scores.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
