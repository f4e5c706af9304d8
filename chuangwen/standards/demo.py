"""Demo data of the standards app, imported through the same importer and services as an upload.

- 青溪县县级文明单位测评体系（2026版）: owned by the county bureau, published for 青溪县, so every
  hospital of the county sees it.
- 医院文明单位创建测评细则（2026版）: 青溪县人民医院's own standard, published. It is the hospital's
  own rather than an adaptation because it is written from its plans' task lists (seeds 000, 001,
  004), not by re-weighting the county's items; its campaign is measured against it.
- An adaptation of the county standard by 青溪县中医医院, left as a draft with two items
  re-weighted and one added, so the "changed / added" comparison shows in the demo; the declared
  points of the indicators and aspects concerned follow the new weights.

Both published standards declare points at every level (aspect 5 of the county's "扣完为止"),
name 明察暗访 among the methods of the smoking item, and carry scoring rules (发现一处扣…,
满意度:…) and requirement kinds (照片≥2/条, 类别, 须见, 附文字说明, 志愿服务每人每月3小时).

Needs ``ctx.units`` ("bureau", "rmyy", "zyy") and ``ctx.users`` ("weijianju", "chuangban",
"zyy_chuangban") from ``chuangwen.org.demo``. Leaves ``ctx.extra["standards"]`` with the keys
"county", "hospital" and "zyy_adaptation"."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .importers import read_yaml_text
from .models import Aspect, Indicator, Item
from .services import item_create, item_update, level_update, standard_adapt, standard_import, standard_publish

DATA = Path(__file__).resolve().parent / "data"


def _import(name: str, *, unit, user):
    tree = read_yaml_text((DATA / name).read_text(encoding="utf-8"))
    standard = standard_import(tree=tree, owner_unit=unit, user=user)
    return standard_publish(standard=standard, user=user)


def load(ctx) -> None:
    county = _import("general_county.yaml", unit=ctx.units["bureau"], user=ctx.users["weijianju"])
    hospital = _import("hospital.yaml", unit=ctx.units["rmyy"], user=ctx.users["chuangban"])
    zyy_user = ctx.users["zyy_chuangban"]
    adaptation = standard_adapt(standard=county, unit=ctx.units["zyy"], user=zyy_user)
    items = {i.code: i for i in Item.objects.filter(standard=adaptation, code__in=["4.3.1", "3.2.2", "1.1.3", "4.2.3"])}
    # Re-weighting changes the indicators' and aspects' declared points: they are cleared while the
    # items change (an item may never exceed a declared parent) and declared again as the new sums.
    touched = {"1", "1.1", "3", "3.2", "4", "4.2", "4.3"}
    levels = [
        *Aspect.objects.filter(standard=adaptation, code__in=touched),
        *Indicator.objects.filter(aspect__standard=adaptation, code__in=touched),
    ]
    for level in levels:
        level_update(level=level, user=zyy_user, points=None, children_rule=level.children_rule)
    for code, points in (("4.3.1", "4"), ("3.2.2", "1"), ("1.1.3", "1"), ("4.2.3", "1")):
        item_update(item=items[code], user=zyy_user, points=Decimal(points))
    item_create(
        indicator=Indicator.objects.get(aspect__standard=adaptation, code="3.2"),
        user=zyy_user,
        code="3.2.3",
        title="开展中医药文化进社区、进校园活动，每半年不少于1次",
        points=Decimal("2"),
        methods=["documents", "site"],
        materials="活动方案、照片",
        rules=[{"type": "min_records", "count": 2, "period": "year"}, {"type": "min_photos", "count": 2}],
    )
    for level in levels:
        field = "indicator" if isinstance(level, Indicator) else "aspect"
        total = sum(Item.objects.filter(**{field: level}).values_list("points", flat=True), Decimal("0"))
        level_update(level=level, user=zyy_user, points=total, children_rule=level.children_rule)
    ctx.extra["standards"] = {"county": county, "hospital": hospital, "zyy_adaptation": adaptation}
