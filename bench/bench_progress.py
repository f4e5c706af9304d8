"""Campaign progress at scale.

    .venv/bin/python bench/bench_progress.py [--units 2000] [--n 30] [--keep DIR]

1. Campaign overview of one unit with 500 tasks (20 departments), 5,000 evidence records and a
   120-item standard: the progress page as the unit's campaign office, query count and p50/p95
   over ``--n`` requests. Target p95 < 200 ms, query count independent of the data.
2. The bureau's progress table over 2,000 hospitals (each with an active campaign, 120
   ItemCompliance rows, 240 ItemScore rows (self and bureau) and ~50 tasks: 240,000 + 480,000 +
   100,000 rows): the table computation and the
   page (all rows on one page, and the default first page) as the province supervisor. Target < 1 s.

Data are generated with ``manage.py gen_scale`` (org) and ``bulk_create`` (the rest); with
``--keep DIR`` they are kept and reused by the next run."""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402

TARGET_OVERVIEW_P95_MS = 200
TARGET_BUREAU_MS = 1000
ASPECTS, INDICATORS, ITEMS = 7, 33, 120
BIG_TASKS, BIG_EVIDENCE, TASKS_PER_UNIT, EVIDENCE_PER_UNIT = 500, 5000, 50, 5
BATCH = 5000
TODAY = datetime.date(2026, 6, 15)


def build_standard(owner):
    from chuangwen.standards.models import Aspect, Indicator, Item, Standard

    std = Standard.objects.create(name="文明单位测评体系（基准测试）", owner_unit=owner, status="published")
    aspects = Aspect.objects.bulk_create(
        [Aspect(standard=std, code=str(a + 1), title=f"测评方面{a + 1}", order=a) for a in range(ASPECTS)]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                aspect=aspects[i % ASPECTS], code=f"{i % ASPECTS + 1}.{i // ASPECTS + 1}", title=f"指标{i}", order=i
            )
            for i in range(INDICATORS)
        ]
    )
    items = Item.objects.bulk_create(
        [
            Item(
                standard=std,
                aspect=indicators[k % INDICATORS].aspect,
                indicator=indicators[k % INDICATORS],
                code=f"{indicators[k % INDICATORS].code}.{k // INDICATORS + 1}",
                title=f"测评项目{k + 1}：建立健全工作制度，台账资料齐全",
                points=Decimal(random.Random(k).choice([1, 2, 3, 5])),
                methods=["documents"],
                order=k,
            )
            for k in range(ITEMS)
        ]
    )
    return std, items


def generate(units_n: int, log) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from chuangwen.campaigns.models import Campaign, Phase, Task
    from chuangwen.evidence.models import Evidence, ItemCompliance
    from chuangwen.org import scale
    from chuangwen.org.models import Department, Unit, User
    from chuangwen.scoring.models import ItemScore

    rng = random.Random(2026)
    call_command("gen_scale", units=units_n, departments=20, staff=5, counties=None)
    big_unit = User.objects.get(username=scale.office_username(1)).memberships.get().unit
    with transaction.atomic():
        t0 = time.perf_counter()
        std, items = build_standard(big_unit)
        units = list(Unit.objects.filter(code__startswith="S").order_by("id"))
        campaigns = Campaign.objects.bulk_create(
            [
                Campaign(
                    unit=u,
                    name="2026年创建市级文明单位",
                    year=2026,
                    target_level="city",
                    standard=std,
                    status="active",
                    starts_on=datetime.date(2026, 2, 1),
                    ends_on=datetime.date(2026, 11, 30),
                )
                for u in units
            ],
            batch_size=BATCH,
        )
        big = next(c for c in campaigns if c.unit_id == big_unit.pk)
        for order, (kind, name, s, e) in enumerate(
            [
                ("mobilise", "宣传发动", (2, 1), (4, 30)),
                ("implement", "全面创建", (5, 1), (7, 31)),
                ("review", "查漏补缺·迎检", (8, 1), (9, 30)),
            ]
        ):
            Phase.objects.create(
                campaign=big, kind=kind, name=name, order=order,
                starts_on=datetime.date(2026, *s), ends_on=datetime.date(2026, *e),
            )  # fmt: skip
        log(f"  standard, campaigns: {time.perf_counter() - t0:.1f} s")

        states = ["met"] * 5 + ["partial"] * 3 + ["unmet"] * 2
        batch, scores = [], []
        for c in campaigns:
            for item in items:
                state = rng.choice(states)
                reasons = [] if state == "met" else ["至少2张照片"]
                batch.append(
                    ItemCompliance(campaign=c, unit_id=c.unit_id, item=item, status=state, unmet_reasons=reasons)
                )
                # The materialised item scores (self and bureau) the pages read, as the refresh writes them.
                earned = item.points if state == "met" else Decimal(0)
                line = [{"points": str(earned), "text": "台账达标" if earned else "台账尚未达标", "url": ""}]
                scores += [
                    ItemScore(campaign=c, unit_id=c.unit_id, item=item, view=view, method="all_or_nothing",
                              points=item.points, due=item.points, score=earned, lines=line, computed_on=TODAY)
                    for view in ("self", "bureau")
                ]  # fmt: skip
            if len(batch) >= BATCH:
                ItemCompliance.objects.bulk_create(batch, batch_size=BATCH)
                ItemScore.objects.bulk_create(scores, batch_size=BATCH)
                batch, scores = [], []
        ItemCompliance.objects.bulk_create(batch, batch_size=BATCH)
        ItemScore.objects.bulk_create(scores, batch_size=BATCH)
        log(f"  item compliance ({len(campaigns) * ITEMS}): {time.perf_counter() - t0:.1f} s")

        departments: dict[int, list[int]] = {}
        for unit_id, dept_id in Department.objects.filter(unit__code__startswith="S").values_list("unit_id", "id"):
            departments.setdefault(unit_id, []).append(dept_id)
        statuses = ["pending", "in_progress", "submitted", "accepted", "accepted", "returned"]
        tasks: list[Task] = []
        for c in campaigns:
            n = BIG_TASKS if c is big else TASKS_PER_UNIT
            depts = departments[c.unit_id]
            for k in range(n):
                tasks.append(
                    Task(
                        campaign=c,
                        unit_id=c.unit_id,
                        department_id=depts[k % len(depts)],
                        title=f"责任任务{k + 1}",
                        deadline=datetime.date(2026, 3, 1) + datetime.timedelta(days=rng.randint(0, 240)),
                        status=rng.choice(statuses),
                    )
                )
        for i in range(0, len(tasks), BATCH):
            Task.objects.bulk_create(tasks[i : i + BATCH])
        big_tasks = [t for t in tasks if t.campaign_id == big.pk]
        Through = Task.items.through
        Through.objects.bulk_create(
            [Through(task=t, item=items[(k * 7 + j) % ITEMS]) for k, t in enumerate(big_tasks) for j in range(2)],
            batch_size=BATCH,
        )
        log(f"  tasks ({len(tasks)}): {time.perf_counter() - t0:.1f} s")

        first_task = {}
        for t in tasks:
            first_task.setdefault(t.campaign_id, t)
        evidence = []
        for c in campaigns:
            pool = big_tasks if c is big else [first_task[c.pk]]
            for k in range(BIG_EVIDENCE if c is big else EVIDENCE_PER_UNIT):
                t = pool[k % len(pool)]
                evidence.append(
                    Evidence(
                        campaign=c,
                        unit_id=c.unit_id,
                        department_id=t.department_id,
                        task=t,
                        item=items[k % ITEMS],
                        title="政治学习记录",
                        occurred_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=rng.randint(0, 130)),
                        status=rng.choice(["draft", "submitted", "accepted", "accepted"]),
                    )
                )
        for i in range(0, len(evidence), BATCH):
            Evidence.objects.bulk_create(evidence[i : i + BATCH])
        log(f"  evidence ({len(evidence)}): {time.perf_counter() - t0:.1f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--n", type=int, default=30, help="requests per measurement")
    parser.add_argument("--keep", default=None, help="data directory to reuse (generated data is kept there)")
    args = parser.parse_args(argv)

    setup_django(args.keep)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from chuangwen.campaigns.models import Campaign
    from chuangwen.dashboard import progress
    from chuangwen.org import scale
    from chuangwen.org.models import Region, User

    t0 = time.perf_counter()
    if not Region.objects.filter(code="990000").exists():
        generate(args.units, print)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    gen_s = round(time.perf_counter() - t0, 1)
    progress.local_today = lambda: TODAY  # the data's deadlines are spread around this day

    office_user = User.objects.get(username=scale.office_username(1))
    province_user = User.objects.get(username=scale.PROVINCE_USERNAME)
    campaign = Campaign.objects.get(unit=office_user.memberships.get().unit)
    # The bureau's user signed in with a session, as after its second factor (the pages are
    # timed, not the sign-in): without this its pages answer 302 to the enrolment page. Set
    # before logging in, which is when the session's second-factor state is decided.
    from django.conf import settings

    settings.TWO_FACTOR_ENFORCED = False
    office, province = Client(), Client()
    office.force_login(office_user)
    province.force_login(province_user)

    def get(client, path):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.get("Location"))
        return r

    def queries(client, path) -> int:
        with CaptureQueriesContext(connection) as ctx:
            get(client, path)
        return len(ctx.captured_queries)

    overview = reverse("dashboard:campaign_progress", args=[campaign.pk])
    bureau_all = reverse("dashboard:bureau_progress") + "?all=1&sort=-score"
    bureau_page = reverse("dashboard:bureau_progress") + "?sort=-score"
    units = progress.bureau_units(province_user, today=TODAY).count()

    def table():
        return list(progress.bureau_units(province_user, today=TODAY, sort="-score"))

    results = {
        "generated_in_s": gen_s,
        "overview": {
            "tasks": campaign.tasks.count(),
            "queries": queries(office, overview),
            **time_calls(lambda: get(office, overview), args.n),
            "target_p95_ms": TARGET_OVERVIEW_P95_MS,
        },
        "bureau": {
            "units": units,
            "table_computation": time_calls(table, max(5, args.n // 3), warmup=1),
            "page_all_rows": {
                "queries": queries(province, bureau_all),
                **time_calls(lambda: get(province, bureau_all), max(5, args.n // 3), warmup=1),
            },
            "page_first_50": {
                "queries": queries(province, bureau_page),
                **time_calls(lambda: get(province, bureau_page), max(5, args.n // 3), warmup=1),
            },
            "target_ms": TARGET_BUREAU_MS,
        },
    }
    results["overview"]["ok"] = results["overview"]["p95_ms"] < TARGET_OVERVIEW_P95_MS
    results["bureau"]["ok"] = all(
        results["bureau"][k]["p95_ms"] < TARGET_BUREAU_MS for k in ("table_computation", "page_all_rows")
    )
    report("progress", results)
    return 0 if results["overview"]["ok"] and results["bureau"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
