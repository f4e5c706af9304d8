"""Progress numbers equal a recomputation from the raw rows (items, compliance, tasks)."""

from collections import defaultdict
from decimal import Decimal

from chuangwen.campaigns.models import Task
from chuangwen.dashboard import progress
from chuangwen.evidence.models import ItemCompliance

# All or nothing (the items have no scoring rule): a partly met item earns nothing (issue 13).
WEIGHT = {"met": Decimal(1), "partial": Decimal(0), "unmet": Decimal(0)}


def recompute(items, states):
    """{key: [points, score, n, met, partial]} per aspect, indicator and the unit, by hand."""
    acc = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0, 0])
    for item in items:
        state = states.get(item.pk, "unmet")
        for key in (("aspect", item.aspect_id), ("indicator", item.indicator_id), ("unit",)):
            row = acc[key]
            row[0] += item.points
            row[1] += item.points * WEIGHT[state]
            row[2] += 1
            row[3] += state == "met"
            row[4] += state == "partial"
    return acc


def as_list(score):
    return [score.points, score.score, score.items, score.met, score.partial]


def test_item_indicator_aspect_and_unit_scores_match_a_recomputation(prog):
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    expected = recompute(prog.items, prog.states_a)
    assert as_list(p.overall) == expected["unit",]
    assert p.overall.unmet == 5  # item 7 (row "unmet") and 8-11 (no row)
    assert [a.id for a in p.aspects] == sorted({i.aspect_id for i in prog.items})
    for a in p.aspects:
        assert as_list(a.score) == expected["aspect", a.id]
        for ind in a.indicators:
            assert as_list(ind.score) == expected["indicator", ind.id]
            for it in ind.items:
                state = prog.states_a.get(it.id, "unmet")
                assert it.state == state
                assert it.score == next(i.points for i in prog.items if i.pk == it.id) * WEIGHT[state]
                assert it.unmet_reasons == (
                    [] if state == "met" else (["至少2张照片"] if it.id in prog.states_a else [])
                )
    assert p.overall.percent == round(float(expected["unit",][1] * 100 / expected["unit",][0]), 1)


def test_partial_earns_nothing_unless_the_items_rule_gives_a_share(prog):
    from chuangwen.scoring.items import item_scores_refresh

    ItemCompliance.objects.filter(campaign=prog.camp_a).delete()
    item = prog.items[1]  # 3.5 points
    ItemCompliance.objects.create(campaign=prog.camp_a, unit=prog.a, item=item, status="partial")
    item_scores_refresh(campaign=prog.camp_a, today=prog.today)
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    assert p.overall.score == Decimal("0")
    assert (p.overall.met, p.overall.partial, p.overall.unmet) == (0, 1, 11)
    item.scoring = {"method": "all_or_nothing", "partial_fraction": "0.5"}  # "部分达标得50%"
    item.save()
    item_scores_refresh(campaign=prog.camp_a, today=prog.today)
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    assert p.overall.score == Decimal("1.75")


def test_another_campaign_rows_never_count(prog):
    """B has every item met; A's numbers are unchanged by it and C (no rows) scores 0."""
    p_c = progress.campaign_progress(prog.camp_c, today=prog.today)
    assert p_c.overall.score == 0 and p_c.overall.unmet == len(prog.items)
    p_b = progress.campaign_progress(prog.camp_b, today=prog.today)
    assert p_b.overall.percent == 100.0


def test_department_rates_and_overdue_counts(prog):
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    live = [t for t in Task.objects.filter(campaign=prog.camp_a, archived_at__isnull=True)]
    for d in p.departments:
        mine = [t for t in live if t.department_id == d.id]
        assert d.total == len(mine)
        assert d.accepted == sum(t.status == "accepted" for t in mine)
        assert d.submitted == sum(t.status == "submitted" for t in mine)
        assert d.overdue == sum(t.deadline < prog.today and t.status != "accepted" for t in mine)
        assert d.completion == round(d.accepted * 100 / d.total, 1)
        led = {i.pk for t in mine for i in t.items.all()}
        assert d.items_led == len(led)
        assert d.items_met == sum(prog.states_a.get(pk) == "met" for pk in led)
    by_name = {d.name: d for d in p.departments}
    assert (by_name["内科"].total, by_name["内科"].overdue, by_name["内科"].completion) == (4, 2, 25.0)
    # The archived task (30 days overdue) is not counted.
    assert (by_name["外科"].total, by_name["外科"].overdue) == (3, 1)
    assert (p.tasks.total, p.tasks.accepted, p.tasks.submitted, p.tasks.overdue) == (7, 2, 1, 3)


def test_overdue_list_has_days_and_respects_the_task_scope(prog):
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    assert [(t.title, t.overdue_days) for t in p.overdue_tasks] == [("任务2", 9), ("任务1", 3), ("任务4", 1)]
    # A department head of 内科 sees only the overdue tasks of 内科 in the list (counts stay unit-wide).
    p = progress.campaign_progress(prog.camp_a, today=prog.today, user=prog.head)
    assert [t.title for t in p.overdue_tasks] == ["任务2", "任务1"]
    assert p.tasks.overdue == 3


def test_today_is_injectable(prog):
    later = progress.campaign_progress(prog.camp_a, today=prog.today.replace(month=12))
    assert later.tasks.overdue == 5  # everything not accepted is late by December
    assert later.days_to_review < 0
    assert progress.campaign_progress(prog.camp_a, today=prog.today).days_to_review == 47


def test_bureau_rows_match_each_campaign(prog):
    rows = {u.pk: u for u in progress.bureau_units(prog.supervisor, today=prog.today)}
    assert set(rows) == {prog.a.pk, prog.b.pk}  # C is in county Y; the bureau is not a hospital
    a = rows[prog.a.pk]
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    assert a.campaign_id == prog.camp_a.pk and a.target_level == "city"
    assert round(float(a.score_pct), 1) == p.overall.percent
    assert (a.items_total, a.items_met) == (p.overall.items, p.overall.met)
    assert (a.tasks_total, a.tasks_accepted, a.tasks_overdue) == (7, 2, 3)
    assert a.last_evidence.isoformat() == "2026-06-01"
    b = rows[prog.b.pk]
    assert (float(b.score_pct), b.items_met, b.tasks_overdue, b.last_evidence) == (100.0, 12, 1, None)


def test_bureau_filters_and_sorting(prog, world):
    from tests import factories as f

    no_campaign = f.unit(world.county_x, "青溪县妇幼保健院", category="maternal")
    units = progress.bureau_units(prog.supervisor, today=prog.today, sort="-score")
    assert [u.pk for u in units] == [prog.b.pk, prog.a.pk, no_campaign.pk]
    assert list(progress.bureau_units(prog.supervisor, category="tcm").values_list("pk", flat=True)) == [prog.b.pk]
    assert list(progress.bureau_units(prog.supervisor, q="妇幼").values_list("pk", flat=True)) == [no_campaign.pk]
    row = progress.bureau_units(prog.supervisor).get(pk=no_campaign.pk)
    assert (row.campaign_id, row.score_pct, row.tasks_total) == (None, 0, 0)
    # The admin (whole city) sees C too, and can filter by county.
    assert set(progress.bureau_units(prog.admin, region=world.county_y).values_list("pk", flat=True)) == {prog.c.pk}


def test_closed_campaigns_are_not_the_active_one(prog):
    prog.camp_a.status = "closed"
    prog.camp_a.save()
    row = progress.bureau_units(prog.supervisor).get(pk=prog.a.pk)
    assert row.campaign_id is None
    assert progress.active_campaign(prog.a) is None
