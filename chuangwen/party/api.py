"""The party branches API (党建工作), scoped like the pages: branches, their calendar, meeting
records (list / read / create), member development (list / read / add an applicant / record a
step). Outside the scope 404; visible but not yours to keep (a member reading her branch) 403."""

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced, referenced_many
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.org.models import Person

from . import calendar, development, selectors, services
from .models import Applicant, Branch, DevelopmentStep, MeetingType, PartyGroup
from .schemas import (
    PartyApplicantDetailOut,
    PartyApplicantFilter,
    PartyApplicantIn,
    PartyApplicantOut,
    PartyBranchDetailOut,
    PartyBranchOut,
    PartyCalendarOut,
    PartyMeetingDetailOut,
    PartyMeetingFilter,
    PartyMeetingIn,
    PartyMeetingOut,
    PartyStepIn,
)

router = Router(tags=["party"])


def _branch(request, branch_id: int, *, change: bool = False) -> Branch:
    qs = Branch.objects.filter(is_active=True).select_related("secretary")
    return get_changeable(request, qs, branch_id) if change else get_visible(request, qs, branch_id)


@router.get("/branches", response=list[PartyBranchOut], summary="党支部列表")
def branch_list(request):
    return list(selectors.branch_queryset(request.auth_user))


@router.get("/branches/{branch_id}", response=PartyBranchDetailOut, summary="党支部详情：支委、党小组、党员")
def branch_detail(request, branch_id: int):
    qs = selectors.branch_queryset(request.auth_user).prefetch_related("groups", "members__person")
    return get_visible(request, qs, branch_id)


@router.get(
    "/branches/{branch_id}/calendar", response=PartyCalendarOut, summary="三会一课台账：各周期已开 / 待开 / 逾期"
)
def branch_calendar(request, branch_id: int, year: int | None = None):
    branch = _branch(request, branch_id)
    year = year or timezone.localdate().year
    rows = calendar.branch_calendar(branch, year=year)
    return {
        "year": year,
        **{k: v for k, v in calendar.summary(rows).items() if k != "required"},
        "rows": [
            {
                "type": r["type"].code,
                "type_name": r["type"].name,
                "group_name": r["group"].name if r["group"] else None,
                "cells": [
                    {"period": c.label, "start": c.start, "end": c.end, "held": c.held, "status": c.status}
                    for c in r["cells"]
                ],
            }
            for r in rows
        ],
    }


@router.get("/meetings", response=list[PartyMeetingOut], summary="会议记录列表")
@paginate(Pagination)
def meeting_list(request, filters: Query[PartyMeetingFilter]):
    qs = selectors.meeting_queryset(request.auth_user)
    if filters.branch is not None:
        qs = qs.filter(branch_id=filters.branch)
    if filters.year is not None:
        qs = qs.filter(held_at__year=filters.year)
    return qs.order_by("-held_at", "-id")


@router.get("/meetings/{meeting_id}", response=PartyMeetingDetailOut, summary="会议记录详情")
def meeting_detail(request, meeting_id: int):
    return get_visible(request, selectors.meeting_detail_queryset(request.auth_user), meeting_id)


@router.post(
    "/branches/{branch_id}/meetings", response={201: PartyMeetingDetailOut}, summary="登记会议记录（支部书记或创建办）"
)
def meeting_create(request, branch_id: int, payload: PartyMeetingIn):
    branch = _branch(request, branch_id, change=True)
    meeting_type = MeetingType.objects.filter(code=payload.type, is_active=True).first()
    if meeting_type is None:
        raise field_error("type", f"未知的会议类型：{payload.type}")
    group = referenced(request, PartyGroup.objects.filter(branch=branch), payload.group, "group")
    people = Person.objects.filter(unit=branch.unit)
    host = referenced(request, people, payload.host, "host")
    recorder = referenced(request, people, payload.recorder, "recorder")
    attendees = {
        p.pk: p for p in referenced_many(request, people, [a.person for a in payload.attendance], "attendance")
    }
    meeting = services.meeting_create(
        user=request.auth_user,
        branch=branch,
        type=meeting_type,
        group=group,
        title=payload.title,
        held_at=payload.held_at,
        place=payload.place,
        host=host,
        recorder=recorder,
        agenda=payload.agenda,
        discussion=payload.discussion,
        attendance=[services.AttendanceIn(attendees[a.person], a.status, a.reason) for a in payload.attendance],
        resolutions=[
            services.ResolutionIn(r.text, r.votes_for, r.votes_against, r.votes_abstain) for r in payload.resolutions
        ],
        items=referenced_many(request, services.campaign_items(branch.unit_id), payload.items, "items"),
    )
    return Status(201, selectors.meeting_detail_queryset(request.auth_user).get(pk=meeting.pk))


def _applicant_out(row) -> dict:
    a, nxt = row["applicant"], row["next"]
    return {
        "id": a.pk,
        "unit_id": a.unit_id,
        "branch_id": a.branch_id,
        "person_id": a.person_id,
        "name": a.person.name,
        "stage": a.stage,
        "stage_name": a.get_stage_display(),
        "status": a.status,
        "next_step": nxt.step.number if nxt else None,
        "next_step_name": nxt.step.name if nxt else None,
        "next_due": nxt.due if nxt else None,
        "next_due_kind": nxt.kind or None if nxt else None,
        "warnings": len(row["warnings"]),
        "steps": row["records"],
    }


@router.get("/applicants", response=list[PartyApplicantOut], summary="党员发展：入党申请人及所处阶段、下一步期限")
@paginate(Pagination)
def applicant_list(request, filters: Query[PartyApplicantFilter]):
    qs = selectors.applicant_queryset(request.auth_user).order_by("branch_id", "id")
    if filters.branch is not None:
        qs = qs.filter(branch_id=filters.branch)
    return _Rows(qs)


class _Rows:
    """A lazily sliced queryset whose page comes out as pipeline rows (paginate slices it)."""

    def __init__(self, qs):
        self.qs = qs

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return [_applicant_out(r) for r in selectors.pipeline(self.qs[item])]


@router.get("/applicants/{applicant_id}", response=PartyApplicantDetailOut, summary="入党申请人详情：各步骤及规则提示")
def applicant_detail(request, applicant_id: int):
    a = get_visible(request, selectors.applicant_queryset(request.auth_user), applicant_id)
    return _applicant_out(selectors.pipeline([a])[0])


@router.post("/branches/{branch_id}/applicants", response={201: PartyApplicantDetailOut}, summary="登记入党申请人")
def applicant_create(request, branch_id: int, payload: PartyApplicantIn):
    branch = _branch(request, branch_id, change=True)
    person = referenced(request, Person.objects.filter(unit=branch.unit), payload.person, "person")
    a = development.applicant_create(
        user=request.auth_user, branch=branch, person=person, applied_on=payload.applied_on, notes=payload.notes
    )
    a = selectors.applicant_queryset(request.auth_user).get(pk=a.pk)
    return Status(201, _applicant_out(selectors.pipeline([a])[0]))


@router.post("/applicants/{applicant_id}/steps", response={201: PartyApplicantDetailOut}, summary="登记发展党员步骤")
def step_create(request, applicant_id: int, payload: PartyStepIn):
    a = get_changeable(request, Applicant.objects.all(), applicant_id)
    step = DevelopmentStep.objects.filter(number=payload.step).first()
    if step is None:
        raise field_error("step", f"没有第 {payload.step} 步")
    people = referenced_many(request, Person.objects.filter(unit_id=a.unit_id), payload.people, "people")
    development.step_record(
        user=request.auth_user,
        applicant=a,
        step=step,
        done_on=payload.done_on,
        people=people,
        notes=payload.notes,
        training_days=payload.training_days,
        training_hours=payload.training_hours,
    )
    a = selectors.applicant_queryset(request.auth_user).get(pk=a.pk)
    return Status(201, _applicant_out(selectors.pipeline([a])[0]))
