"""The activities API (活动与学习), scoped like the pages: kinds, activities (list, read, create),
attendance, leave, a typed paper sheet, the QR sign-in (the same checks as the phone's page) and
study notes. Outside the scope is 404; visible but not yours, 403."""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced, referenced_many
from chuangwen.api.errors import APIError
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut
from chuangwen.campaigns.models import Campaign
from chuangwen.org.models import Department, Person
from chuangwen.standards.models import Item

from . import selectors, services
from .models import Activity, ActivityKind, Attendance, StudyNote
from .schemas import (
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    AttendanceOut,
    KindOut,
    LeaveIn,
    NoteIn,
    NoteOut,
    SheetIn,
    SheetOut,
    SignInIn,
)
from .signin import SignInRefused

router = Router(tags=["activities"])


def _activities(request):
    return selectors.with_counts(Activity.objects.select_related("kind"))


def _one(request, activity_id: int) -> Activity:
    return get_visible(request, _activities(request), activity_id)


@router.get("/kinds", response=list[KindOut], summary="活动类型")
def kind_list(request):
    return ActivityKind.objects.visible_to(request.auth_user).filter(is_active=True).order_by("sort_order", "id")


@router.get("/activities", response=list[ActivityOut], summary="活动列表")
@paginate(Pagination)
def activity_list(request, filters: Query[ActivityFilter]):
    qs = selectors.activity_list(request.auth_user).select_related("kind")
    return filters.filter(qs).order_by("-starts_at", "-id")


@router.get("/activities/{int:activity_id}", response=ActivityOut, summary="活动详情")
def activity_detail(request, activity_id: int):
    return _one(request, activity_id)


@router.post("/activities", response={201: ActivityOut}, summary="新建活动")
def activity_create(request, payload: ActivityIn):
    department = referenced(request, Department.objects.all(), payload.department, "department")
    unit = department.unit
    kind = referenced(request, ActivityKind.objects.filter(is_active=True), payload.kind, "kind")
    people = Person.objects.filter(unit=unit)
    activity = services.activity_create(
        user=request.auth_user,
        unit=unit,
        kind=kind,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        department=department,
        organiser=referenced(request, people, payload.organiser, "organiser"),
        roster_departments=referenced_many(
            request, Department.objects.filter(unit=unit), payload.roster_departments, "roster_departments"
        ),
        people=referenced_many(request, people, payload.people, "people"),
        summary=payload.summary,
        campaign=referenced(request, Campaign.objects.filter(unit=unit), payload.campaign, "campaign"),
        items=referenced_many(request, Item.objects.all(), payload.items, "items"),
        signin_opens_minutes=payload.signin_opens_minutes,
        late_after_minutes=payload.late_after_minutes,
    )
    return Status(201, _one(request, activity.pk))


@router.get("/activities/{int:activity_id}/attendance", response=list[AttendanceOut], summary="出勤情况")
def attendance_list(request, activity_id: int):
    activity = _one(request, activity_id)
    return Attendance.objects.visible_to(request.auth_user).filter(activity=activity).select_related("person")


@router.post("/activities/{int:activity_id}/leave", response=AttendanceOut, summary="登记请假")
def attendance_leave(request, activity_id: int, payload: LeaveIn):
    activity = get_changeable(request, Activity.objects.all(), activity_id)
    person = referenced(request, activity.roster.all(), payload.person, "person")
    return services.attendance_leave(activity=activity, user=request.auth_user, person=person, reason=payload.reason)


@router.post("/activities/{int:activity_id}/sheet", response=SheetOut, summary="录入纸质签到表（整表校验）")
def attendance_sheet(request, activity_id: int, payload: SheetIn):
    activity = get_changeable(request, Activity.objects.all(), activity_id)
    result = services.attendance_paper(
        activity=activity, user=request.auth_user, rows=services.paper_rows(text=payload.text)
    )
    return {"added": result.added, "skipped": result.skipped}


@router.post(
    "/signin",
    response={201: AttendanceOut, 409: ErrorOut},
    summary="扫码签到（签到码每30秒更换，仅本单位职工、签到时段内、每人一次；拒绝时 409 并说明原因）",
)
def sign_in(request, payload: SignInIn):
    try:
        row = services.sign_in(token=payload.token, user=request.auth_user)
    except SignInRefused as exc:
        raise APIError(409, exc.message, "token") from None
    return Status(201, row)


@router.get("/notes", response=list[NoteOut], summary="学习笔记")
@paginate(Pagination)
def note_list(request, year: int | None = None):
    qs = StudyNote.objects.visible_to(request.auth_user).order_by("-id")
    return qs.filter(year=year) if year else qs


@router.post("/activities/{int:activity_id}/note", response=NoteOut, summary="保存本人学习笔记（录入文字，自动计字）")
def note_save(request, activity_id: int, payload: NoteIn):
    activity = _one(request, activity_id)
    try:
        return services.note_save(activity=activity, user=request.auth_user, text=payload.text)
    except ValidationError as exc:
        raise APIError(422, "；".join(exc.messages), "text") from None
