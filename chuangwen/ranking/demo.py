"""Demo data of the bureau's ranking of its units (卫健委排名) for ``make demo``: a year of monthly
snapshots of the county's hospitals, so the trends show twelve months, and last month's ranking
published as a bulletin to them.

The current month's snapshot is the refresh job's, as every night would write it. Earlier months
are computed by the same job with the day set to each month's last day (tasks and rectifications
overdue then, that month's satisfaction, complaints past their deadline then). The item scores
exist only as they are today, so a past month's score and projection are back-filled along a
rising line to today's, as a year of nightly runs would have recorded a campaign's progress."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.utils import timezone

from chuangwen.core.months import add_months

from .figures import month_of
from .models import UnitSnapshot
from .services import bulletin_publish, snapshots_refresh

MONTHS = 12
ONE = Decimal("0.1")


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _ramp(value: Decimal | None, k: int) -> Decimal | None:
    """A past month's value ``k`` months before today's ``value``: from 40 % of it a year ago."""
    if value is None:
        return None
    share = Decimal(1) - Decimal("0.6") * Decimal(k) / Decimal(MONTHS - 1)
    return (value * share).quantize(ONE)


def load(ctx) -> None:
    today = timezone.localdate()
    current = month_of(today)
    tz = timezone.get_current_timezone()
    for k in range(MONTHS - 1, 0, -1):
        month = add_months(current, -k)
        end = _month_end(month)
        at = timezone.make_aware(datetime.datetime.combine(end, datetime.time(23, 30)), tz)
        snapshots_refresh(on=end, computed_at=at)
    snapshots_refresh(on=today)
    now = {s.unit_id: s for s in UnitSnapshot.objects.filter(month=current)}
    for s in UnitSnapshot.objects.filter(month__lt=current):
        base = now.get(s.unit_id)
        if base is None:
            continue
        k = (current.year - s.month.year) * 12 + current.month - s.month.month
        s.score_percent = _ramp(base.score_percent, k)
        s.projected_percent = _ramp(base.projected_percent, k // 2) if base.projected_percent is not None else None
        if s.pass_percent is not None:
            s.reached = s.score_percent >= s.pass_percent
        s.save(update_fields=["score_percent", "projected_percent", "reached"])
    supervisor = ctx.users.get("weijianju")
    if supervisor is not None:
        bulletin_publish(
            user=supervisor,
            month=add_months(current, -1),
            note="请各单位对照排名查找差距，逾期任务和逾期整改事项于本月15日前完成。\n排名靠后的单位于本月底前报送整改措施。",
            today=current,
        )
