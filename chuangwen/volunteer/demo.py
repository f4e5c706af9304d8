"""Demo data of volunteer service (志愿服务) for ``make demo``: the county people's hospital's year
(seeds 000 方案 三(二), 002 二6 学雷锋志愿服务, 004 总结 四3): the office's targets (每人每月3小时,
年人均25小时, 注册志愿者100%), the default star levels, registered volunteers (a few not yet), the
year's events (学雷锋, monthly 义诊 and 导医, 结对帮扶, 文明交通, 重阳敬老) with their sign-in
sheets, last month's 导医 hours and last year's hours imported from the platform's export, and a
few people short of the monthly target. Reads ``ctx.units``, ``ctx.people``, ``ctx.users`` and
``ctx.extra["campaigns"]``; everything goes through the services and the import."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from chuangwen.core.months import add_months

from . import imports, services
from .compliance import counts_hours
from .tasks import per_person_items_refresh

UNIT, OFFICE = "rmyy", "chuangban"
BASIS = "青溪县文明单位创建实施方案：职工注册志愿者100%，每人每月志愿服务不少于3小时，年人均不少于25小时"
# (month, day, title, kind, place, organiser): fixed events of the year; 义诊 and 导医 every month.
EVENTS = [
    (3, 5, "学雷锋纪念日志愿服务", "学雷锋", "县城人民广场", "团委"),
    (4, 18, "结对帮扶城关镇敬老院", "结对帮扶", "城关镇敬老院", "党办"),
    (6, 14, "世界献血者日无偿献血宣传", "健康宣教", "县中心血站", "医务科"),
    (8, 8, "文明交通劝导", "文明交通", "人民路与解放路路口", "保卫科"),
    (10, 11, "重阳节敬老助老义诊", "敬老助残", "城关镇敬老院", "护理部"),
]
MAPPING = {"name": "志愿者姓名", "employee_no": "工号", "served_on": "服务日期", "hours": "服务时长(小时)",
           "event_name": "项目名称", "platform_id": "时长记录号"}  # fmt: skip
HEADERS = ("时长记录号", "志愿者姓名", "工号", "服务日期", "服务时长(小时)", "项目名称")


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "时长明细"
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(unit, office, rows, filename) -> int:
    batch = imports.import_validate(unit=unit, user=office, upload=_xlsx(rows), mapping=MAPPING, filename=filename)
    return imports.import_commit(batch=batch, user=office).new_rows


def load(ctx) -> None:
    rng, unit, office = ctx.rng, ctx.units[UNIT], ctx.users[OFFICE]
    people = [p for p in ctx.people[UNIT] if p.is_active]
    today = timezone.localdate()
    year = today.year
    services.rule_set(unit=unit, user=office, year=year, kind="each_month", target=Decimal("3"), basis=BASIS)
    services.rule_set(unit=unit, user=office, year=year, kind="average_year", target=Decimal("25"), basis=BASIS)
    services.rule_set(unit=unit, user=office, year=year, kind="registered_share", target=Decimal("100"), basis=BASIS)
    services.star_levels_seed(unit=unit)
    unregistered = set(rng.sample(range(len(people)), 9))
    for i, p in enumerate(people):
        if i not in unregistered:
            services.volunteer_register(person=p, user=office, registered_on=date(year - 1, rng.randint(3, 12), 1),
                                        platform_id=f"HN{43102100000 + i}")  # fmt: skip
    campaign = ctx.extra.get("campaigns", {}).get(UNIT)
    items = (
        [i for i in campaign.standard.items.all() if any(counts_hours(r) for r in i.rules or [])] if campaign else []
    )
    short = set(rng.sample(range(len(people)), 6))  # a few who fall short some months
    last = add_months(today.replace(day=1), -1)
    guides = {p.pk for p in people if rng.random() < 0.35}  # last month's 导医: in the platform's file
    rows = 0
    for month in range(1, today.month + 1):
        first = date(year, month, 1)
        events = [e for e in EVENTS if e[0] == month]
        events += [(month, 12, f"{month}月“健康进社区”义诊", "义诊", "城关镇社区卫生服务站", "医务科")]
        if first != last:  # last month's 导医 hours were recorded on the platform (imported below)
            events += [(month, 20, f"{month}月门诊志愿导医", "导医", "门诊大厅", "护理部")]
        made = []
        for m, day, title, kind, place, organiser in events:
            held_on = date(year, m, day)
            if held_on >= today:
                continue
            description = f"{organiser}组织职工志愿者开展{kind}志愿服务。"
            fields = {"title": title, "kind": kind, "held_on": held_on, "place": place, "organiser": organiser}
            made.append(services.event_create(unit=unit, user=office, items=items, description=description, **fields))
        if not made:
            continue
        sheets = {e.pk: [] for e in made}
        for i, p in enumerate(people):
            if first == last and p.pk in guides:
                continue
            if i in short and rng.random() < 0.6:
                hours = Decimal(rng.choice(["0", "1", "1.5", "2"]))
            else:
                hours = Decimal(rng.choice(["3", "3", "3.5", "4", "4", "5"]))
            if hours:
                sheets[rng.choice(made).pk].append((p, hours))
        for event in made:
            rows += len(services.event_hours_record(event=event, user=office, rows=sheets[event.pk]))
    imported = _import(unit, office, [
        (f"ZYH{last:%Y%m}{n:04d}", p.name, p.employee_no, (last + timedelta(days=rng.randint(0, 26))).isoformat(),
         rng.choice([3, 3.5, 4]), "门诊志愿导医") for n, p in enumerate((p for p in people if p.pk in guides), start=1)
    ], f"志愿汇时长导出_{last:%Y%m}.xlsx")  # fmt: skip
    veterans = rng.sample(people, 40)
    history = []
    for p in veterans:
        for _k in range(rng.randint(4, 30)):
            day = date(year - 1, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            kind = rng.choice(["义诊", "导医", "结对帮扶", "健康宣教"])
            history.append(
                (f"ZYH{year - 1}{len(history) + 1:05d}", p.name, p.employee_no, day, rng.choice([4, 6, 8]), kind)
            )
    imported += _import(unit, office, history, f"志愿汇时长导出_{year - 1}年.xlsx")
    per_person_items_refresh.call(unit.pk)
    if ctx.stdout:
        ctx.stdout.write(f"志愿服务：登记时长 {rows} 条，平台导入 {imported} 条，注册志愿者 {len(people) - 9} 人。")
