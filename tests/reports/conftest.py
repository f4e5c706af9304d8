import datetime

import pytest

from chuangwen.campaigns.models import Phase
from chuangwen.core.roles import Role
from tests import factories as f

TODAY = datetime.date(2026, 2, 3)
PHASES = [
    ("mobilise", "宣传发动", datetime.date(2026, 2, 1), datetime.date(2026, 3, 31)),
    ("implement", "全面创建", datetime.date(2026, 4, 1), datetime.date(2026, 8, 31)),
    ("review", "查漏补缺·迎检", datetime.date(2026, 9, 1), datetime.date(2026, 11, 30)),
]


@pytest.fixture
def plan_world(world):
    """Hospital A's 2026 campaign: three phases, a leading group and office, five live tasks over
    two aspects (one task with no item, one with co-operating departments) and an archived one;
    hospital B has a campaign of its own and an office user."""
    w = world
    w.std = f.standard(w.a, aspects=2, indicators=1, items=2)
    w.campaign = f.campaign(w.a, w.std, name="2026年创建市级文明单位", guiding_idea="以人民健康为中心。")
    c = w.campaign
    w.phases = [
        Phase.objects.create(campaign=c, kind=kind, name=name, starts_on=start, ends_on=end, order=n)
        for n, (kind, name, start, end) in enumerate(PHASES, 1)
    ]
    office_dept = f.department(w.a, "院办")
    w.director = f.person(office_dept, name="周建国")
    f.campaign_member(c, w.director, group="leading", duty="组长", order=1)
    f.campaign_member(c, w.a_p1, group="leading", duty="成员", order=2)
    f.campaign_member(c, w.a_p2, group="leading", duty="成员", order=3)
    f.campaign_member(c, f.person(office_dept, name="陈静"), group="office", duty="主任", order=1)
    items = list(w.std.items.order_by("order"))
    w.tasks = [
        f.task(c, office_dept, title="制定年度创建工作方案", code="T01", phase=w.phases[0], items=[items[0]],
               deadline=datetime.date(2026, 2, 28), description="报领导小组审定", person=w.director),
        f.task(c, w.a_med, title="开展医德医风教育", code="T02", phase=w.phases[1], items=[items[1]],
               deadline=datetime.date(2026, 6, 30)),
        f.task(c, w.a_surg, title="组织志愿服务活动", code="T03", phase=w.phases[1], items=[items[2]],
               deadline=datetime.date(2026, 7, 31), recurrence="monthly"),
        f.task(c, w.a_med, title="整理迎检台账", code="T04", phase=w.phases[2], items=[items[3]],
               deadline=datetime.date(2026, 10, 31)),
        f.task(c, office_dept, title="召开创建推进会", code="T05", phase=w.phases[2],
               deadline=datetime.date(2026, 11, 15)),
    ]  # fmt: skip
    w.tasks[1].co_departments.set([w.a_surg, office_dept])
    archived = f.task(c, w.a_med, title="已撤销的任务", code="T99", phase=w.phases[1], items=[items[0]])
    archived.archived_at = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    archived.save()
    w.b_campaign = f.campaign(w.b, f.standard(w.b, aspects=1, indicators=1, items=1), name="中医院2026年创建")
    f.phase(w.b_campaign, name="组织实施")
    w.office_b = f.user("office_b")
    f.member(w.office_b, Role.OFFICE, unit=w.b)
    return w
