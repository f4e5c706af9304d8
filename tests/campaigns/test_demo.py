import random

from chuangwen.campaigns import demo
from chuangwen.campaigns.models import Campaign, CampaignMember, Task
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
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
    assert Task.objects.filter(campaign__unit=ctx.units["wsy"]).count() == 20


def test_demo_without_a_standard_creates_nothing(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    demo.load(ctx)
    assert not Campaign.objects.exists()
