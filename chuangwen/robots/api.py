"""Notifications to 企业微信 and 钉钉 group robots (webhooks): the API, scoped like the pages.
The office lists, creates and changes its robots and reads their messages; outside the scope
is 404, visible but not yours 403."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced
from chuangwen.api.errors import APIError
from chuangwen.api.pagination import Pagination
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Department, Unit

from . import services
from .models import Delivery, Robot
from .schemas import DeliveryFilter, DeliveryOut, RobotIn, RobotOut, RobotPatch

router = Router(tags=["robots"])


@router.get("/robots", response=list[RobotOut], summary="群机器人列表")
@paginate(Pagination)
def robot_list(request):
    return Robot.objects.visible_to(request.auth_user).order_by("unit_id", "department_id", "name", "pk")


@router.get("/robots/{int:robot_id}", response=RobotOut, summary="群机器人详情")
def robot_detail(request, robot_id: int):
    return get_visible(request, Robot.objects.all(), robot_id)


def _unit_for(request, department) -> Unit:
    if department is not None:
        unit = department.unit
    else:
        units = {m.unit_id for m in request.auth_user.scope_memberships() if m.role == "office" and m.unit_id}
        if len(units) != 1:
            raise APIError(422, "请指定科室，或以单一单位的创建办身份创建全院群机器人", "department")
        unit = Unit.objects.get(pk=units.pop())
    if not can_in_unit(request.auth_user, Robot, unit, CHANGE):
        raise APIError(403, "只有本单位创建办可以设置群机器人")
    return unit


@router.post("/robots", response={201: RobotOut}, summary="新建群机器人（企业微信 / 钉钉）")
def robot_create(request, payload: RobotIn):
    department = referenced(request, Department.objects.all(), payload.department, "department")
    unit = _unit_for(request, department)
    fields = payload.dict(exclude={"department"}, exclude_none=True)
    robot = services.robot_create(unit=unit, department=department, user=request.auth_user, **fields)
    return Status(201, robot)


@router.patch("/robots/{int:robot_id}", response=RobotOut, summary="修改群机器人")
def robot_update(request, robot_id: int, payload: RobotPatch):
    robot = get_changeable(request, Robot.objects.all(), robot_id)
    changes = payload.dict(exclude_unset=True)
    if "department" in changes:
        changes["department"] = referenced(
            request, Department.objects.filter(unit_id=robot.unit_id), changes["department"], "department"
        )
    if changes.get("secret") == "":
        changes["secret"] = None  # an empty string removes the secret
    for name in ("name", "webhook_url", "kinds", "is_active"):
        if name in changes and changes[name] is None:
            del changes[name]
    return services.robot_update(robot=robot, user=request.auth_user, **changes)


@router.get("/deliveries", response=list[DeliveryOut], summary="群机器人消息（含失败原因）")
@paginate(Pagination)
def delivery_list(request, filters: Query[DeliveryFilter]):
    return filters.filter(Delivery.objects.visible_to(request.auth_user)).order_by("-created_at", "-id")
