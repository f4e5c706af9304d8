import random

from chuangwen.campaigns import demo
from chuangwen.campaigns.models import Campaign, CampaignMember, Task
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
from chuangwen.standards import demo as standards_demo
from tests import factories as f


def test_demo_campaigns(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    f.standard(ctx.units["bureau"], applies_to=ctx.regions["qingxi"], aspects=3, indicators=3, items=4)
    demo.load(ctx)
    rmyy = Campaign.objects.get(unit=ctx.units["rmyy"])
    assert rmyy.name == "2026年创建市级文明单位" and rmyy.target_level == "city"
    tasks = Task.objects.filter(campaign=rmyy)
    assert 60 <= tasks.count() <= 120
    assert all(t.items.exists() for t in tasks.prefetch_related("items")[:20])
    overdue = [t for t in tasks if t.deadline < demo.DEMO_TODAY and t.status != "accepted"]
    assert overdue and tasks.filter(status="accepted").exists()
    assert {m.duty for m in CampaignMember.objects.filter(campaign=rmyy, group="leading")} >= {"组长", "副组长"}
    assert CampaignMember.objects.filter(campaign=rmyy, group="office").count() >= 2
    assert Campaign.objects.get(unit=ctx.units["zyy"]).target_level == "county"
    assert Task.objects.filter(campaign__unit=ctx.units["wsy"]).count() == len(demo.SMALL_TASKS)


def test_demo_tasks_serve_the_items_of_the_real_standards(db):
    """On the demo's own standards every task is linked by item code, nearly every item is
    served by a task, and the statuses are the planned ones: about four in five accepted, a
    short overdue tail."""
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    standards_demo.load(ctx)
    demo.load(ctx)
    rmyy = Campaign.objects.get(unit=ctx.units["rmyy"])
    tasks = list(Task.objects.filter(campaign=rmyy).prefetch_related("items"))
    rows = {title: codes for _p, title, *_rest, codes in demo.RMYY_TASKS}
    for t in tasks:
        codes = sorted(i.code for i in t.items.all())
        if t.title in rows:
            assert codes == sorted(rows[t.title]), t.title
        else:  # a clinical department's study or service post
            assert codes in (["1.1.1"], ["4.2.2"]), t.title
    served = {i.code for t in tasks for i in t.items.all()}
    assert served == set(rmyy.standard.items.values_list("code", flat=True))
    for key, share in (("zyy", 0.7), ("wsy", 0.7)):
        campaign = Campaign.objects.get(unit=ctx.units[key])
        items = set(campaign.standard.items.values_list("code", flat=True))
        linked = {i.code for t in campaign.tasks.prefetch_related("items") for i in t.items.all()}
        assert linked <= items and len(linked) >= share * len(items), key
    tails = demo.TAILS["rmyy"]
    for t in tasks:
        assert t.status == tails.get(t.title, ("accepted",))[0], t.title
    assert 0.75 <= sum(t.status == "accepted" for t in tasks) / len(tasks) <= 0.85
    overdue = [t for t in tasks if t.deadline < demo.DEMO_TODAY and t.status != "accepted"]
    assert 5 <= len(overdue) <= 10
    assert ctx.extra["task_notes"]


def test_demo_without_a_standard_creates_nothing(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    demo.load(ctx)
    assert not Campaign.objects.exists()
