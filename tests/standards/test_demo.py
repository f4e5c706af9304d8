from decimal import Decimal

from django.db.models import Sum

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
from chuangwen.standards import demo, exporters
from chuangwen.standards.importers import read_xlsx
from chuangwen.standards.models import Item, Standard
from chuangwen.standards.selectors import standard_tree

from .conftest import upload


def test_demo_standards(db):
    import random

    ctx = DemoContext(rng=random.Random(1))
    org_demo.load(ctx)
    demo.load(ctx)
    county, hospital, adaptation = (ctx.extra["standards"][k] for k in ("county", "hospital", "zyy_adaptation"))
    for std in (county, hospital):
        assert std.status == "published"
        assert Item.objects.filter(standard=std).aggregate(p=Sum("points"))["p"] == Decimal("100")
        assert 40 <= Item.objects.filter(standard=std).count() <= 60
    assert county.applies_to.name == "青溪县" and hospital.owner_unit.name == "青溪县人民医院"
    detail = standard_tree(adaptation)
    assert len(detail.changed) == 4 and len(detail.added) == 1 and detail.total_points == Decimal("100")
    # The hospital's office sees the county's standard and its own; 中医院's draft stays its own.
    visible = set(Standard.objects.visible_to(ctx.users["chuangban"]).values_list("pk", flat=True))
    assert visible == {county.pk, hospital.pk}
    # The shipped standard survives an xlsx round trip.
    tree = read_xlsx(upload(exporters.export_xlsx(county)))
    assert len(list(tree.items())) == 48 and tree.total_points == Decimal("100")
