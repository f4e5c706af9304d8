"""The feedback API: complaints list / search / detail (contacts masked by the same rule as the
pages), staff intake, assign, handling records, reply, close, reopen, satisfaction, archive.
Scoped like the pages: outside the scope 404, visible but not yours to act on 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, referenced, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.org.models import Department, Person, Unit
from chuangwen.org.selectors import units_user_can_change

from . import search, selectors, services
from .models import Complaint, HandlingRecord
from .schemas import (
    AssignIn,
    CloseIn,
    ComplaintDetailOut,
    ComplaintFilter,
    ComplaintIn,
    ComplaintOut,
    ComplaintReopenIn,
    RecordIn,
    RecordOut,
    ReplyIn,
    SatisfactionIn,
)

router = Router(tags=["feedback"])


def _complaint(request, complaint_id: int, *, manage: bool | None = None) -> Complaint:
    """One complaint through the scope (404); with ``manage`` True the office only, False the
    office or handler (403 otherwise)."""
    qs = selectors.complaint_queryset().prefetch_related(
        Prefetch("records", queryset=HandlingRecord.objects.select_related("by").order_by("at", "id"))
    )
    complaint = get_visible(request, qs, complaint_id)
    if manage is not None:
        allowed = selectors.may_manage if manage else selectors.may_handle
        if not allowed(request.auth_user, complaint):
            raise PermissionDenied
    return complaint


def _department(request, unit, department_id, field):
    return referenced(
        request, Department.objects.filter(unit=unit), department_id, field, _("Department not found in this unit.")
    )


def _detail(request, complaint_id: int) -> Complaint:
    """The complaint as the detail answer shows it (fresh, with its records prefetched)."""
    return _complaint(request, complaint_id)


@router.get("/complaints", response=list[ComplaintOut], summary="投诉建议列表与检索")
@paginate(Pagination)
def complaint_list(request, filters: Query[ComplaintFilter]):
    f = filters
    qs = visible(request, selectors.complaint_queryset()).filter(archived_at__isnull=not f.archived)
    exact = {
        "status": f.status,
        "kind": f.kind,
        "category": f.category,
        "channel": f.channel,
        "department_id": f.department,
        "unit_id": f.unit,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if f.overdue is not None:
        qs = qs.filter(selectors.overdue_q()) if f.overdue else qs.exclude(selectors.overdue_q())
    if f.q:
        qs = search.search(qs, f.q, request.auth_user)
    return qs.order_by("-received_at", "-id")


@router.get("/complaints/{int:complaint_id}", response=ComplaintDetailOut, summary="投诉详情（含处理记录）")
def complaint_detail(request, complaint_id: int):
    return _detail(request, complaint_id)


@router.post("/complaints", response={201: ComplaintDetailOut}, summary="登记投诉（电话、来信、来访、12345）")
def complaint_create(request, payload: ComplaintIn):
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit", _("Unit not found."))
    if not units_user_can_change(request.auth_user, Complaint).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if payload.channel in services.PUBLIC_CHANNELS:
        raise field_error("channel", _("Staff intake takes calls, letters, visits and 12345 tickets."))
    complaint = services.complaint_create(
        unit=unit,
        channel=payload.channel,
        kind=payload.kind,
        category=payload.category,
        department=_department(request, unit, payload.department, "department"),
        content=payload.content,
        occurred_on=payload.occurred_on,
        complainant_name=payload.complainant_name,
        complainant_phone=payload.complainant_phone,
        contact_consent=payload.contact_consent,
        user=request.auth_user,
    )
    return Status(201, _detail(request, complaint.pk))


@router.post("/complaints/{int:complaint_id}/assign", response=ComplaintDetailOut, summary="指派处理人")
def complaint_assign(request, complaint_id: int, payload: AssignIn):
    complaint = _complaint(request, complaint_id, manage=True)
    handlers = services.handler_choices(complaint.unit)
    handler = referenced(request, handlers, payload.handler, "handler", _("The handler must be a member of this unit."))
    services.complaint_assign(
        complaint=complaint,
        handler=handler,
        handling_department=_department(request, complaint.unit, payload.handling_department, "handling_department"),
        note=payload.note,
        user=request.auth_user,
    )
    return _detail(request, complaint_id)


@router.post("/complaints/{int:complaint_id}/records", response={201: RecordOut}, summary="添加处理记录")
def complaint_record(request, complaint_id: int, payload: RecordIn):
    complaint = _complaint(request, complaint_id, manage=False)
    return Status(201, services.complaint_record_add(complaint=complaint, text=payload.text, user=request.auth_user))


@router.post("/complaints/{int:complaint_id}/reply", response=ComplaintDetailOut, summary="答复投诉人")
def complaint_reply(request, complaint_id: int, payload: ReplyIn):
    complaint = _complaint(request, complaint_id, manage=False)
    services.complaint_reply(complaint=complaint, text=payload.text, channel=payload.channel, user=request.auth_user)
    return _detail(request, complaint_id)


@router.post("/complaints/{int:complaint_id}/close", response=ComplaintDetailOut, summary="办结")
def complaint_close(request, complaint_id: int, payload: CloseIn):
    complaint = _complaint(request, complaint_id, manage=False)
    person = referenced(
        request,
        Person.objects.filter(unit=complaint.unit),
        payload.person,
        "person",
        _("Person not found in this unit."),
    )
    services.complaint_close(
        complaint=complaint,
        satisfaction=payload.satisfaction or "",
        note=payload.note,
        outcome=payload.outcome or "",
        person=person,
        user=request.auth_user,
    )
    return _detail(request, complaint_id)


@router.post("/complaints/{int:complaint_id}/reopen", response=ComplaintDetailOut, summary="重新办理")
def complaint_reopen(request, complaint_id: int, payload: ComplaintReopenIn):
    complaint = _complaint(request, complaint_id, manage=True)
    services.complaint_reopen(complaint=complaint, reason=payload.reason, user=request.auth_user)
    return _detail(request, complaint_id)


@router.post("/complaints/{int:complaint_id}/satisfaction", response=ComplaintDetailOut, summary="记录满意度")
def complaint_satisfaction(request, complaint_id: int, payload: SatisfactionIn):
    complaint = _complaint(request, complaint_id, manage=False)
    services.complaint_satisfaction_set(complaint=complaint, satisfaction=payload.satisfaction, user=request.auth_user)
    return _detail(request, complaint_id)


@router.post("/complaints/{int:complaint_id}/archive", response=ComplaintDetailOut, summary="归档")
def complaint_archive(request, complaint_id: int):
    complaint = _complaint(request, complaint_id, manage=True)
    services.complaint_archive(complaint=complaint, user=request.auth_user)
    return _detail(request, complaint_id)
