"""The evidence API (台账): records with their files, submission, review, archive, downloads
and item compliance, scoped exactly like the pages (outside the scope is 404)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import referenced, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import Id
from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Task
from chuangwen.core.files import file_response, prepare_all
from chuangwen.standards.models import Item

from . import selectors, services, uploads
from .models import Evidence, EvidenceFile, ItemCompliance
from .schemas import ComplianceOut, EvidenceFilter, EvidenceIn, EvidenceOut, ReviewIn
from .views.files import INLINE_KINDS

router = Router(tags=["evidence"])


def _evidence_qs(request, action: str = "view"):
    files = EvidenceFile.objects.order_by("version", "id")
    return (
        selectors.visible_evidence(request.auth_user, action)
        .select_related("department", "item")
        .prefetch_related(Prefetch("files", queryset=files, to_attr="api_files"))
    )


def _get(request, pk: int) -> Evidence:
    obj = _evidence_qs(request).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _reload(request, evidence: Evidence) -> Evidence:
    return _get(request, evidence.pk)


def _stage(files) -> list[uploads.PreparedUpload]:
    try:
        return prepare_all(files, uploads.prepare_upload)
    except ValidationError as exc:
        raise field_error("files", "；".join(exc.messages)) from None


@router.get("/records", response=list[EvidenceOut], summary="台账列表")
@paginate(Pagination)
def evidence_list(request, filters: Query[EvidenceFilter]):
    return filters.filter(_evidence_qs(request)).order_by("-occurred_on", "-id")


@router.get("/records/{int:evidence_id}", response=EvidenceOut, summary="台账详情")
def evidence_detail(request, evidence_id: int):
    return _get(request, evidence_id)


@router.post("/records", response={201: EvidenceOut}, summary="新建台账（multipart，可附多个文件）")
def evidence_create(request, payload: Form[EvidenceIn], files: File[list[UploadedFile]] = None):
    user = request.auth_user
    tasks = Task.objects.filter(archived_at__isnull=True)
    task = referenced(request, tasks, payload.task, "task", _("Task not found."))
    item = referenced(request, Item.objects.all(), payload.item, "item")
    if not selectors.can_add_evidence(user, task):
        raise PermissionDenied
    prepared = _stage(files)
    try:
        evidence = services.evidence_create(
            task=task,
            user=user,
            item=item,
            title=payload.title,
            occurred_on=payload.occurred_on,
            doc_number=payload.doc_number,
            doc_kind=payload.doc_kind,
            note=payload.note,
            files=prepared,
        )
        if payload.submit:
            services.evidence_submit(evidence=evidence, user=user)
    finally:
        for p in prepared:
            p.close()
    return Status(201, _reload(request, evidence))


@router.post("/records/{int:evidence_id}/files", response={201: EvidenceOut}, summary="追加文件")
def evidence_add_files(request, evidence_id: int, files: File[list[UploadedFile]]):
    evidence = _get(request, evidence_id)
    prepared = _stage(files)
    try:
        for p in prepared:
            services.evidence_add_file(evidence=evidence, user=request.auth_user, upload=p)
    finally:
        for p in prepared:
            p.close()
    return Status(201, _reload(request, evidence))


@router.post("/records/{int:evidence_id}/submit", response=EvidenceOut, summary="提交审核")
def evidence_submit(request, evidence_id: int):
    evidence = _get(request, evidence_id)
    services.evidence_submit(evidence=evidence, user=request.auth_user)
    return _reload(request, evidence)


@router.post("/records/{int:evidence_id}/review", response=EvidenceOut, summary="审核：通过或退回（须填原因）")
def evidence_review(request, evidence_id: int, payload: ReviewIn):
    evidence = _get(request, evidence_id)
    services.evidence_review(
        evidence=evidence,
        user=request.auth_user,
        accept=payload.accept,
        reason=payload.reason,
        attested=payload.attested,
    )
    return _reload(request, evidence)


@router.post("/records/{int:evidence_id}/archive", response=EvidenceOut, summary="归档（不删除）")
def evidence_archive(request, evidence_id: int):
    evidence = _get(request, evidence_id)
    services.evidence_archive(evidence=evidence, user=request.auth_user)
    return _reload(request, evidence)


@router.get("/files/{int:file_id}/download", summary="下载文件", url_name="evidence_file_download")
def file_download(request, file_id: int):
    f = selectors.visible_files(request.auth_user).filter(pk=file_id).first()
    if f is None:
        raise Http404
    download_record(request=request, target=f, kind="evidence_file", via="api", filename=f.original_name)
    return file_response(f.file, content_type=f.content_type, filename=f.original_name, inline=f.kind in INLINE_KINDS)


@router.get("/compliance", response=list[ComplianceOut], summary="测评项目达标情况")
@paginate(Pagination)
def compliance_list(request, campaign: Id | None = None):
    qs = visible(request, ItemCompliance.objects.select_related("item")).order_by("campaign_id", "item__order")
    return qs.filter(campaign_id=campaign) if campaign else qs
