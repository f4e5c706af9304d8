"""Demo data of item scores: the demo hospitals' standard items get scoring rules where the
standard gives none (an item with findings deducts per finding, a 问卷调查 item follows the
satisfaction index, an item of a monthly task is 动态考核 month by month, the other 实地考察 items
are graded), the offices grade and confirm a few items, the bureau assesses some in its
实地测评, and every campaign's item scores are computed.

Runs after the evidence, inspections and surveys steps (their findings are already on the
ledger through the finding hook; the satisfaction aggregates are in). Adds
``ctx.extra["item_scores"]`` (rows written per campaign)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from chuangwen.campaigns.models import Campaign, Task
from chuangwen.inspections.models import Finding
from chuangwen.standards.models import Item
from chuangwen.standards.scoring_rules import parse_scoring_text

from ..items import item_scores_refresh, periods_of
from ..services.items import assessment_add

SURVEY_RULE = "满意度:≥90=1,≥85=0.8,≥80=0.6"
GRADE_RULE = "等级:A=1,B=0.8,C=0.6"
# The office's own 自评 and the bureau's 实地测评 of the demo hospital: the first graded
# (实地考察) items, and two document items whose suggestion the bureau changes or confirms.
GRADES_SELF = [("A", "现场查看，落实到位"), ("B", "部分区域未落实")]
GRADES_BUREAU = [("B", "抽查发现一处未落实"), ("C", "现场标识不全")]
SCORES_BUREAU = [("2.2.1", "2", "成立文件齐全"), ("3.1.2", "1", "制度文件未见落实记录，扣1分")]


def _rule_for(item: Item, campaign: Campaign, with_findings: set[int], monthly: set[int]) -> str | None:
    methods = set(item.methods or [])
    if item.pk in with_findings:
        return "发现一处扣0.5分"
    if "survey" in methods:
        return SURVEY_RULE
    if item.pk in monthly:
        months = len(periods_of(campaign, "month")) or 1
        each = (item.points / months).quantize(Decimal("0.01"))
        return f"每月{each.normalize():f}分" if each > 0 else None
    if "site" in methods:
        return GRADE_RULE
    return None


def load(ctx) -> None:
    ctx.extra["item_scores"] = {}
    today = timezone.localdate()
    campaigns = list(Campaign.objects.exclude(status=Campaign.Status.CLOSED).select_related("unit__region", "standard"))
    for campaign in campaigns:
        items = list(Item.objects.filter(standard_id=campaign.standard_id, scoring={}))
        with_findings = set(
            Finding.objects.filter(unit_id=campaign.unit_id, item__in=items).values_list("item_id", flat=True)
        )
        monthly = set(
            Task.items.through.objects.filter(
                task__campaign=campaign, task__recurrence=Task.Recurrence.MONTHLY, item__in=items
            ).values_list("item_id", flat=True)
        )
        for item in items:
            text = _rule_for(item, campaign, with_findings, monthly)
            if text:
                Item.objects.filter(pk=item.pk).update(scoring=parse_scoring_text(text))
    for campaign in campaigns:
        key = next((k for k, u in ctx.units.items() if u.pk == campaign.unit_id), None)
        _assess(ctx, campaign, key)
        ctx.extra["item_scores"][campaign.pk] = len(item_scores_refresh(campaign=campaign, today=today))
    if ctx.stdout:
        ctx.stdout.write(f"项目得分：{len(campaigns)} 个创建周期，{sum(ctx.extra['item_scores'].values())} 行。")


def _assess(ctx, campaign: Campaign, key: str | None) -> None:
    office, bureau = ctx.users.get("chuangban"), ctx.users.get("weijianju")
    if key != "rmyy" or office is None or bureau is None:
        return
    items = list(Item.objects.filter(standard_id=campaign.standard_id).order_by("order"))
    graded = [i for i in items if (i.scoring or {}).get("method") == "grades"]
    for item, (grade, reason) in zip(graded, GRADES_SELF, strict=False):
        assessment_add(campaign=campaign, item=item, user=office, grade=grade, reason=reason)
    for item, (grade, reason) in zip(graded, GRADES_BUREAU, strict=False):
        assessment_add(campaign=campaign, item=item, user=bureau, assessor="bureau", grade=grade, reason=reason)
    by_code = {
        i.code: i for i in items if not (i.scoring or {}).get("method") or i.scoring["method"] == "all_or_nothing"
    }
    for code, score, reason in SCORES_BUREAU:
        if code in by_code:
            assessment_add(
                campaign=campaign, item=by_code[code], user=bureau, assessor="bureau", score=score, reason=reason
            )
