"""The inspections API: rounds, findings and the rectification loop (dispatch, answer with the
version read, re-check, reopen), photo downloads; scoped exactly like the pages (outside the
scope is 404, seen but not allowed is 403, a refused step is 422 with a Chinese message)."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, referenced, referenced_many
from chuangwen.api.errors import APIError, field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut, Id, choice
from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response
from chuangwen.org.models import Department, Person, Unit, User
from chuangwen.standards.models import Item

from . import selectors
from .bulletins import bulletin_request, can_request
from .models import Bulletin, Finding, InspectionRound
from .schemas import (
    BulletinDetailOut,
    BulletinIn,
    BulletinOut,
    DispatchIn,
    FindingDetailOut,
    FindingFilter,
    FindingIn,
    FindingOut,
    FindingReopenIn,
    RecheckIn,
    RespondIn,
    RoundIn,
    RoundOut,
)
from .services import findings as finding_services
from .services import rounds as round_services
from .services.photos import prepare_photos

router = Router(tags=["inspections"])
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CappedPagination(Pagination):
    """``count`` stops at 10,001 (meaning "more than 10,000"): an exact count over a region's
    million findings would cost more than the page itself."""

    def _items_count(self, queryset) -> int:
        return queryset[: selectors.COUNT_CAP + 1].count()


# --- helpers -----------------------------------------------------------------------------------


def _rounds(request):
    return (
        selectors.visible_rounds(request.auth_user)
        .select_related("owner_unit")
        .prefetch_related(
            "target_units", "target_departments", "inspectors", Prefetch("checklist", queryset=selectors.checklist_qs())
        )
    )


def _findings(request):
    return selectors.finding_rows(selectors.visible_findings(request.auth_user))


def _finding(request, pk: int) -> Finding:
    finding = selectors.finding_detail(request.auth_user, pk)
    if finding is None:
        raise Http404
    return finding


def _round(request, pk: int) -> InspectionRound:
    rnd = _rounds(request).filter(pk=pk).first()
    if rnd is None:
        raise Http404
    return rnd


def _department(request, unit_id: int | None, pk: int | None, field: str = "department") -> Department | None:
    d = referenced(request, Department.objects.all(), pk, field)
    if d is not None and unit_id is not None and d.unit_id != unit_id:
        raise field_error(field, _("The department belongs to another unit."))
    return d


def _person(request, unit_id: int, pk: int | None) -> Person | None:
    p = referenced(request, Person.objects.all(), pk, "responsible_person")
    if p is not None and p.unit_id != unit_id:
        raise field_error("responsible_person", _("The responsible person must work in the responsible department."))
    return p


@contextmanager
def _staged(photos):
    """The uploaded photos checked and prepared for a service (422 on ``photos`` if one is not
    acceptable), closed again when the block ends, whatever happens in it."""
    try:
        prepared = prepare_photos(photos or [])
    except ValidationError as exc:
        raise field_error("photos", "；".join(exc.message_dict.get("photos", exc.messages))) from None
    try:
        yield prepared
    finally:
        for p in prepared:
            p.close()


# A step of the rectification loop answers 409 when the finding changed since it was read.
STEP_RESPONSES = {200: FindingDetailOut, 409: ErrorOut}


def _step(call):
    """Run a service; a stale version answers 409 Conflict (nothing was written)."""
    try:
        return call()
    except ValidationError as exc:
        if any(getattr(e, "code", None) == "stale" for e in getattr(exc, "error_list", [])):
            raise APIError(409, exc.messages[0]) from None
        raise


# --- rounds ------------------------------------------------------------------------------------


@router.get("/rounds", response=list[RoundOut], summary="检查轮次列表")
@paginate(Pagination)
def round_list(
    request, kind: choice(InspectionRound.Kind) | None = None, status: choice(InspectionRound.Status) | None = None
):
    qs = _rounds(request).order_by("-starts_on", "-id")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(status=status) if status else qs


@router.get("/rounds/{int:round_id}", response=RoundOut, summary="检查轮次详情")
def round_detail(request, round_id: int):
    return _round(request, round_id)


@router.post("/rounds", response={201: RoundOut}, summary="新建检查轮次（含检查清单）")
def round_create(request, payload: RoundIn):
    user = request.auth_user
    owner = referenced(request, Unit.objects.all(), payload.owner_unit, "owner_unit", _("Unit not found."))
    rnd = round_services.round_create(
        user=user,
        owner_unit=owner,
        kind=payload.kind,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        target_units=referenced_many(request, Unit.objects.all(), payload.target_units, "target_units"),
        target_departments=referenced_many(
            request, Department.objects.all(), payload.target_departments, "target_departments"
        ),
        inspectors=referenced_many(request, User.objects.all(), payload.inspectors, "inspectors"),
        items=referenced_many(request, Item.objects.all(), payload.items, "items"),
        free_checks=payload.free_checks,
        notes=payload.notes,
    )
    return Status(201, _round(request, rnd.pk))


# --- findings ----------------------------------------------------------------------------------


@router.get(
    "/findings",
    response=list[FindingOut],
    summary="问题清单（筛选；count 最多计到 10001，即“超过一万”）",
)
@paginate(CappedPagination)
def finding_list(request, filters: Query[FindingFilter], overdue: bool | None = None):
    qs = filters.filter(_findings(request))
    if overdue is not None:
        q = selectors.overdue_q(timezone.localdate())
        qs = qs.filter(q) if overdue else qs.exclude(q)
    return qs


@router.get("/findings/{int:finding_id}", response=FindingDetailOut, summary="问题详情（照片、处理过程）")
def finding_detail(request, finding_id: int):
    return _finding(request, finding_id)


@router.post("/findings", response={201: FindingDetailOut}, summary="记录问题（multipart，可附多张照片）")
def finding_create(request, payload: Form[FindingIn], photos: File[list[UploadedFile]] = None):
    user = request.auth_user
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit", _("Unit not found."))
    rnd = referenced(request, InspectionRound.objects.all(), payload.round, "round", _("Round not found."))
    item = referenced(request, Item.objects.all(), payload.item, "item")
    with _staged(photos) as prepared:
        finding = finding_services.finding_record(
            user=user,
            unit=unit,
            round=rnd,
            department=_department(request, unit.pk, payload.department),
            item=item,
            description=payload.description,
            location=payload.location,
            severity=payload.severity,
            points_deducted=payload.points_deducted,
            photos=prepared,
            responsible_person=_person(request, unit.pk, payload.responsible_person),
            deadline=payload.deadline,
        )
    return Status(201, _finding(request, finding.pk))


@router.post("/findings/{int:finding_id}/dispatch", response=STEP_RESPONSES, summary="派发整改通知（创建办）")
def finding_dispatch(request, finding_id: int, payload: DispatchIn):
    finding = _finding(request, finding_id)
    department = _department(request, finding.unit_id, payload.department)
    _step(
        lambda: finding_services.finding_dispatch(
            finding=finding,
            user=request.auth_user,
            department=department,
            responsible_person=_person(request, finding.unit_id, payload.responsible_person),
            deadline=payload.deadline,
            note=payload.note,
            expected_version=payload.version,
        )
    )
    return _finding(request, finding_id)


@router.post(
    "/findings/{int:finding_id}/respond",
    response=STEP_RESPONSES,
    summary="整改答复（multipart，回传 version；他人已修改时 409）",
)
def finding_respond(request, finding_id: int, payload: Form[RespondIn], photos: File[list[UploadedFile]] = None):
    finding = _finding(request, finding_id)
    with _staged(photos) as prepared:
        _step(
            lambda: finding_services.finding_respond(
                finding=finding,
                user=request.auth_user,
                text=payload.text,
                photos=prepared,
                expected_version=payload.version,
            )
        )
    return _finding(request, finding_id)


@router.post("/findings/{int:finding_id}/recheck", response=STEP_RESPONSES, summary="复查：通过销号或退回")
def finding_recheck(request, finding_id: int, payload: Form[RecheckIn], photos: File[list[UploadedFile]] = None):
    finding = _finding(request, finding_id)
    with _staged(photos) as prepared:
        _step(
            lambda: finding_services.finding_recheck(
                finding=finding,
                user=request.auth_user,
                passed=payload.passed,
                reason=payload.reason,
                deadline=payload.deadline,
                photos=prepared,
                expected_version=payload.version,
            )
        )
    return _finding(request, finding_id)


@router.post("/findings/{int:finding_id}/reopen", response=STEP_RESPONSES, summary="回头看：重新打开已销号问题")
def finding_reopen(request, finding_id: int, payload: Form[FindingReopenIn], photos: File[list[UploadedFile]] = None):
    finding = _finding(request, finding_id)
    with _staged(photos) as prepared:
        _step(
            lambda: finding_services.finding_reopen(
                finding=finding,
                user=request.auth_user,
                reason=payload.reason,
                deadline=payload.deadline,
                photos=prepared,
                expected_version=payload.version,
            )
        )
    return _finding(request, finding_id)


@router.get("/photos/{int:photo_id}/download", summary="下载问题照片", url_name="inspection_photo_download")
def photo_download(request, photo_id: int):
    p = selectors.visible_photos(request.auth_user).filter(pk=photo_id).first()
    if p is None:
        raise Http404
    download_record(request=request, target=p, kind="inspection_photo", via="api", filename=p.original_name)
    return file_response(p.file, content_type=p.content_type, filename=p.original_name, inline=True)


# --- bulletins (通报) ------------------------------------------------------------------------


def _bulletin(request, bulletin_id: int) -> Bulletin:
    return get_visible(request, Bulletin.objects.select_related("unit"), bulletin_id)


@router.get("/bulletins", response=list[BulletinOut], summary="督查通报列表")
@paginate(Pagination)
def bulletin_list(request, unit: Query[Id | None] = None):
    qs = Bulletin.objects.visible_to(request.auth_user).select_related("unit").order_by("-created_at", "-id")
    return qs.filter(unit_id=unit) if unit else qs


@router.get("/bulletins/{int:bulletin_id}", response=BulletinDetailOut, summary="督查通报详情（生成及 PDF 状态）")
def bulletin_detail(request, bulletin_id: int):
    return _bulletin(request, bulletin_id)


@router.post("/bulletins", response={201: BulletinDetailOut}, summary="生成督查通报（后台任务，随后转 PDF）")
def bulletin_create(request, payload: BulletinIn):
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit")
    if not can_request(request.auth_user, unit):
        raise PermissionDenied
    b = bulletin_request(
        user=request.auth_user, unit=unit, period_start=payload.period_start, period_end=payload.period_end
    )
    return Status(201, _bulletin(request, b.pk))


@router.get(
    "/bulletins/{int:bulletin_id}/docx", summary="下载督查通报（.docx，就绪后）", url_name="inspection_bulletin_docx"
)
def bulletin_docx(request, bulletin_id: int):
    b = _bulletin(request, bulletin_id)
    if b.status != Bulletin.Status.DONE or not b.file:
        raise Http404
    name = f"{b.title}.docx"
    download_record(request=request, target=b, kind="bulletin", via="api", filename=name)
    return file_response(b.file, content_type=DOCX_TYPE, filename=name, inline=False)


@router.get(
    "/bulletins/{int:bulletin_id}/pdf", summary="下载督查通报（PDF，就绪后）", url_name="inspection_bulletin_pdf"
)
def bulletin_pdf(request, bulletin_id: int):
    b = _bulletin(request, bulletin_id)
    if b.pdf_status != Bulletin.Status.DONE or not b.pdf:
        raise Http404
    name = f"{b.title}.pdf"
    download_record(request=request, target=b, kind="bulletin_pdf", via="api", filename=name)
    return file_response(b.pdf, content_type="application/pdf", filename=name, inline=False)
