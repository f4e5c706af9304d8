"""The unit home page leads with the current campaign: score, items met, tasks and what is overdue."""

from datetime import timedelta

from chuangwen.dashboard import progress
from chuangwen.evidence.models import ItemCompliance
from chuangwen.scoring.items import item_scores_refresh
from tests import factories as f


def test_home_shows_current_campaign_summary(world, login):
    std = f.standard(world.bureau, applies_to=world.county_x, aspects=1, indicators=1, items=4)
    camp = f.campaign(world.a, std)
    items = list(std.items.order_by("order"))
    ItemCompliance.objects.create(campaign=camp, unit=world.a, item=items[0], status="met")
    item_scores_refresh(campaign=camp)
    late = f.task(camp, world.a_med, title="每月两次政治学习", deadline=progress.local_today() - timedelta(days=3))
    f.task(camp, world.a_surg, title="文明科室评选", deadline=progress.local_today() + timedelta(days=30))
    resp = login(world.office).get("/")
    html = resp.content.decode()
    assert resp.context["overall"].met == 1 and resp.context["overall"].items == 4
    assert resp.context["tasks"].overdue == 1 and resp.context["tasks"].total == 2
    assert 'data-testid="home-score"' in html and "25.0%" in html
    assert late.title in html and "文明科室评选" not in html


def test_home_of_other_unit_campaign_is_not_shown(world, login):
    std = f.standard(world.bureau, applies_to=world.county_x)
    f.campaign(world.b, std, name="中医院创建")
    resp = login(world.office).get("/")
    assert "campaign" not in resp.context and "中医院创建" not in resp.content.decode()
