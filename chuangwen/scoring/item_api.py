"""The item scores API: a campaign's items with the self and bureau scores and their
explanations, and an assessment of one item (the office confirms or changes the suggestion, the
bureau assesses). Scoped like the pages: another unit's campaign is 404."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from chuangwen.api.access import get_visible
from chuangwen.api.schemas import ErrorOut
from chuangwen.campaigns.models import Campaign
from chuangwen.standards.models import Item

from . import item_selectors
from .services import items as item_services

router = Router(tags=["scoring"])


class LineOut(Schema):
    points: Decimal = Field(description="本行分值（负数为扣分）；各行之和等于得分")
    text: str = Field(description="说明")
    url: str = Field(description="来源记录的页面（无则为空）")


class ViewScoreOut(Schema):
    score: Decimal = Field(description="得分")
    due: Decimal = Field(description="截至计算日应得分（动态考核）；其他项目等于分值")
    assessed: bool = Field(description="是否已评分（人工评定的项目，主管部门未测评时为 false）")
    computed_on: date = Field(description="计算日期")
    lines: list[LineOut] = Field(description="得分说明")


class ItemScoreOut(Schema):
    item_id: int
    code: str = Field(description="项目编号")
    title: str = Field(description="测评内容")
    points: Decimal = Field(description="分值")
    rule: str = Field(description="计分规则（文字）")
    self_score: ViewScoreOut | None = Field(description="自评得分")
    bureau_score: ViewScoreOut | None = Field(description="主管部门测评得分")
    gap: Decimal | None = Field(description="差距：主管部门得分 − 自评得分（主管部门未测评时为空）")


class AssessmentIn(Schema):
    score: Decimal | None = Field(None, description="得分（非等级制项目）")
    grade: str = Field("", description="等级（等级制项目）")
    reason: str = Field("", description="理由（调整建议得分时必填）")


@router.get(
    "/campaigns/{int:campaign_id}/items",
    response={200: list[ItemScoreOut], 404: ErrorOut},
    summary="测评项目得分（自评与主管部门测评对照）",
)
def campaign_item_scores(request, campaign_id: int):
    campaign = get_visible(request, Campaign.objects.all(), campaign_id)
    return [_row(r) for a in item_selectors.side_by_side(campaign) for r in a.items]


def _row(r: item_selectors.ItemRow) -> dict:
    return {
        "item_id": r.item.pk,
        "code": r.item.code,
        "title": r.item.title,
        "points": r.item.points,
        "rule": r.rule,
        "self_score": r.self_score,
        "bureau_score": r.bureau_score,
        "gap": r.gap,
    }


@router.post(
    "/campaigns/{int:campaign_id}/items/{int:item_id}/assessments",
    response={201: ItemScoreOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="项目评分：创建办确认或调整建议得分，主管部门测评",
)
def item_assess(request, campaign_id: int, item_id: int, payload: AssessmentIn):
    user = request.auth_user
    campaign = get_visible(request, Campaign.objects.select_related("unit__region"), campaign_id)
    item = get_object_or_404(Item.objects.filter(standard_id=campaign.standard_id), pk=item_id)
    assessor = item_services.assessor_for(user, campaign)
    if assessor is None:
        raise PermissionDenied
    item_services.assessment_add(
        campaign=campaign, item=item, user=user, assessor=assessor, score=payload.score, grade=payload.grade,
        reason=payload.reason,
    )  # fmt: skip
    row = item_selectors.side_by_side(campaign, items=[item])[0].items[0]
    return Status(201, _row(row))
