"""List pages at scale: staff, departments and units as a hospital office and as county, city
and province supervisors, over generated data (default 2,000 units × 10 departments × 100 staff).

    .venv/bin/python bench/bench_list_pages.py [--units 2000 --departments 10 --staff 100] [--n 50]

Reports p50/p95/max per page, the number of SQL queries a page makes and its slowest query;
target p95 < 150 ms (--strict: exit 1 when a page misses it). --keep DIR reuses the database
generated in DIR by an earlier run."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402

TARGET_P95_MS = 150


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=10)
    parser.add_argument("--staff", type=int, default=100)
    parser.add_argument("--counties", type=int, default=None)
    parser.add_argument("--n", type=int, default=50, help="requests per page")
    parser.add_argument("--keep", default=None, help="data directory to reuse (generated data is kept there)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses the target")
    args = parser.parse_args(argv)

    data_dir = setup_django(args.keep)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chuangwen.org import scale
    from chuangwen.org.models import Person, Region, User

    t0 = time.perf_counter()
    if not Region.objects.filter(code="990000").exists():
        call_command(
            "gen_scale",
            units=args.units,
            departments=args.departments,
            staff=args.staff,
            counties=args.counties,
        )
    gen_s = round(time.perf_counter() - t0, 1)
    call_command("migrate", verbosity=0)  # no-op; keeps the connection warm
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "sqlite" else None

    def client_for(username: str) -> Client:
        c = Client()
        c.force_login(User.objects.get(username=username))
        return c

    office = client_for(scale.office_username(1))
    county = client_for(scale.county_username(1))
    city = client_for(scale.city_username(1))
    province = client_for(scale.PROVINCE_USERNAME)
    office_unit = User.objects.get(username=scale.office_username(1)).memberships.get().unit
    name = Person.objects.filter(unit=office_unit).order_by("id").values_list("name", flat=True)[37]

    last_page = max(1, -(-Person.objects.filter(unit=office_unit).count() // 50))
    pages = [
        ("office: staff list", office, "/org/staff/"),
        ("office: staff list, name filter", office, f"/org/staff/?q={name}"),
        (f"office: staff list, last page ({last_page})", office, f"/org/staff/?page={last_page}"),
        ("office: department list", office, "/org/departments/"),
        ("county supervisor: staff list", county, "/org/staff/"),
        ("county supervisor: staff list, name filter", county, f"/org/staff/?q={name}"),
        ("county supervisor: staff list, page 3", county, "/org/staff/?page=3"),
        ("county supervisor: unit list", county, "/org/units/"),
        ("city supervisor: staff list", city, "/org/staff/"),
        ("city supervisor: unit list", city, "/org/units/"),
        ("province supervisor: staff list", province, "/org/staff/"),
        ("province supervisor: staff list, page 100", province, "/org/staff/?page=100"),
        ("province supervisor: staff list, name filter", province, f"/org/staff/?q={name}"),
        ("province supervisor: unit list", province, "/org/units/"),
        ("province supervisor: department list", province, "/org/departments/"),
        ("province supervisor: home", province, "/"),
    ]
    results = {}
    for label, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = ctx.captured_queries
        slowest = max(queries, key=lambda q: float(q["time"])) if queries else None
        timing = time_calls(lambda c=client, u=url: c.get(u), args.n)
        results[label] = {
            "url": url,
            **timing,
            "queries": len(queries),
            "slowest_query_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0,
            "slowest_query": slowest["sql"][:300] if slowest else "",
            "meets_target": timing["p95_ms"] < TARGET_P95_MS,
        }
        mark = "ok " if timing["p95_ms"] < TARGET_P95_MS else "SLOW"
        print(
            f"{mark} {label:48} p50 {timing['p50_ms']:7.1f}  p95 {timing['p95_ms']:7.1f} ms  {len(queries):2d} queries"
        )

    report(
        "list_pages",
        {
            "size": {
                "units": args.units,
                "departments_per_unit": args.departments,
                "staff_per_unit": args.staff,
                "people": Person.objects.count(),
            },
            "generate_s": gen_s,
            "data_dir": data_dir,
            "target_p95_ms": TARGET_P95_MS,
            "pages": results,
        },
    )
    missed = [label for label, r in results.items() if not r["meets_target"]]
    if missed:
        print(f"{len(missed)} page(s) miss p95 < {TARGET_P95_MS} ms: {'; '.join(missed)}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
