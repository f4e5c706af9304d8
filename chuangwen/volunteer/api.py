"""The volunteer service API (志愿服务), scoped like the pages: events, hours (list, create,
withdraw), per-person totals, the rules, the platform import (validate, commit) and the bureau's
per-unit aggregates. Outside the scope 404; visible but not the caller's to change 403."""

import json
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, referenced, referenced_many, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item

from . import imports, selectors, services
from .models import Event, ImportBatch, ServiceHours, ServiceRule, StarLevel
from .schemas import (
    VolunteerBatchOut,
    VolunteerEventIn,
    VolunteerEventOut,
    VolunteerHoursFilter,
    VolunteerHoursIn,
    VolunteerHoursOut,
    VolunteerPersonTotalOut,
    VolunteerRulesOut,
    VolunteerTotalsFilter,
    VolunteerTotalsOut,
    VolunteerUnitsFilter,
    VolunteerUnitTotalOut,
    VolunteerWithdrawIn,
    VolunteerYearFilter,
)

router = Router(tags=["volunteer"])


def _unit(request, unit_id: int | None) -> Unit:
    if unit_id is None:
        unit_id = next((m.unit_id for m in request.auth_user.scope_memberships() if m.unit_id), None)
        if unit_id is None:
            raise field_error("unit", _("Unit not found."))
    return referenced(request, Unit.objects.all(), unit_id, "unit", _("Unit not found."))


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get("/events", response=list[VolunteerEventOut], summary="志愿服务活动列表")
@paginate(Pagination)
def event_list(request, unit: int | None = None):
    qs = visible(request, Event.objects.all())
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return qs.order_by("-held_on", "-id")


@router.post("/events", response={201: VolunteerEventOut}, summary="登记志愿服务活动")
def event_create(request, payload: VolunteerEventIn):
    unit = _unit(request, payload.unit)
    if not can_in_unit(request.auth_user, Event, unit):
        raise PermissionDenied
    department = None
    if payload.department is not None:
        department = referenced(request, Department.objects.filter(unit=unit), payload.department, "department")
    items = referenced_many(request, Item.objects.all(), payload.items, "items") if payload.items else []
    fields = payload.dict(include={"title", "kind", "held_on", "place", "organiser", "description"})
    event = services.event_create(unit=unit, user=request.auth_user, department=department, items=items, **fields)
    return Status(201, event)


@router.get("/hours", response=list[VolunteerHoursOut], summary="志愿服务时长记录")
@paginate(Pagination)
def hours_list(request, filters: Query[VolunteerHoursFilter]):
    qs = visible(request, ServiceHours.objects.all())
    if not filters.withdrawn:
        qs = qs.filter(withdrawn_at__isnull=True)
    if filters.person is not None:
        qs = qs.filter(person_id=filters.person)
    if filters.department is not None:
        qs = qs.filter(department_id=filters.department)
    if filters.year is not None:
        qs = qs.filter(served_on__gte=date(filters.year, 1, 1), served_on__lt=date(filters.year + 1, 1, 1))
    return qs.order_by("-served_on", "-id")


@router.post("/hours", response={201: VolunteerHoursOut}, summary="登记志愿服务时长")
def hours_create(request, payload: VolunteerHoursIn):
    person = referenced(request, Person.objects.select_related("unit"), payload.person, "person")
    if not can_in_unit(request.auth_user, ServiceHours, person.unit):
        raise PermissionDenied
    event = None
    if payload.event is not None:
        event = referenced(request, Event.objects.filter(unit_id=person.unit_id), payload.event, "event")
    row = services.hours_add(person=person, user=request.auth_user, hours=payload.hours, served_on=payload.served_on,
                             event=event, event_name=payload.event_name, note=payload.note)  # fmt: skip
    return Status(201, row)


@router.post("/hours/{int:hours_id}/withdraw", response=VolunteerHoursOut, summary="撤回一条时长记录（保留痕迹）")
def hours_withdraw(request, hours_id: int, payload: VolunteerWithdrawIn):
    row = get_visible(request, ServiceHours.objects.all(), hours_id)
    if not visible(request, ServiceHours.objects.filter(pk=row.pk), CHANGE).exists():
        raise PermissionDenied
    return services.hours_withdraw(row=row, user=request.auth_user, reason=payload.reason)


def _person_out(t) -> VolunteerPersonTotalOut:
    return VolunteerPersonTotalOut(
        person_id=t.person.pk, name=t.person.name, employee_no=t.person.employee_no,
        department=t.person.department.name, months=t.months, year=t.year, cumulative=t.cumulative,
        star=t.star.name if t.star else None, short_months=[m for m, _s in t.short_months], year_short=t.year_short,
        registered=t.registered,
    )  # fmt: skip


@router.get("/totals", response=VolunteerTotalsOut, summary="每人每月、全年志愿服务时长与要求对照")
def totals(request, filters: Query[VolunteerTotalsFilter]):
    """Per person (in the caller's scope: the office the unit, a head his department, staff
    themselves) and per department, with who is short of the unit's targets and by how much."""
    the_unit, year, department = _unit(request, filters.unit), _year(filters.year), filters.department
    people = visible(request, Person.objects.all()).filter(unit=the_unit, is_active=True)
    if department is not None:
        people = people.filter(department=referenced(request, Department.objects.filter(unit=the_unit), department,
                                                     "department"))  # fmt: skip
    rows = selectors.person_totals(people, unit_id=the_unit.pk, year=year)
    summary = selectors.unit_summary(rows, unit_id=the_unit.pk, year=year)
    departments = [
        {"department_id": d.department_id, "name": d.name, "staff": d.staff, "registered": d.registered,
         "hours": d.hours, "average": d.average, "short_month": d.short_month, "short_year": d.short_year}
        for d in selectors.department_totals(rows)
    ]  # fmt: skip
    return VolunteerTotalsOut(unit_id=the_unit.pk, year=year, staff=summary.staff, registered=summary.registered,
                     registered_share=summary.registered_share, hours=summary.hours, average=summary.average,
                     departments=departments, people=[_person_out(t) for t in rows])  # fmt: skip


@router.get("/rules", response=VolunteerRulesOut, summary="志愿服务要求与星级标准（只读）")
def rules(request, filters: Query[VolunteerYearFilter]):
    the_unit, year = _unit(request, filters.unit), _year(filters.year)
    rule_rows = visible(request, ServiceRule.objects.filter(unit=the_unit, year=year))
    stars = visible(request, StarLevel.objects.filter(unit=the_unit)).order_by("stars")
    return VolunteerRulesOut(unit_id=the_unit.pk, year=year, rules=list(rule_rows), stars=list(stars))


@router.post("/imports/validate", response={201: VolunteerBatchOut}, summary="志愿平台导出表：上传并整表校验（不写入）")
def import_validate(request, unit: Form[int], mapping: Form[str], file: File[UploadedFile]):
    """``mapping`` is JSON: our field → the file's column title, e.g. {"name": "姓名", "served_on":
    "服务日期", "hours": "服务时长", "platform_id": "记录编号"}. Refused files list every bad row."""
    the_unit = _unit(request, unit)
    try:
        parsed = json.loads(mapping)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise field_error("mapping", _("The mapping must be a JSON object: field → column title."))
    try:
        batch = imports.import_validate(unit=the_unit, user=request.auth_user, upload=file, mapping=parsed,
                                        filename=file.name)  # fmt: skip
    except imports.ImportRefused as exc:
        raise field_error("file", exc.message) from exc
    return Status(201, batch)


@router.post("/imports/{int:import_id}/commit", response=VolunteerBatchOut, summary="导入已校验的志愿平台数据")
def import_commit(request, import_id: int):
    batch = get_visible(request, ImportBatch.objects.select_related("unit"), import_id)
    return imports.import_commit(batch=batch, user=request.auth_user)


@router.get("/units", response=list[VolunteerUnitTotalOut], summary="各单位志愿服务汇总（主管部门）")
@paginate(Pagination)
def units(request, filters: Query[VolunteerUnitsFilter]):
    hospitals = visible(request, Unit.objects.filter(kind=Unit.Kind.HOSPITAL))
    qs = selectors.unit_aggregates(hospitals, year=_year(filters.year))
    return [
        VolunteerUnitTotalOut(unit_id=u.pk, name=u.name, staff=u.staff_n, registered=u.registered_n, hours=u.hours_sum)
        for u in qs
    ]
