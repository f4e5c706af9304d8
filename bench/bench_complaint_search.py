"""Chinese search of the complaint archive at scale.

    .venv/bin/python bench/bench_complaint_search.py [--rows 200000] [--n 30]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_complaint_search.py

200,000 complaints (bulk insert) in 10 hospitals of one county. Timed, as the list page runs them
(the count for the paginator and the first page of 50, newest first), p50/p95 over ``--n``:

1. a 4-character phrase (态度生硬) and a 3-character one (停车难), by the county's supervisor over all
   200,000 rows: the trigram index on PostgreSQL, a plain LIKE on SQLite;
2. two words that must both occur (门诊 挂号), by the supervisor;
3. a complainant's name, 3 characters (欧阳明) and 2 (李娜: no trigram, plain LIKE), by the office of
   one hospital (names are searchable only where they may be seen);
4. a phrase as the office of one hospital (20,000 rows).

On PostgreSQL the plans are written to the report too, to show which index served each query."""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402

UNITS, DEPARTMENTS = 10, 12
BATCH = 5000
PHRASES = [
    "门诊等候时间长，挂号后两个小时才看上病",
    "护士态度生硬，问话不理睬",
    "收费项目不清楚，出院结算有疑问",
    "卫生间不干净，地面湿滑",
    "停车难，找不到车位",
    "表扬医生耐心细致，讲解用药方法",
    "夜间急诊等候太久",
    "药房窗口说话很冲",
    "病房空调太冷",
    "抽血窗口排队太长",
    "检查报告出得慢",
    "导医台人员少，自助机不会用",
]
FILLER = ["希望医院重视", "请尽快处理", "已多次反映", "谢谢", "家属很不满意", "希望改进", "", "", ""]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["建国", "秀英", "桂兰", "志强", "丽娟", "海燕", "晓明", "春梅", "国华", "小红", "文斌", "玉兰"]
GIVEN += ["娜", "强", "伟"]
DEPT_NAMES = "内科 外科 骨科 儿科 妇产科 急诊科 检验科 放射科 药剂科 中医科 康复科 口腔科".split()


def build(rows: int):
    from django.db import connection

    from chuangwen.core.roles import Role
    from chuangwen.feedback.models import Complaint
    from chuangwen.org.models import Department, Membership, Region, Unit, User

    rng = random.Random(5)
    county = Region.objects.add_root({"name": "青溪县", "level": "county", "code": "431021"})
    units = [
        Unit.objects.create(region=county, name=f"测试医院{u}", code=f"B{u:03d}", kind="hospital") for u in range(UNITS)
    ]
    departments = {
        u.pk: Department.objects.bulk_create(Department(unit=u, name=n) for n in DEPT_NAMES[:DEPARTMENTS])
        for u in units
    }
    supervisor = User.objects.create(username="bench_supervisor")
    Membership.objects.create(user=supervisor, role=Role.SUPERVISOR, scope="region", region=county)
    office = User.objects.create(username="bench_office")
    Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=units[0])
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    minutes = int((datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) - start).total_seconds() // 60)
    t0 = time.perf_counter()
    batch, seq = [], {}
    for i in range(rows):
        unit = units[i % UNITS]
        dept = rng.choice(departments[unit.pk])
        received = start + datetime.timedelta(minutes=rng.randrange(minutes))
        period = received.strftime("%Y%m")
        seq[unit.pk, period] = seq.get((unit.pk, period), 0) + 1
        reference = f"TS{period}{seq[unit.pk, period]:04d}"
        content = f"{rng.choice(PHRASES)}，{rng.choice(FILLER)}。第{rng.randrange(1, 40)}次就诊。"
        name = "欧阳明月" if i % 10_000 == 10 else rng.choice(SURNAMES) + rng.choice(GIVEN)
        batch.append(
            Complaint(
                unit=unit,
                reference=reference,
                kind="complaint",
                channel=rng.choice(["public", "phone", "letter", "hotline"]),
                category="other",
                department=dept,
                content=content,
                complainant_name=name,
                complainant_phone=f"13{rng.randrange(10**9):09d}",
                received_at=received,
                deadline=received.date() + datetime.timedelta(days=7),
                status="closed",
                search_text=f"{reference} {dept.name} {content}",
            )
        )
        if len(batch) == BATCH:
            Complaint.objects.bulk_create(batch)
            batch = []
    Complaint.objects.bulk_create(batch)
    load_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE feedback_complaint")
    return supervisor, office, load_s


def page(user, q: str):
    from chuangwen.feedback import search, selectors

    qs = search.search(selectors.complaints_for(user), q, user)
    return qs.count(), list(qs.order_by("-received_at", "-id")[:50])


def plan(user, q: str) -> str:
    from django.db import connection

    from chuangwen.feedback import search, selectors

    qs = search.search(selectors.complaints_for(user), q, user).order_by("-received_at", "-id")[:50]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cur.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    supervisor, office, load_s = build(args.rows)
    User = get_user_model()
    supervisor, office = User.objects.get(pk=supervisor.pk), User.objects.get(pk=office.pk)
    cases = [
        ("phrase_4_chars_region", supervisor, "态度生硬"),
        ("phrase_3_chars_region", supervisor, "停车难"),
        ("two_terms_region", supervisor, "门诊 挂号"),
        ("rare_phrase_region", supervisor, "第37次就诊 卫生间"),
        ("name_3_chars_office", office, "欧阳明"),
        ("name_2_chars_office", office, "李娜"),
        ("phrase_4_chars_office", office, "态度生硬"),
    ]
    results = {}
    for label, user, q in cases:
        count = page(user, q)[0]
        results[label] = {"query": q, "matches": count, **time_calls(lambda u=user, q=q: page(u, q), args.n)}
        if connection.vendor == "postgresql":
            results[label]["plan"] = plan(user, q)
        print(label, results[label]["matches"], results[label]["p50_ms"], results[label]["p95_ms"], flush=True)
    report(
        f"complaint_search_{connection.vendor}",
        {"rows": args.rows, "units": UNITS, "bulk_insert_s": round(load_s, 1), "searches": results},
    )


if __name__ == "__main__":
    main()
