"""Inspection findings at scale, and the bulletin job.

    .venv/bin/python bench/bench_findings.py [--units 2000] [--findings 1000000] [--n 30] [--keep DIR]

1. A province of ``--units`` hospitals (``manage.py gen_scale``, county-structured) with
   ``--findings`` findings spread over them (found January–October 2026, one ``executemany`` per
   batch of raw INSERTs, no history rows). The findings list page (``inspections:finding_list``,
   50 a page) is timed filtered by state, by month and by department, as the province supervisor
   and as one hospital's office, with p50/p95 over ``--n`` requests, beside the bare queryset
   (``visible_to(user).filter(...).select_related(...)[:50]`` plus the capped count). Target p95
   < 200 ms. The query plans (EXPLAIN) of the filtered page queries show the indexes used.
2. One unit-month with 300 findings and 600 photos (640×480 JPEGs and 320×240 thumbnails
   written to the media folder): the bulletin job end to end, from ``bulletin_request`` to the
   stored .docx (the job runs in-process as soon as the request commits). Target < 10 s.

With ``--keep DIR`` the generated database is kept and reused by the next run."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402

TARGET_LIST_P95_MS = 200
TARGET_BULLETIN_S = 10
BULLETIN_FINDINGS, BULLETIN_PHOTOS_EACH = 300, 2
BATCH = 10_000
PERIOD_MONTH = "2026-10"
DESCRIPTIONS = [
    "护士站台面杂物堆放，未做到物品定位摆放",
    "走廊消防通道堆放轮椅、被服车，影响通行",
    "诊室墙面张贴资料过期，未及时更新宣传栏",
    "病房卫生间地面湿滑，未放置防滑警示标识",
    "医务人员未按规定佩戴工作牌",
    "候诊区吸烟劝阻标识缺失",
    "医疗废物暂存点未上锁，交接登记不全",
    "便民服务台轮椅、饮水设施未正常提供",
]
LOCATIONS = ["门诊楼1楼大厅", "门诊楼2楼候诊区", "住院部3楼护士站", "住院部5楼走廊", "医技楼1楼", "后勤楼"]


class FindingInserter:
    """Raw INSERTs of findings with one ``executemany`` per batch (like ``org.scale.PersonInserter``)."""

    FIELDS = [
        "unit", "source_unit", "department", "description", "location", "severity", "points_deducted",
        "found_at", "state", "deadline", "ordered_at", "closed_at", "escalation_level", "version",
    ]  # fmt: skip

    def __init__(self):
        from django.db import connection
        from django.utils import timezone

        from chuangwen.inspections.models import Finding

        meta = Finding._meta
        q = connection.ops.quote_name
        columns = [meta.get_field(f).column for f in self.FIELDS] + ["created_at", "updated_at"]
        self.sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.ops = connection.ops
        now = self.ops.adapt_datetimefield_value(timezone.now())
        self.stamps = (now, now)
        self.connection = connection

    def row(self, unit_id, dept_id, found: datetime.datetime, rng: random.Random, *, source_id=None) -> tuple:
        roll = rng.random()
        state = "closed" if roll < 0.6 else "ordered" if roll < 0.8 else "responded" if roll < 0.9 else "open"
        deadline = (found + datetime.timedelta(days=rng.randint(3, 15))).date() if state != "open" else None
        ordered = found + datetime.timedelta(hours=2) if state != "open" else None
        closed = (
            found + datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8)) if state == "closed" else None
        )
        a_dt, a_d = self.ops.adapt_datetimefield_value, self.ops.adapt_datefield_value
        return (
            unit_id, source_id or unit_id, dept_id, rng.choice(DESCRIPTIONS), rng.choice(LOCATIONS),
            rng.choice(["minor", "general", "general", "serious"]), rng.choice(["0", "0.5", "1", "2", "3"]),
            a_dt(found), state, a_d(deadline), a_dt(ordered), a_dt(closed), 0, 1,
        ) + self.stamps  # fmt: skip

    def __call__(self, rows: list[tuple]) -> int:
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)
        return len(rows)


def generate(units_n: int, findings_n: int, log) -> dict:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from chuangwen.org.models import Department, Unit

    t0 = time.perf_counter()
    call_command("gen_scale", units=units_n, departments=10, staff=2)
    timings = {"gen_scale_s": round(time.perf_counter() - t0, 1)}
    rng = random.Random(2026)
    depts: dict[int, list[int]] = {}
    for unit_id, dept_id in Department.objects.filter(unit__code__startswith="S").values_list("unit_id", "id"):
        depts.setdefault(unit_id, []).append(dept_id)
    unit_ids = sorted(depts)
    bureau_like = Unit.objects.filter(code__startswith="S").order_by("id").values_list("id", flat=True)[:1][0]
    tz = timezone.get_current_timezone()
    start = datetime.datetime(2026, 1, 1, 8, tzinfo=tz)
    span_s = int((datetime.datetime(2026, 10, 31, 18, tzinfo=tz) - start).total_seconds())
    insert = FindingInserter()
    t1 = time.perf_counter()
    with transaction.atomic():
        batch: list[tuple] = []
        done = 0
        for k in range(findings_n):
            unit_id = unit_ids[k % len(unit_ids)]
            found = start + datetime.timedelta(seconds=rng.randrange(span_s))
            source = bureau_like if rng.random() < 0.05 else None
            batch.append(insert.row(unit_id, rng.choice(depts[unit_id]), found, rng, source_id=source))
            if len(batch) >= BATCH:
                done += insert(batch)
                batch = []
                if done % 200_000 == 0:
                    log(f"  findings: {done:,} ({time.perf_counter() - t1:.0f} s)")
        if batch:
            done += insert(batch)
    timings["findings_s"] = round(time.perf_counter() - t1, 1)
    timings["findings_per_s"] = round(findings_n / max(timings["findings_s"], 0.001))
    return timings


def explain(qs) -> list[str]:
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]


def list_benchmarks(n: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from chuangwen.inspections import selectors
    from chuangwen.inspections.filtersets import _month
    from chuangwen.inspections.models import Finding
    from chuangwen.org import scale
    from chuangwen.org.models import Department, User

    province = User.objects.get(username=scale.PROVINCE_USERNAME)
    office = User.objects.get(username=scale.office_username(1))
    unit = office.memberships.get().unit
    dept = Department.objects.filter(unit=unit).order_by("id").first()
    url = reverse("inspections:finding_list")
    clients = {}
    for name, user in (("province", province), ("office", office)):
        clients[name] = Client()
        clients[name].force_login(user)

    def get(client, query):
        r = client.get(f"{url}?{query}")
        assert r.status_code == 200, (query, r.status_code)

    cases = [
        ("province", "state=ordered"),
        ("province", f"state=ordered&period={PERIOD_MONTH}"),
        ("province", f"unit={unit.pk}&department={dept.pk}&state=closed"),
        ("office", "state=ordered"),
        ("office", f"department={dept.pk}&state=closed"),
        ("office", f"period={PERIOD_MONTH}&state=responded"),
    ]
    pages = {}
    for who, query in cases:
        with CaptureQueriesContext(connection) as ctx:
            get(clients[who], query)
        pages[f"{who}: {query}"] = {
            "queries": len(ctx.captured_queries),
            **time_calls(lambda c=clients[who], q=query: get(c, q), n),
        }

    # The bare queryset the page runs: rows of one page and the capped count.
    first, after = _month(PERIOD_MONTH)
    bounds = {"found_at__gte": first, "found_at__lt": after}
    querysets = {
        "province: state=ordered": (province, {"state": "ordered"}),
        f"province: state=ordered, month {PERIOD_MONTH}": (province, {"state": "ordered", **bounds}),
        "office: department + state=closed": (office, {"department": dept, "state": "closed", "unit": unit}),
    }
    bare, plans = {}, {}
    for name, (user, filters) in querysets.items():
        qs = selectors.finding_rows(Finding.objects.visible_to(user).filter(archived_at__isnull=True, **filters))

        def run(qs=qs):
            list(qs[:50])
            qs[: selectors.CappedPaginator.cap + 1].count()

        bare[name] = time_calls(run, n)
        plans[name] = explain(qs[:50])
    return {"pages": pages, "querysets": bare, "plans": plans}


def stats_benchmarks(n: int) -> dict:
    """The figures the progress pages show (``inspections.stats``): a unit's year, the bureau's
    units of one page over the year, and the whole province for one month."""
    from chuangwen.inspections import stats
    from chuangwen.org import scale
    from chuangwen.org.models import Unit, User

    province = User.objects.get(username=scale.PROVINCE_USERNAME)
    office = User.objects.get(username=scale.office_username(1))
    unit = office.memberships.get().unit
    year = stats.Period(datetime.date(2026, 1, 1), datetime.date(2026, 10, 31))
    october = stats.Period.month(2026, 10)
    page_units = list(Unit.objects.filter(code__startswith="S").order_by("name").values_list("id", flat=True)[:50])
    today = datetime.date(2026, 11, 3)
    cases = {
        "office panel, Jan-Oct (2 queries)": lambda: stats.panel_context(
            user=office, unit=unit, period=year, today=today
        ),
        "bureau table, 50 units, Jan-Oct": lambda: stats.by_unit(
            stats.period_findings(period=year, user=province).filter(unit_id__in=page_units), today=today
        ),
        "province by unit, all units, October": lambda: stats.by_unit(
            stats.period_findings(period=october, user=province), today=today
        ),
    }
    return {name: time_calls(fn, max(5, n // 3), warmup=1) for name, fn in cases.items()}


def jpeg(size, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle([x, y, x + size[0] // 4, y + size[1] // 4], fill=(rng.randrange(256), 90, 60))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def bulletin_benchmark() -> dict:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from chuangwen.inspections import bulletins, stats
    from chuangwen.inspections.models import Bulletin, Finding, FindingPhoto
    from chuangwen.org import scale
    from chuangwen.org.models import Department, User

    office = User.objects.get(username=scale.office_username(2))
    unit = office.memberships.get().unit
    depts = list(Department.objects.filter(unit=unit).values_list("id", flat=True))
    rng = random.Random(7)
    tz = timezone.get_current_timezone()
    media = Path(settings.MEDIA_ROOT) / "bench-findings" / str(unit.pk)
    media.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    insert = FindingInserter()
    with transaction.atomic():
        if not Finding.objects.filter(unit=unit, found_at__gte=datetime.datetime(2026, 11, 1, tzinfo=tz)).exists():
            rows = [
                insert.row(unit.pk, depts[k % len(depts)], datetime.datetime(2026, 11, 1 + k % 28, 9, tzinfo=tz), rng)
                for k in range(BULLETIN_FINDINGS)
            ]
            insert(rows)
            month = Finding.objects.filter(unit=unit, found_at__gte=datetime.datetime(2026, 11, 1, tzinfo=tz))
            photos = []
            for f in month.only("id", "department_id"):
                for j in range(BULLETIN_PHOTOS_EACH):
                    name = f"bench-findings/{unit.pk}/{f.pk}-{j}"
                    big, small = jpeg((640, 480), rng), jpeg((320, 240), rng)
                    (media / f"{f.pk}-{j}.jpg").write_bytes(big)
                    (media / f"{f.pk}-{j}-thumb.jpg").write_bytes(small)
                    photos.append(
                        FindingPhoto(
                            finding_id=f.pk,
                            unit=unit,
                            department_id=f.department_id,
                            stage="found" if j == 0 else "response",
                            file=f"{name}.jpg",
                            thumbnail=f"{name}-thumb.jpg",
                            original_name=f"IMG_{f.pk}_{j}.jpg",
                            content_type="image/jpeg",
                            size=len(big),
                            sha256="0" * 64,
                        )  # fmt: skip
                    )
            FindingPhoto.objects.bulk_create(photos, batch_size=1000)
    prepared_s = round(time.perf_counter() - t0, 1)
    period = stats.Period.month(2026, 11)
    findings = stats.period_findings(period=period, unit=unit)
    t1 = time.perf_counter()
    with transaction.atomic():
        b = bulletins.bulletin_request(
            user=office, unit=unit, period_start=period.start, period_end=period.end, today=datetime.date(2026, 11, 30)
        )
    elapsed = time.perf_counter() - t1  # the immediate backend ran the job when the request committed
    b.refresh_from_db()
    assert b.status == Bulletin.Status.DONE, b.error
    return {
        "findings": findings.count(),
        "photos": FindingPhoto.objects.filter(finding__in=findings).count(),
        "photos_in_document": b.numbers["photos"],
        "prepared_in_s": prepared_s,
        "job_end_to_end_s": round(elapsed, 2),
        "docx_bytes": b.file.size,
        "status": b.status,
        "progress": b.progress,
        "target_s": TARGET_BULLETIN_S,
        "ok": elapsed < TARGET_BULLETIN_S,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument("--n", type=int, default=30, help="requests per measurement")
    parser.add_argument("--keep", default=None, help="data directory to reuse (generated data is kept there)")
    args = parser.parse_args(argv)

    # The bulletin job runs in this process as soon as its request commits.
    os.environ.setdefault("CHUANGWEN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    setup_django(args.keep)  # media go to the data directory too
    from django.db import connection

    from chuangwen.inspections.models import Finding
    from chuangwen.org.models import Region

    generated = {}
    if not Region.objects.filter(code="990000").exists():
        generated = generate(args.units, args.findings, print)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    results = {
        "generated": generated,
        "findings_total": Finding.objects.count(),
        "list": list_benchmarks(args.n),
        "stats": stats_benchmarks(args.n),
        "bulletin": bulletin_benchmark(),
        "target_list_p95_ms": TARGET_LIST_P95_MS,
    }
    worst = max(v["p95_ms"] for v in results["list"]["pages"].values())
    results["list"]["worst_page_p95_ms"] = worst
    results["list"]["ok"] = worst < TARGET_LIST_P95_MS
    report("findings", results)
    return 0 if results["list"]["ok"] and results["bulletin"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
