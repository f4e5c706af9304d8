"""The scoring API: item scores (self and bureau, side by side) and assessments, the ledger,
量化考核 and appeals. The ledger is append-only here too: entries are listed,
added (the office's manual entries) and cancelled by a counter-entry; no operation changes or
removes one (PUT, PATCH and DELETE are not routes: 405). Scoped like the pages: outside the
scope 404, visible but not yours to act on 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, referenced, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut
from chuangwen.campaigns.models import Campaign
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item

from . import department_scores, selectors
from .models import Appeal, LedgerEntry, Source
from .schemas import (
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    AssessmentIn,
    DepartmentScoreFilter,
    DepartmentScoreOut,
    DepartmentScoreUnitOut,
    DepartmentTrendFilter,
    DepartmentTrendOut,
    ItemScoreOut,
    LedgerCorrectionIn,
    LedgerEntryIn,
    LedgerEntryOut,
    LedgerFilter,
)
from .services import appeals as appeal_services
from .services import departments as department_services
from .services import items as item_services

router = Router(tags=["scoring"])


def ledger_queryset():
    cancelled = LedgerEntry.objects.filter(reverses=OuterRef("pk"))
    return LedgerEntry.objects.select_related("department").annotate(is_cancelled=Exists(cancelled))


@router.get("/ledger", response=list[LedgerEntryOut], summary="扣分加分台账")
@paginate(Pagination)
def ledger_list(request, filters: Query[LedgerFilter]):
    f = filters
    qs = visible(request, ledger_queryset())
    exact = {"unit_id": f.unit, "department_id": f.department, "source": f.source}
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if f.month:
        qs = qs.filter(period=f.month.replace(day=1))
    return qs.order_by("-occurred_on", "-id")


@router.get("/ledger/{int:entry_id}", response=LedgerEntryOut, summary="台账条目")
def ledger_detail(request, entry_id: int):
    return get_visible(request, ledger_queryset(), entry_id)


@router.post("/ledger", response={201: LedgerEntryOut}, summary="创建办手工扣分或加分")
def ledger_create(request, payload: LedgerEntryIn):
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit", _("Unit not found."))
    if not department_services.may_manage(request.auth_user, unit.pk):
        raise PermissionDenied
    in_unit = _("Not found in this unit.")
    department = referenced(request, Department.objects.filter(unit=unit), payload.department, "department", in_unit)
    person = referenced(request, Person.objects.filter(unit=unit), payload.person, "person", in_unit)
    item = referenced(request, Item.objects.all(), payload.item, "item")
    entry = department_services.manual_entry_add(
        user=request.auth_user,
        unit=unit,
        department=department,
        person=person,
        item=item,
        points=payload.points,
        reason=payload.reason,
        occurred_on=payload.occurred_on,
        source=Source.HONOUR if payload.honour else Source.MANUAL,
    )
    return Status(201, ledger_queryset().get(pk=entry.pk))


@router.post("/ledger/{int:entry_id}/correct", response={201: LedgerEntryOut}, summary="冲销（以冲销条目更正）")
def ledger_correct(request, entry_id: int, payload: LedgerCorrectionIn):
    entry = get_visible(request, LedgerEntry.objects.all(), entry_id)
    counter = department_services.ledger_correct(user=request.auth_user, entry=entry, reason=payload.reason)
    return Status(201, ledger_queryset().get(pk=counter.pk))


def _unit_id(request, unit: int | None) -> int:
    if unit is not None:
        return referenced(request, Unit.objects.all(), unit, "unit", _("Unit not found.")).pk
    if unit_id := next((m.unit_id for m in request.auth_user.scope_memberships() if m.unit_id), None):
        return unit_id
    raise field_error("unit", _("Name the unit."))


@router.get("/departments/scores", response=list[DepartmentScoreOut], summary="科室月度量化考核得分与排名")
def department_scores_list(request, filters: Query[DepartmentScoreFilter]):
    unit_id = _unit_id(request, filters.unit)
    return list(department_scores.ranking(user=request.auth_user, unit_id=unit_id, month=filters.month))


@router.get(
    "/departments/{int:department_id}/trend", response=list[DepartmentTrendOut], summary="科室近 12 个月得分趋势"
)
def department_trend(request, department_id: int, month: Query[DepartmentTrendFilter]):
    department = get_visible(request, Department.objects.all(), department_id)
    return department_scores.trend(user=request.auth_user, department_id=department.pk, month=month.month)


@router.get("/units/ranking", response=list[DepartmentScoreUnitOut], summary="辖区单位排名（科室平均得分）")
def unit_ranking(request, filters: Query[DepartmentScoreFilter]):
    units = visible(request, Unit.objects.filter(kind=Unit.Kind.HOSPITAL))
    if filters.unit is not None:
        units = units.filter(pk=filters.unit)
    rows = department_scores.unit_ranking(units=units, month=filters.month)
    return [{**r, "unit_name": r["unit__name"]} for r in rows]


def appeal_queryset():
    return Appeal.objects.prefetch_related("events", "files")


@router.get("/appeals", response=list[AppealOut], summary="申诉列表")
@paginate(Pagination)
def appeal_list(request, status: str | None = None):
    qs = visible(request, appeal_queryset())
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


@router.get("/appeals/{int:appeal_id}", response=AppealOut, summary="申诉详情（含全部步骤）")
def appeal_detail(request, appeal_id: int):
    return get_visible(request, appeal_queryset(), appeal_id)


@router.post("/ledger/{int:entry_id}/appeal", response={201: AppealOut}, summary="科室对扣分提出申诉")
def appeal_file(request, entry_id: int, payload: Form[AppealIn], files: File[list[UploadedFile]] = None):
    entry = get_visible(request, LedgerEntry.objects.all(), entry_id)
    appeal = appeal_services.appeal_file(entry=entry, user=request.auth_user, text=payload.text, uploads=files or [])
    return Status(201, appeal_queryset().get(pk=appeal.pk))


@router.post("/appeals/{int:appeal_id}/decide", response=AppealOut, summary="创建办处理申诉（维持或撤销）")
def appeal_decide(request, appeal_id: int, payload: AppealDecisionIn):
    appeal = get_visible(request, Appeal.objects.all(), appeal_id)
    appeal_services.appeal_decide(appeal=appeal, user=request.auth_user, reverse=payload.reverse, reason=payload.reason)
    return appeal_queryset().get(pk=appeal.pk)


# Item scores


@router.get(
    "/items/campaigns/{int:campaign_id}/items",
    response={200: list[ItemScoreOut], 404: ErrorOut},
    summary="测评项目得分（自评与主管部门测评对照）",
)
def campaign_item_scores(request, campaign_id: int):
    campaign = get_visible(request, Campaign.objects.all(), campaign_id)
    return [_row(r) for a in selectors.side_by_side(campaign) for r in a.items]


def _row(r: selectors.ItemRow) -> dict:
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
    "/items/campaigns/{int:campaign_id}/items/{int:item_id}/assessments",
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
    row = selectors.side_by_side(campaign, items=[item])[0].items[0]
    return Status(201, _row(row))
