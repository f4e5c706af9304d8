import pytest

TODAY = __import__("datetime").date(2026, 6, 15)


@pytest.fixture
def prog(world):
    """Campaigns of hospitals A, B and C against one bureau standard (2 aspects × 2 indicators ×
    3 items, uneven points), with item states, phases, tasks and evidence for A."""
    from datetime import date, timedelta
    from decimal import Decimal

    from chuangwen.campaigns.models import Phase, Task
    from chuangwen.evidence.models import Evidence, ItemCompliance
    from chuangwen.standards.models import Item
    from tests import factories as f

    w = world
    w.today = TODAY
    w.std = f.standard(w.bureau, applies_to=w.county_x)
    w.items = list(Item.objects.filter(standard=w.std).order_by("order"))
    for i, item in enumerate(w.items):
        item.points = [Decimal("2"), Decimal("3.5"), Decimal("5"), Decimal("1")][i % 4]
        item.save()
    w.camp_a = f.campaign(w.a, w.std, name="2026年创建市级文明单位")
    w.camp_b = f.campaign(w.b, w.std, name="中医院创建")
    w.camp_c = f.campaign(w.c, w.std, name="临川创建")
    for order, (kind, name, start, end) in enumerate(
        [
            ("mobilise", "宣传发动", date(2026, 2, 1), date(2026, 4, 30)),
            ("implement", "全面创建", date(2026, 5, 1), date(2026, 7, 31)),
            ("review", "查漏补缺·迎检", date(2026, 8, 1), date(2026, 9, 30)),
        ]
    ):
        Phase.objects.create(campaign=w.camp_a, kind=kind, name=name, starts_on=start, ends_on=end, order=order)
    # A: items 0-3 met, 4-6 partial, 7 unmet with a row, 8-11 no row (unmet).
    states_a = ["met"] * 4 + ["partial"] * 3 + ["unmet"]
    for item, state in zip(w.items, states_a, strict=False):
        reasons = [] if state == "met" else ["至少2张照片"]
        ItemCompliance.objects.create(campaign=w.camp_a, unit=w.a, item=item, status=state, unmet_reasons=reasons)
    # B: everything met (it must never leak into A's numbers).
    for item in w.items:
        ItemCompliance.objects.create(campaign=w.camp_b, unit=w.b, item=item, status="met")
    w.states_a = {item.pk: state for item, state in zip(w.items, states_a, strict=False)}

    T = Task.Status
    specs = [
        # department, status, deadline offset from today, items, person
        (w.a_med, T.ACCEPTED, -10, w.items[0:2], w.a_p1),
        (w.a_med, T.SUBMITTED, -3, w.items[2:3], w.a_p1),
        (w.a_med, T.PENDING, -9, w.items[4:5], w.a_p1),
        (w.a_med, T.IN_PROGRESS, 2, w.items[5:6], w.a_p1),
        (w.a_surg, T.RETURNED, -1, w.items[6:8], None),
        (w.a_surg, T.PENDING, 20, w.items[8:9], None),
        (w.a_surg, T.ACCEPTED, 5, w.items[0:1], None),
    ]
    w.tasks_a = [
        f.task(w.camp_a, dept, title=f"任务{i}", status=status, deadline=TODAY + timedelta(days=off), items=items,
               person=person)
        for i, (dept, status, off, items, person) in enumerate(specs)
    ]  # fmt: skip
    w.archived_task = f.task(w.camp_a, w.a_surg, title="已归档的任务", deadline=TODAY - timedelta(days=30))
    w.archived_task.archive(by=w.office)
    w.task_b = f.task(w.camp_b, w.b_med, title="中医院逾期任务", deadline=TODAY - timedelta(days=20))
    for day in (date(2026, 5, 3), date(2026, 6, 1)):
        Evidence.objects.create(
            campaign=w.camp_a, unit=w.a, department=w.a_med, task=w.tasks_a[0], item=w.items[0],
            title="政治学习记录", occurred_on=day, status="accepted",
        )  # fmt: skip
    from chuangwen.scoring.items import item_scores_refresh

    for camp in (w.camp_a, w.camp_b, w.camp_c):
        item_scores_refresh(campaign=camp, today=TODAY)
    return w


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Pages compute progress as of this date."""
    monkeypatch.setattr("chuangwen.dashboard.progress.local_today", lambda: TODAY)
