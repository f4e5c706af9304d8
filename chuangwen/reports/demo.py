"""Demo data of the inspection materials (迎检材料) for ``make demo``: every demo campaign's
indicator reports drafted from its data, two of the people's hospital's rewritten by its office
(so their history shows an edit), and one small ledger built (one aspect of the 中医院's
campaign, so ``make demo`` stays fast). Reads ``ctx.extra["campaigns"]`` and ``ctx.users``."""

from __future__ import annotations

from .ledger import ledger_build_run
from .models import IndicatorReport, LedgerBuild
from .selectors import fingerprint
from .services import report_edit, reports_draft

EDITS = [
    "我院成立以院长、党委书记为双组长的创建工作领导小组，下设创建办公室，配备专职干事2名；年初印发《2026年创建市级"
    "文明单位工作方案》，将创建任务分解到28个科室、落实到人，每季度召开一次创建工作推进会，院长办公会专题研究创建"
    "工作4次，形成了“主要领导亲自抓、分管领导具体抓、科室主任直接抓”的工作格局。",
    "坚持把社会主义核心价值观融入医院管理和医疗服务全过程，门诊大厅、住院部电梯间设置核心价值观公益广告12处，"
    "院内宣传栏每月更新；全年开展“最美医务工作者”评选1次、道德讲堂4期，选树身边好人好事典型8个，"
    "并在院微信公众号专栏宣传。",
]


def load(ctx) -> None:
    campaigns = ctx.extra.get("campaigns") or {}
    office = ctx.users.get("chuangban")
    for key, campaign in campaigns.items():
        user = ctx.users.get("chuangban" if key == "rmyy" else f"{key}_chuangban") or office
        if user is None:
            continue
        reports_draft(user=user, campaign=campaign)
    rmyy = campaigns.get("rmyy")
    if rmyy is not None and office is not None:
        reports = IndicatorReport.objects.filter(campaign=rmyy).select_related("indicator", "campaign")
        first_two = reports.order_by("indicator__aspect__order", "indicator__order")[:2]
        for report, text in zip(first_two, EDITS, strict=False):
            report_edit(user=office, report=report, text=text)
    small = campaigns.get("zyy")
    user = ctx.users.get("zyy_chuangban")
    if small is not None and user is not None:
        first = small.standard.aspects.order_by("order", "id").first()
        aspects = [first.pk] if first else []
        build = LedgerBuild.objects.create(
            campaign=small, unit=small.unit, requested_by=user, aspects=aspects, fingerprint=fingerprint(small, aspects)
        )
        ledger_build_run(build_id=build.pk)
        if ctx.stdout:
            build.refresh_from_db()
            ctx.stdout.write(f"迎检台账：{small.unit.name} 已生成 1 份（{build.files_total} 个文件）。")
