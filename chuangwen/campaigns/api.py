"""The campaigns API: campaigns, tasks of the 责任分解表, bulk assignment and "my tasks", scoped
exactly like the pages (outside the scope 404, view-only 403)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced, referenced_many, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.core.roles import CHANGE
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item, Standard

from . import selectors, services
from .models import Campaign, Phase, Task
from .schemas import (
    BulkAssignIn,
    CampaignDetailOut,
    CampaignFilter,
    CampaignIn,
    CampaignOut,
    TaskDetailOut,
    TaskFilter,
    TaskIn,
    TaskOut,
    TaskPatch,
)

router = Router(tags=["campaigns"])


def _campaigns():
    return Campaign.objects.select_related("unit", "standard")


def _tasks():
    return selectors.task_list_queryset()


def _task_detail(request, task_id: int, *, archived_ok: bool = False) -> Task:
    base = Task.objects if archived_ok else selectors.live_tasks()
    qs = base.select_related("campaign", "phase", "department", "person").prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("order", "id")), "co_departments"
    )
    return get_visible(request, qs, task_id)


def _changeable_campaign(request, campaign_id: int) -> Campaign:
    """The campaign a write goes to: 422 if the caller cannot see it, 403 if only see it."""
    campaign = referenced(request, _campaigns(), campaign_id, "campaign", _("Campaign not found."))
    if not visible(request, Campaign.objects.filter(pk=campaign.pk), CHANGE).exists():
        raise PermissionDenied
    return campaign


def _refs(request, campaign: Campaign, data: dict) -> dict:
    """Turn the ids of a task body into objects of the campaign's unit and standard, each
    resolved through the caller's scope; an id that is not there is a 422 on its field."""
    out = dict(data)
    unit_id = campaign.unit_id
    singles = (
        ("department", Department.objects.filter(unit_id=unit_id), _("Department not found in this unit.")),
        ("person", Person.objects.filter(unit_id=unit_id), _("Staff member not found in this unit.")),
        ("phase", Phase.objects.filter(campaign=campaign), _("Phase not found in this campaign.")),
    )
    for name, qs, message in singles:
        if name in data and data[name] is not None:
            out[name] = referenced(request, qs, data[name], name, message)
    lists = (
        (
            "items",
            Item.objects.filter(standard_id=campaign.standard_id),
            _("Item not found in the campaign's standard."),
        ),
        ("co_departments", Department.objects.filter(unit_id=unit_id), _("Department not found in this unit.")),
    )
    for name, qs, message in lists:
        if data.get(name) is not None:
            out[name] = referenced_many(request, qs, data[name], name, message=message)
    return out


@router.get("/campaigns", response=list[CampaignOut], summary="创建周期列表")
@paginate(Pagination)
def campaign_list(request, filters: Query[CampaignFilter]):
    return filters.filter(visible(request, _campaigns())).order_by("-year", "-id")


@router.get(
    "/campaigns/{int:campaign_id}", response=CampaignDetailOut, summary="创建周期详情（阶段、领导小组与创建办、任务数）"
)
def campaign_detail(request, campaign_id: int):
    campaign = get_visible(request, selectors.campaign_detail_queryset(), campaign_id)
    campaign.task_counts = selectors.task_status_counts(campaign)
    return campaign


@router.post("/campaigns", response={201: CampaignDetailOut}, summary="新建创建周期（默认三个阶段）")
def campaign_create(request, payload: CampaignIn):
    user = request.auth_user
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit", _("Unit not found."))
    if not selectors.units_for_new_campaign(user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    standard = referenced(request, Standard.objects.all(), payload.standard, "standard", _("Standard not found."))
    data = payload.dict(exclude={"unit", "standard", "phases"})
    phases = [services.PhaseSpec(**p) for p in payload.dict()["phases"]] if payload.phases else None
    campaign = services.campaign_create(unit=unit, standard=standard, user=user, phases=phases, **data)
    return Status(201, campaign_detail(request, campaign.pk))


@router.get("/tasks", response=list[TaskOut], summary="任务列表（责任分解）")
@paginate(Pagination)
def task_list(request, filters: Query[TaskFilter], overdue: bool | None = None):
    qs = filters.filter(visible(request, _tasks()))
    if overdue is not None:
        qs = qs.filter(selectors.overdue_q()) if overdue else qs.exclude(selectors.overdue_q())
    return qs.order_by("deadline", "id")


@router.get("/tasks/mine", response=list[TaskOut], summary="我的任务：本人负责或本人所管科室的任务")
@paginate(Pagination)
def my_tasks(request):
    return selectors.my_tasks(request.auth_user)


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, summary="任务详情")
def task_detail(request, task_id: int):
    return _task_detail(request, task_id)


@router.post("/tasks", response={201: TaskDetailOut}, summary="新建任务")
def task_create(request, payload: TaskIn):
    campaign = _changeable_campaign(request, payload.campaign)
    data = _refs(request, campaign, payload.dict(exclude={"campaign"}))
    task = services.task_create(campaign=campaign, user=request.auth_user, **data)
    return Status(201, _task_detail(request, task.pk))


@router.patch("/tasks/{int:task_id}", response=TaskDetailOut, summary="修改任务")
def task_update(request, task_id: int, payload: TaskPatch):
    task = get_changeable(request, selectors.live_tasks().select_related("campaign"), task_id)
    data = _refs(request, task.campaign, payload.dict(exclude_unset=True))
    for required in ("title", "department", "deadline", "code"):
        if required in data and data[required] is None:
            raise field_error(required, _("This field cannot be empty."))
    services.task_update(task=task, user=request.auth_user, **data)
    return _task_detail(request, task.pk)


@router.post("/tasks/{int:task_id}/archive", response=TaskDetailOut, summary="归档任务（不删除，保留记录与历史）")
def task_archive(request, task_id: int):
    task = get_changeable(request, selectors.live_tasks(), task_id)
    services.task_archive(task=task, user=request.auth_user)
    return _task_detail(request, task.pk, archived_ok=True)


@router.post("/campaigns/{int:campaign_id}/assign", response={201: list[TaskOut]}, summary="批量分配测评项目到科室")
def bulk_assign(request, campaign_id: int, payload: BulkAssignIn):
    campaign = get_changeable(request, _campaigns(), campaign_id)
    assignments = []
    for a in payload.assignments:
        refs = _refs(
            request, campaign, {"department": a.department, "person": a.person, "co_departments": a.co_departments}
        )
        assignments.append(
            services.Assignment(
                item_ids=a.items,
                department=refs["department"],
                person=refs["person"],
                deadline=a.deadline,
                co_departments=refs["co_departments"],
            )
        )
    phase = _refs(request, campaign, {"phase": payload.phase})["phase"] if payload.phase else None
    created = services.task_assign_items_bulk(
        campaign=campaign,
        assignments=assignments,
        user=request.auth_user,
        combine=payload.combine,
        title=payload.title,
        phase=phase,
        recurrence=payload.recurrence,
        deliverable=payload.deliverable,
    )
    return Status(201, list(_tasks().filter(pk__in=[t.pk for t in created]).order_by("id")))
