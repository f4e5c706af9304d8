"""A hospital with something on every panel of its big screen: a campaign with item scores,
a published month of department scores, findings (one found today, one closed out), complaints
with the complainant's name and phone, and a month of satisfaction."""

from datetime import timedelta

from django.utils import timezone

from chuangwen.core.months import month_start
from chuangwen.inspections.models import Finding
from chuangwen.scoring.models import DepartmentScore
from chuangwen.surveys.models import DepartmentMonth
from tests import factories as f


def build_screen(w):
    """Fill ``w`` (tests/conftest.py's world) with a figure for every panel of A's screen."""
    now = timezone.now()
    today = timezone.localdate()
    std = f.standard(w.a, aspects=2, indicators=1, items=2)
    w.campaign = f.campaign(w.a, std, year=today.year)
    items = list(std.items.order_by("order"))
    f.item_compliance(w.campaign, items[0], status="met")
    f.item_score(w.campaign, items[0])
    f.task(w.campaign, w.a_med, person=w.a_p1, items=items[:1], deadline=today + timedelta(days=10))
    f.task(w.campaign, w.a_surg, person=w.a_p2, items=items[1:2], deadline=today - timedelta(days=3))
    scheme = f.scheme(u=w.a)
    last_month = month_start(month_start(today) - timedelta(days=1))
    for d, score, rank in ((w.a_med, 98, 1), (w.a_surg, 95, 2)):
        row = f.department_score(department=d, scheme=scheme, month=last_month, published_at=now)
        DepartmentScore.objects.filter(pk=row.pk).update(score=score, rank=rank)
    w.found_today = f.finding(w.a, department=w.a_med, item=items[0], description="护士李娜未佩戴工牌", found_at=now)
    w.closed = f.finding(
        w.a,
        department=w.a_surg,
        item=items[1],
        description="王强办公室吸烟",
        found_at=now - timedelta(days=9),
        state=Finding.State.CLOSED,
        closed_at=now - timedelta(days=1),
    )
    f.finding(
        w.a,
        department=w.a_surg,
        found_at=now - timedelta(days=20),
        state=Finding.State.ORDERED,
        deadline=today - timedelta(days=2),
        responsible_person=w.a_p2,
    )
    w.complaint = f.complaint(
        w.a,
        department=w.a_med,
        complainant_name="张三丰",
        complainant_phone="13912345678",
        content="张三丰投诉护士李娜态度差，电话13912345678",
        received_at=now,
        deadline=today + timedelta(days=5),
    )
    f.complaint(
        w.a,
        department=w.a_surg,
        complainant_name="赵敏",
        complainant_phone="13700001111",
        deadline=today - timedelta(days=1),
        received_at=now - timedelta(days=8),
    )
    template = f.survey_template(w.a)
    DepartmentMonth.objects.create(
        unit=w.a,
        department=w.a_med,
        template=template,
        month=month_start(today),
        responses=10,
        index_sum=45,
        index_count=10,
    )
    w.b_finding = f.finding(
        w.b, department=w.b_med, description="中医院问题", state=Finding.State.CLOSED, closed_at=now
    )
    w.items = items
    return w


PRIVATE = ["李娜", "王强", "张三丰", "赵敏", "13912345678", "13700001111", "13800000001", "未佩戴工牌", "吸烟"]
