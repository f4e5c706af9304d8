"""Demo data of 创建达标: the county bureau's pass lines for each title level (as its 文明办 notice
would set them) and one title veto, on the township health centre (a fire on its premises in
2025 was a major safety accident: not eligible until 2027), so the pages show both states."""

from __future__ import annotations

import datetime

from ..models import VetoCondition
from ..readiness import pass_line_set, veto_record

PASS_LINES = [("county", 80), ("city", 85), ("province", 90), ("national", 92)]
NOTICE = "青溪县文明办《关于2026年度文明单位创建测评工作的通知》（青文明办〔2026〕3号）"


def load(ctx) -> None:
    bureau = ctx.users["weijianju"]
    for level, percent in PASS_LINES:
        pass_line_set(user=bureau, region=ctx.regions["qingxi"], level=level, percent=percent, note=NOTICE)
    veto_record(
        user=bureau,
        unit=ctx.units["wsy"],
        condition=VetoCondition.objects.get(code="safety_accident"),
        occurred_on=datetime.date(2025, 8, 14),
        description="卫生院后勤库房电气线路老化引发火灾，造成直接经济损失，经县应急管理局认定为较大安全责任事故。",
        record="青应急〔2025〕27号",
    )
    if ctx.stdout:
        ctx.stdout.write(f"创建达标：{len(PASS_LINES)} 条达标线（县卫健局），一票否决 1 件（关庙镇中心卫生院）。")
