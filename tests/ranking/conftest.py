"""A region with figures to rank: hospitals A and B of county X have campaigns, item scores, a
pass line, overdue tasks, findings, complaints, satisfaction ratings, volunteer hours and an
ethics veto; C (county Y) is outside the supervisor's region."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chuangwen.scoring.items import item_scores_refresh
from tests import factories as f
from tests.volunteer import factories as vf

TODAY = date(2026, 6, 15)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))


def fill_unit(w, key: str, *, met: int, overdue_tasks: int, findings: int, complaints: int, hours: str, rating: int):
    unit = getattr(w, key)
    med = getattr(w, f"{key}_med")
    std = w.standard
    camp = f.campaign(unit, std, target_level="county")
    items = list(std.items.order_by("order"))
    for item in items[:met]:
        f.item_compliance(camp, item, status="met")
    item_scores_refresh(campaign=camp, today=TODAY)
    for i in range(overdue_tasks):
        f.task(camp, med, title=f"逾期任务{i}", deadline=date(2026, 5, 1))
    f.task(camp, med, title="未到期任务", deadline=date(2026, 9, 30))
    for i in range(findings):
        f.finding(unit, state="ordered", deadline=date(2026, 5, 20 + i), found_at=_at(date(2026, 5, 10)))
    f.finding(unit, state="closed", found_at=_at(date(2026, 4, 1)), closed_at=_at(date(2026, 4, 5)))
    for _ in range(complaints):
        f.complaint(unit, status="received", deadline=date(2026, 6, 1))
    f.complaint(unit, status="closed", deadline=date(2026, 6, 1))
    tpl = f.survey_template(unit)
    f.department_month(tpl, med, month=date(2026, 6, 1), responses=10, index_count=10, index_sum=10 * rating)
    for p in (getattr(w, f"{key}_p1"), getattr(w, f"{key}_p2")):
        vf.hours(p, served_on=date(2026, 3, 5), hours=hours)
    return camp


@pytest.fixture
def ranked(world):
    """The world with figures in A and B (A ahead), a pass line of 50 % for the county level."""
    world.standard = f.standard(world.bureau, aspects=2, indicators=1, items=2, points=Decimal("10"))
    f.pass_line(world.county_x, level="county", percent="50")
    world.camp_a = fill_unit(world, "a", met=3, overdue_tasks=1, findings=2, complaints=1, hours="6", rating=5)
    world.camp_b = fill_unit(world, "b", met=1, overdue_tasks=2, findings=1, complaints=2, hours="2", rating=4)
    world.camp_c = fill_unit(world, "c", met=4, overdue_tasks=0, findings=0, complaints=0, hours="1", rating=3)
    f.ethics_veto(world.b_p1, occurred_on=date(2026, 5, 12))
    return world
