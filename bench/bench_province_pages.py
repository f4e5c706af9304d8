"""Every main page at demo scale and at province scale, on the same PostgreSQL (issue 18).

    export DATABASE_URL=postgres://postgres@127.0.0.1:55471/province
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/bench_province_pages.py --phase demo        # the demo alone
    .venv/bin/python bench/province.py --scale 1                        # add the province
    .venv/bin/python bench/bench_province_pages.py --phase province    # the same pages again

Each phase signs in as each role of the demo (创建办 chuangban, 科主任 neike, 督查员 duchayuan,
职工 zhigong, 书记 shuji, 县卫健局 weijianju) and as the province commission's supervisor
(shengweijianwei, made by ``province.ensure_commission`` in both phases), requests every page
once (it must answer 200), counts its SQL queries on a second request, then times ``--n``
requests through Django's test client (p50, p95). ``--phase demo`` writes
bench/results/province_pages_demo.json; ``--phase province`` writes province_pages_province.json
and, beside it, province_pages.json comparing the two: a page passes when its p95 at province
scale is at most 2 × its p95 at demo scale and it makes the same number of queries."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, time_calls  # noqa: E402

TARGET_RATIO = 2.0
COUNTY_TOKEN = "kiosk_province_bench_county"
PROVINCE_TOKEN = "kiosk_province_bench_province"


def ensure_kiosks() -> None:
    """Big-screen links for the demo county and for the whole province (idempotent)."""
    from datetime import timedelta

    from django.utils import timezone

    from chuangwen.org.models import Region
    from chuangwen.screens.models import KioskLink
    from chuangwen.screens.selectors import hash_token

    for token, code in ((COUNTY_TOKEN, "431021"), (PROVINCE_TOKEN, "430000")):
        KioskLink.objects.get_or_create(
            token_hash=hash_token(token),
            defaults={
                "region": Region.objects.get(code=code), "label": "大屏（基准）", "prefix": token[6:14],
                "expires_at": timezone.now() + timedelta(days=3650),
            },
        )  # fmt: skip


def pages() -> list[tuple[str, str, str]]:
    """(label, username, path) of every page measured."""
    from bench.province import COMMISSION_USERNAME as PROV

    office = [
        ("home", "/"), ("progress", "/dashboard/progress/"), ("readiness", "/readiness/"),
        ("task list (责任分解)", "/campaigns/tasks/"), ("evidence list", "/evidence/"),
        ("evidence review queue", "/evidence/review/"), ("findings list", "/inspections/findings/"),
        ("rectification list", "/inspections/findings/?state=ordered"),
        ("complaint list", "/feedback/complaints/"), ("satisfaction index", "/surveys/index/"),
        ("survey responses", "/surveys/responses/"), ("department scores (量化考核)", "/scoring/departments/"),
        ("scoring ledger", "/scoring/departments/ledger/"), ("ethics", "/ethics/"), ("staff list", "/org/staff/"),
    ]  # fmt: skip
    bureau = [
        ("home", "/"), ("bureau progress", "/dashboard/bureau/"), ("bureau ranking", "/ranking/"),
        ("findings list", "/inspections/findings/"), ("complaint list", "/feedback/complaints/"),
        ("evidence list", "/evidence/"), ("satisfaction index", "/surveys/index/"),
        ("unit scores", "/scoring/departments/units/"), ("ethics distribution", "/ethics/bureau/"),
        ("unit list", "/org/units/"), ("staff list", "/org/staff/"),
    ]  # fmt: skip
    api = [
        ("API evidence records", "/api/evidence/records"), ("API complaints", "/api/feedback/complaints"),
        ("API tasks", "/api/campaigns/tasks"), ("API survey responses", "/api/surveys/responses"),
        ("API scoring ledger", "/api/scoring/ledger"),
    ]  # fmt: skip
    rows = [(f"office: {label}", "chuangban", path) for label, path in office + api]
    rows += [
        ("dept head: home", "neike", "/"), ("dept head: my tasks", "neike", "/campaigns/my-tasks/"),
        ("dept head: findings list", "neike", "/inspections/findings/"),
        ("inspector: home", "duchayuan", "/"), ("inspector: findings list", "duchayuan", "/inspections/findings/"),
        ("staff: home", "zhigong", "/"), ("staff: my tasks", "zhigong", "/campaigns/my-tasks/"),
        ("party secretary: home", "shuji", "/"),
    ]  # fmt: skip
    rows += [(f"county bureau: {label}", "weijianju", path) for label, path in bureau]
    rows += [("county bureau: API ranking", "weijianju", "/api/ranking/units")]
    rows += [(f"province commission: {label}", PROV, path) for label, path in bureau]
    rows += [("province commission: API ranking", PROV, "/api/ranking/units")]
    rows += [(f"province commission: {label}", PROV, path) for label, path in api]
    rows += [
        ("big screen data: county", "", f"/screens/k/{COUNTY_TOKEN}/data/"),
        ("big screen data: province", "", f"/screens/k/{PROVINCE_TOKEN}/data/"),
    ]
    return rows


def _client(username: str):
    """A test client signed in as ``username`` (anonymous for ""), its second factor done."""
    from django.test import Client

    from chuangwen.org import two_factor
    from chuangwen.org.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
        session = client.session
        session[two_factor.SESSION_KEY] = two_factor.DONE
        session.save()
    return client


def measure(n: int, only: str | None = None, log=print) -> dict:
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    clients: dict = {}
    results = {}
    for label, username, path in pages():
        if only and only not in label:
            continue
        if username not in clients:
            clients[username] = _client(username)
        client = clients[username]
        first = client.get(path)
        if first.status_code == 302 and first["Location"].startswith("/") and "login" not in first["Location"]:
            path = first["Location"]  # a menu entry that opens the newest campaign's page
            first = client.get(path)
        status = first.status_code
        request_started.disconnect(reset_queries)  # the client's request would empty the capture
        try:
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
        finally:
            request_started.connect(reset_queries)
        queries = ctx.captured_queries  # read now: the next requests empty the log
        timing = time_calls(lambda c=client, p=path: c.get(p), n, warmup=1)
        slowest = max(queries, key=lambda q: float(q["time"]), default=None)
        results[label] = {
                "path": path, "user": username, "status": status, **timing, "queries": len(queries),
                "slowest_query_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0,
                "slowest_query": slowest["sql"][:400] if slowest else "",
            }  # fmt: skip
        log(f"  {label:52} {status} p50 {timing['p50_ms']:8.1f}  p95 {timing['p95_ms']:8.1f} ms  "
                f"{len(queries):3d} queries")  # fmt: skip
    return results


def volumes() -> dict:
    from chuangwen.evidence.models import Evidence
    from chuangwen.feedback.models import Complaint
    from chuangwen.inspections.models import Finding
    from chuangwen.org.models import Person, Unit
    from chuangwen.surveys.models import Answer, Response

    models = {"units": Unit, "staff": Person, "evidence": Evidence, "findings": Finding, "complaints": Complaint,
              "responses": Response, "answers": Answer}  # fmt: skip
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:  # the planner's estimate: an exact count of 80M rows takes minutes
        for key, model in models.items():
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table])
            out[key] = int(cursor.fetchone()[0])
    return out


def compare(demo: dict, province: dict) -> dict:
    rows = {}
    for label, p in province["pages"].items():
        d = demo["pages"].get(label)
        if not d:
            continue
        ratio = round(p["p95_ms"] / d["p95_ms"], 2) if d["p95_ms"] else None
        ok = p["status"] == d["status"] == 200 and ratio is not None and ratio <= TARGET_RATIO
        ok = ok and p["queries"] == d["queries"]
        rows[label] = {
            "path": p["path"], "demo_p95_ms": d["p95_ms"], "province_p95_ms": p["p95_ms"], "ratio": ratio,
            "demo_queries": d["queries"], "province_queries": p["queries"], "pass": ok,
        }  # fmt: skip
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=["demo", "province"])
    parser.add_argument("--n", type=int, default=30, help="requests per page")
    parser.add_argument("--only", default=None, help="measure only pages whose label contains this")
    args = parser.parse_args(argv)
    if not args.phase:  # make bench runs every script without arguments: this one needs its two phases
        print("bench_province_pages: run it in two phases around bench/province.py (see its docstring); skipped")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.db import connection

    from bench.province import ensure_commission

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to the PostgreSQL database holding the demo (and the province)")
    ensure_commission()
    ensure_kiosks()
    print(f"phase {args.phase}: {volumes()}")
    result = {"phase": args.phase, "n": args.n, "volumes": volumes(), "pages": measure(args.n, args.only)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"province_pages_{args.phase}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    demo_file = RESULTS / "province_pages_demo.json"
    if args.phase == "province" and demo_file.exists():
        demo = json.loads(demo_file.read_text())
        rows = compare(demo, result)
        summary = {"benchmark": "province_pages", "target": "p95 ≤ 2 × demo p95, same query count",
                   "demo_volumes": demo["volumes"], "province_volumes": result["volumes"], "pages": rows}  # fmt: skip
        (RESULTS / "province_pages.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
        print(f"\n{'page':54} {'demo p95':>9} {'prov p95':>9} {'ratio':>6} {'queries':>9}")
        for label, r in rows.items():
            print(
                f"{label:54} {r['demo_p95_ms']:9.1f} {r['province_p95_ms']:9.1f} {r['ratio'] or 0:6.2f} "
                f"{r['demo_queries']:4d}/{r['province_queries']:<4d} {'PASS' if r['pass'] else 'FAIL'}"
            )
        failed = [label for label, r in rows.items() if not r["pass"]]
        print(f"{len(rows) - len(failed)}/{len(rows)} pages pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
