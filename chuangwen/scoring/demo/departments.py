"""Demo data of 量化考核: each demo hospital's scheme, a year of its office's own entries (night
checks, honours), the overdue task periods of the demo campaigns (the daily job), then the
monthly department scores from January to this month, published except this month's; and two
appeals of 内科 in 青溪县人民医院 (one reversed by the office, one waiting).

Runs after the feedback and surveys demos (their substantiated complaints, praise letters and
satisfaction alerts are already in the ledger, written by the feeders); reads ``ctx.units``,
``ctx.departments`` and ``ctx.users``. Everything goes through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from chuangwen.org.models import Department

from ..department_feeders import task_periods_feed
from ..department_scores import month_start, months_back, scores_publish, scores_recompute
from ..models import LedgerEntry, Source
from ..services import appeals as appeal_services
from ..services import departments as department_services

OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}
# The office's own entries: points, reason, honour?
CHECKS = [
    ("-2", "院内夜查：值班人员脱岗", False),
    ("-1", "科室台账记录不全", False),
    ("-1", "病区走廊杂物堆放", False),
    ("-0.5", "工作人员未佩戴工牌", False),
    ("2", "获市级“优质服务窗口”称号", True),
    ("1", "参加县志愿服务活动表现突出", True),
    ("-1", "医疗废物分类不规范", False),
]


def _office_entries(ctx, unit_key: str, months: list[datetime.date]) -> int:
    rng, office, unit = ctx.rng, ctx.users[OFFICES[unit_key]], ctx.units[unit_key]
    departments = list(Department.objects.filter(unit=unit, is_active=True).order_by("sort_order", "id"))
    today, n = timezone.localdate(), 0
    for month in months:
        for _i in range(rng.randint(5, 9)):
            points, reason, honour = rng.choice(CHECKS)
            day = month.replace(day=rng.randint(1, 28))
            if day > today:
                continue
            department_services.manual_entry_add(
                user=office,
                unit=unit,
                department=rng.choice(departments),
                points=points,
                reason=reason,
                occurred_on=day,
                source=Source.HONOUR if honour else Source.MANUAL,
            )
            n += 1
    return n


def _appeals(ctx) -> int:
    """Two appeals of 内科 against its latest deductions: one reversed, one waiting."""
    head, office = ctx.users["neike"], ctx.users["chuangban"]
    department = ctx.departments[("rmyy", "内科")]
    entries = list(
        LedgerEntry.objects.filter(department=department, points__lt=0, reverses__isnull=True, reversed_by__isnull=True)
        .exclude(source=Source.CORRECTION)
        .order_by("-occurred_on", "-id")[:2]
    )
    if len(entries) < 2:
        return 0
    reversed_one = appeal_services.appeal_file(
        entry=entries[0], user=head, text="当日已按要求整改并拍照留存，检查时整改已完成，申请撤销扣分。"
    )
    appeal_services.appeal_decide(
        appeal=reversed_one, user=office, reverse=True, reason="经复核，整改记录属实，撤销扣分。"
    )
    appeal_services.appeal_file(entry=entries[1], user=head, text="该问题属后勤保障科职责范围，不应扣内科分数。")
    return 2


def load(ctx) -> None:
    today = timezone.localdate()
    this_month = month_start(today)
    months = [m for m in months_back(this_month, 12) if m.year == this_month.year]
    entries = 0
    for unit_key in OFFICES:
        department_services.scheme_default(unit=ctx.units[unit_key], user=ctx.users[OFFICES[unit_key]])
        entries += _office_entries(ctx, unit_key, months)
    periods = task_periods_feed(today=today)
    appeals = _appeals(ctx)
    rows = 0
    for unit_key in OFFICES:
        unit, office = ctx.units[unit_key], ctx.users[OFFICES[unit_key]]
        for month in months:
            if month < this_month:
                rows += scores_publish(unit=unit, month=month, user=office)
            else:
                rows += len(scores_recompute(unit=unit, month=month))
    if ctx.stdout:
        ctx.stdout.write(
            f"量化考核：创建办录入 {entries} 条，逾期任务周期 {periods} 条，申诉 {appeals} 件，科室月度得分 {rows} 行。"
        )
