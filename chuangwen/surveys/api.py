"""The surveys API: templates, satisfaction indices per department and month, responses and
alerts, scoped exactly like the pages. It is authenticated only: patients answer through the
public HTML form, never through the API."""

from django.db.models import Prefetch, Sum
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, visible
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut, Id
from chuangwen.org.models import Unit

from .models import Answer, DepartmentMonth, Response, SatisfactionAlert, SurveyTemplate, index_from
from .schemas import (
    AlertOut,
    FreshnessOut,
    IndexOut,
    ResponseFilter,
    ResponseOut,
    TemplateDetailOut,
    TemplateFilter,
    TemplateOut,
)
from .selectors import add_months, freshness, parse_month

router = Router(tags=["surveys"])


@router.get("/templates", response=list[TemplateOut], summary="满意度调查问卷列表")
@paginate(Pagination)
def template_list(request, filters: Query[TemplateFilter]):
    qs = visible(request, SurveyTemplate.objects.filter(archived_at__isnull=True))
    return filters.filter(qs).order_by("unit_id", "audience", "id")


@router.get("/templates/{int:template_id}", response=TemplateDetailOut, summary="问卷详情（含问题）")
def template_detail(request, template_id: int):
    return get_visible(request, SurveyTemplate.objects.all(), template_id)


@router.get("/indices", response=list[IndexOut], summary="各科室月度满意度指数")
def index_list(
    request, unit: Id | None = None, department: Id | None = None, month: str | None = None, months: int = 1
):
    """``months`` months up to ``month`` (YYYY-MM, default this month), at most 24, as the
    background job last counted them (``/surveys/indices/freshness`` says up to when)."""
    last = parse_month(month, timezone.localdate().replace(day=1))
    first = add_months(last, -(max(1, min(months, 24)) - 1))
    qs = visible(request, DepartmentMonth.objects.filter(month__gte=first, month__lte=last))
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if department is not None:
        qs = qs.filter(department_id=department)
    rows = (
        qs.values("unit_id", "department_id", "department__name", "month")
        .annotate(n=Sum("responses"), total=Sum("index_sum"), count=Sum("index_count"))
        .order_by("unit_id", "department__sort_order", "department_id", "month")
    )
    return [
        {
            "unit_id": r["unit_id"],
            "department_id": r["department_id"],
            "department_name": r["department__name"],
            "month": f"{r['month']:%Y-%m}",
            "responses": r["n"],
            "index": index_from(r["total"], r["count"]),
        }
        for r in rows
    ]


@router.get("/indices/freshness", response={200: FreshnessOut, 404: ErrorOut}, summary="满意度指数的数据截至时间")
def index_freshness(request, unit: Id | None = None):
    """Up to when the indices count every response, and how many of the caller's (of ``unit``)
    are still waiting to be counted. A unit outside the caller's scope is not found."""
    found = get_visible(request, Unit.objects.all(), unit) if unit is not None else None
    return freshness(user=request.auth_user, unit=found)


def _responses():
    return Response.objects.select_related("department").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("question_id"))
    )


@router.get("/responses", response=list[ResponseOut], summary="答卷列表（仅限工作人员）")
@paginate(Pagination)
def response_list(request, filters: Query[ResponseFilter]):
    return filters.filter(visible(request, _responses())).order_by("-submitted_at", "-id")


@router.get("/responses/{int:response_id}", response=ResponseOut, summary="答卷详情")
def response_detail(request, response_id: int):
    return get_visible(request, _responses(), response_id)


@router.get("/alerts", response=list[AlertOut], summary="满意度预警")
@paginate(Pagination)
def alert_list(request, unit: Id | None = None):
    qs = visible(request, SatisfactionAlert.objects.select_related("department"))
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return qs.order_by("-month", "index", "id")
