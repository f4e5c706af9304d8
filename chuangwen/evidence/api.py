"""The evidence API (台账): records with their files, submission, review, archive, downloads
and item compliance, scoped exactly like the pages (outside the scope is 404)."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, FilterLookup, FilterSchema, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import referenced, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import Id, choice
from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Task
from chuangwen.core.files import file_response
from chuangwen.standards.models import Item

from . import selectors, services, uploads
from .models import Evidence, EvidenceFile, ItemCompliance
from .views import INLINE_KINDS

router = Router(tags=["evidence"])


class FileOut(Schema):
    id: int
    version: int = Field(description="提交轮次")
    original_name: str = Field(description="上传时的文件名")
    kind: choice(EvidenceFile.Kind) = Field(description="类别：照片 / PDF / Word / Excel / 其他")
    content_type: str = Field(description="按内容识别的类型")
    size: int = Field(description="字节数")
    sha256: str
    taken_on: date | None = Field(description="照片拍摄日期（EXIF）")
    archived_at: datetime | None
    download_url: str
    thumbnail_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str:
        return reverse("api:evidence_file_download", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str | None:
        return reverse("evidence:file_thumbnail", args=[obj.pk]) if obj.thumbnail else None


class EvidenceOut(Schema):
    id: int
    unit_id: int
    campaign_id: int
    task_id: int
    department_id: int
    department_name: str
    item_id: int | None
    item_code: str | None
    title: str = Field(description="标题")
    note: str = Field(description="说明")
    occurred_on: date = Field(description="日期")
    doc_number: str = Field(description="文号")
    status: choice(Evidence.Status) = Field(description="状态：草稿 / 已提交 / 已通过 / 已退回")
    version: int = Field(description="提交轮次")
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_comment: str = Field(description="审核意见（退回原因）")
    archived_at: datetime | None
    files: list[FileOut]

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name

    @staticmethod
    def resolve_item_code(obj) -> str | None:
        return obj.item.code if obj.item_id else None

    @staticmethod
    def resolve_files(obj) -> list:
        return obj.api_files


class EvidenceFilter(FilterSchema):
    task: Annotated[Id | None, FilterLookup("task_id")] = None
    campaign: Annotated[Id | None, FilterLookup("campaign_id")] = None
    department: Annotated[Id | None, FilterLookup("department_id")] = None
    item: Annotated[Id | None, FilterLookup("item_id")] = None
    status: choice(Evidence.Status) | None = None


class EvidenceIn(Schema):
    task: Id = Field(description="任务 id")
    item: Id | None = Field(None, description="测评项目 id（须为该任务的项目之一）")
    title: str = Field(max_length=200, description="标题")
    occurred_on: date = Field(description="日期")
    doc_number: str = Field("", max_length=60, description="文号，如 青医发〔2026〕12号")
    note: str = Field("", description="说明")
    submit: bool = Field(False, description="保存后立即提交审核")


class ReviewIn(Schema):
    accept: bool = Field(description="true 通过，false 退回")
    reason: str = Field("", max_length=2000, description="退回原因（退回时必填）")


class ComplianceOut(Schema):
    campaign_id: int
    unit_id: int
    item_id: int
    item_code: str
    status: choice(ItemCompliance.Status)
    accepted_count: int
    unmet_reasons: list[str]

    @staticmethod
    def resolve_item_code(obj) -> str:
        return obj.item.code


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
    prepared, problems = [], []
    for f in files or []:
        try:
            prepared.append(uploads.prepare_upload(f))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        for p in prepared:
            p.close()
        raise field_error("files", "；".join(problems))
    return prepared


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
    services.evidence_review(evidence=evidence, user=request.auth_user, accept=payload.accept, reason=payload.reason)
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
