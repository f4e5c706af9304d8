"""The bureau's ranking over 2,000 units, on PostgreSQL: the ranking page, its API, the bureau's
home panel, read from a year of snapshots.

    .venv/bin/python bench/bench_bureau_ranking.py [--units 2000] [--months 12] [--n 30]

1. Generates a province of ``--units`` hospitals with the org scale generator (``org.scale``),
   then ``--months`` months of ranking snapshots per unit (``bulk_create``; figures drawn at
   random, as the nightly job would have stored them).
2. Refreshes the current month of a sample of units with the real job (``snapshots_refresh``:
   every figure from the units' own selectors) and reports its cost per unit.
3. Times, p95 over ``--n`` calls as the province's supervisor (who sees every unit): the ranking
   page (50 rows of all units, ranked by the database, with their 12-month sparklines), the same
   page sorted by another column, the API's first page, the home panel (selector and template)
   and the home page. Target: p95 < 300 ms, and the same number of queries as with a handful
   of units (counted on each call).

Uses a throwaway PostgreSQL cluster (see bench_survey_submit.py) unless DATABASE_URL is set;
``generate`` and ``measure`` also run on the test database (tests/ranking/test_bench_smoke.py)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summarize  # noqa: E402

TARGET_MS = 300
BATCH = 5000
SAMPLE = 20


def generate(*, units_n: int, months_n: int, log=print) -> dict:
    """The province (``org.scale``, two departments per unit, no staff) and its snapshots."""
    from django.db import transaction
    from django.utils import timezone

    from chuangwen.core.months import months_back
    from chuangwen.org import scale
    from chuangwen.org.models import Unit, User
    from chuangwen.ranking.models import UnitSnapshot

    t0 = time.perf_counter()
    scale.generate(units=units_n, departments=2, staff=0, office_users=1, password="x" * 12)
    log(f"  {units_n:,} units (org scale generator): {time.perf_counter() - t0:.1f} s")
    units = list(Unit.objects.filter(code__startswith="S", kind=Unit.Kind.HOSPITAL).order_by("pk"))
    rng = random.Random(2026)
    months = months_back(timezone.localdate().replace(day=1), months_n)
    now = timezone.now()
    t0 = time.perf_counter()
    rows = []
    with transaction.atomic():
        for u in units:
            base = rng.uniform(40, 90)
            for i, m in enumerate(months):
                rows.append(_snapshot(rng, u, m, now - timedelta(days=30 * (months_n - 1 - i)), base, i, months_n))
                if len(rows) >= BATCH:
                    UnitSnapshot.objects.bulk_create(rows)
                    rows = []
        UnitSnapshot.objects.bulk_create(rows)
    log(f"  {len(units) * months_n:,} snapshots: {time.perf_counter() - t0:.1f} s")
    supervisor = User.objects.get(username=scale.PROVINCE_USERNAME)
    return {"units": units, "supervisor": supervisor, "months": months}


def _snapshot(rng, unit, month, at, base, i, months_n):
    from chuangwen.ranking.models import UnitSnapshot

    score = Decimal(str(round(min(100.0, base * (0.6 + 0.4 * (i + 1) / months_n)), 1)))
    return UnitSnapshot(
        unit=unit,
        month=month,
        computed_at=at,
        target_level=rng.choice(["county", "city", "province"]),
        score_percent=score,
        projected_percent=min(Decimal(100), score + Decimal(10)),
        pass_percent=Decimal("80.0"),
        reached=score >= 80,
        title_vetoes=1 if rng.random() < 0.01 else 0,
        tasks_overdue=rng.randint(0, 12),
        findings_total=rng.randint(5, 60),
        findings_open=rng.randint(0, 15),
        findings_overdue=rng.randint(0, 5),
        rectification_rate=Decimal(str(round(rng.uniform(50, 100), 1))),
        satisfaction_index=Decimal(str(round(rng.uniform(70, 98), 1))) if rng.random() > 0.05 else None,
        complaints_overdue=rng.randint(0, 3),
        ethics_vetoes=rng.randint(0, 1),
        volunteer_hours=Decimal(str(round(rng.uniform(0, 30), 1))),
    )


def refresh_sample(data: dict, k: int = SAMPLE) -> dict:
    """The real refresh job over ``k`` units: its cost per unit (ms)."""
    from chuangwen.ranking.services import snapshots_refresh

    sample = data["units"][:k]
    t0 = time.perf_counter()
    snapshots_refresh(units=sample)
    elapsed = time.perf_counter() - t0
    return {"units": len(sample), "seconds": round(elapsed, 2), "ms_per_unit": round(elapsed * 1000 / len(sample), 1)}


def _timed(fn, n: int) -> tuple[dict, list[int]]:
    """p50/p95 of ``fn`` over ``n`` calls (after 3 warm-up calls), and the queries of each call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        fn()
    samples, queries = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        queries.append(len(ctx.captured_queries))
    return summarize(samples), sorted(set(queries))


def measure(data: dict, n: int) -> dict:
    from django.test import override_settings

    # The supervisor signed in with a session, as after the second factor (its pages are timed).
    with override_settings(TWO_FACTOR_ENFORCED=False):
        return _measure(data, n)


def _measure(data: dict, n: int) -> dict:
    from django.template.loader import render_to_string
    from django.test import Client

    from chuangwen.ranking.selectors import home_panel

    user = data["supervisor"]
    client = Client()
    client.force_login(user)

    def get(path):
        def call():
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)

        return call

    def panel():
        user.__dict__.pop("_scope_memberships", None)
        p = home_panel(user)
        assert p and p["top"], p
        render_to_string("ranking/home_panel.html", {"ranking_panel": p})

    calls = {
        "bureau: ranking page (first 50 of all units, sparklines)": get("/ranking/"),
        "bureau: ranking page sorted by satisfaction": get("/ranking/?sort=-satisfaction"),
        "bureau: ranking API (first page)": get("/api/ranking/units"),
        "bureau: home panel (selector and template)": panel,
        "bureau: home page": get("/"),
    }
    timings, queries = {}, {}
    for name, fn in calls.items():
        timings[name], queries[name] = _timed(fn, n)
    return {"timings": timings, "queries": queries}


def verdict(out: dict) -> bool:
    fixed = all(len(q) == 1 for q in out["queries"].values())
    return fixed and all(v["p95_ms"] < TARGET_MS for v in out["timings"].values())


def main(argv=None) -> int:
    from bench.bench_survey_submit import _exit_on_sigterm, postgres, setup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    with postgres() as database_url:
        setup(database_url)
        from django.db import connection

        data = generate(units_n=args.units, months_n=args.months)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out = {
            "benchmark": "bureau_ranking",
            "database": connection.vendor,
            "units": len(data["units"]),
            "snapshots": len(data["units"]) * args.months,
            "refresh_sample": refresh_sample(data),
            **measure(data, args.n),
            "target_p95_ms": TARGET_MS,
        }
    out["met"] = verdict(out)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "bureau_ranking.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
