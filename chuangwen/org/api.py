"""The org API: the caller, units, departments and staff, scoped exactly like the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced, visible
from chuangwen.api.pagination import Pagination

from . import selectors, services
from .models import Department, Person, Unit
from .schemas import (
    DepartmentFilter,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    MeOut,
    PersonFilter,
    PersonIn,
    PersonOut,
    PersonPatch,
    UnitFilter,
    UnitOut,
)

router = Router(tags=["org"])


def _units():
    return Unit.objects.select_related("region")


def _departments():
    return Department.objects.select_related("unit", "head")


def _people():
    return Person.objects.select_related("unit", "department")


def _unit_for_create(request, unit_id: int, model) -> Unit:
    """The unit a new record goes in: 422 if the caller cannot see it, 403 if they may not add
    ``model`` records there."""
    unit = referenced(request, Unit.objects.all(), unit_id, "unit", _("Unit not found."))
    if not selectors.units_user_can_change(request.auth_user, model).filter(pk=unit.pk).exists():
        raise PermissionDenied
    return unit


def _head(request, unit, head_id):
    people = Person.objects.filter(unit=unit)
    return referenced(request, people, head_id, "head", _("Staff member not found in this unit."))


def _department(request, department_id):
    return referenced(request, Department.objects.all(), department_id, "department", _("Department not found."))


@router.get("/me", response=MeOut, summary="当前用户、角色与职工档案")
def me(request):
    user = request.auth_user
    person = visible(request, _people()).filter(user=user).first()
    return {
        "user": user,
        "roles": sorted(user.roles()),
        "memberships": user.scope_memberships(),
        "person": person,
    }


@router.get("/units", response=list[UnitOut], summary="单位列表")
@paginate(Pagination)
def unit_list(request, filters: Query[UnitFilter]):
    return filters.filter(visible(request, _units()))


@router.get("/units/{int:unit_id}", response=UnitOut, summary="单位详情")
def unit_detail(request, unit_id: int):
    return get_visible(request, _units(), unit_id)


@router.get("/departments", response=list[DepartmentOut], summary="科室列表")
@paginate(Pagination)
def department_list(request, filters: Query[DepartmentFilter]):
    return filters.filter(visible(request, _departments())).order_by("unit__code", "sort_order", "id")


@router.get("/departments/{int:department_id}", response=DepartmentOut, summary="科室详情")
def department_detail(request, department_id: int):
    return get_visible(request, _departments(), department_id)


@router.post("/departments", response={201: DepartmentOut}, summary="新建科室")
def department_create(request, payload: DepartmentIn):
    unit = _unit_for_create(request, payload.unit, Department)
    data = payload.dict(exclude={"unit"})
    data["head"] = _head(request, unit, data["head"])
    department = services.department_create(unit=unit, user=request.auth_user, **data)
    return Status(201, department)


@router.patch("/departments/{int:department_id}", response=DepartmentOut, summary="修改科室")
def department_update(request, department_id: int, payload: DepartmentPatch):
    department = get_changeable(request, _departments(), department_id)
    data = payload.dict(exclude_unset=True)
    if "head" in data:
        data["head"] = _head(request, department.unit, data["head"])
    return services.department_update(department=department, user=request.auth_user, **data)


@router.get("/people", response=list[PersonOut], summary="职工列表")
@paginate(Pagination)
def person_list(request, filters: Query[PersonFilter]):
    return filters.filter(visible(request, _people()))


@router.get("/people/{int:person_id}", response=PersonOut, summary="职工详情")
def person_detail(request, person_id: int):
    return get_visible(request, _people(), person_id)


@router.post("/people", response={201: PersonOut}, summary="新建职工")
def person_create(request, payload: PersonIn):
    unit = _unit_for_create(request, payload.unit, Person)
    data = payload.dict(exclude={"unit"})
    data["department"] = _department(request, data["department"])
    person = services.person_create(unit=unit, user=request.auth_user, **data)
    return Status(201, person)


@router.patch("/people/{int:person_id}", response=PersonOut, summary="修改职工")
def person_update(request, person_id: int, payload: PersonPatch):
    person = get_changeable(request, _people(), person_id)
    data = payload.dict(exclude_unset=True)
    if "department" in data:
        data["department"] = _department(request, data["department"])
    return services.person_update(person=person, user=request.auth_user, **data)
