"""Input and output shapes of the evidence API, with the Chinese term of each field."""

from datetime import date, datetime
from typing import Annotated

from django.urls import reverse
from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from .models import Evidence, EvidenceFile, ItemCompliance


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
    doc_kind: str = Field(description="材料类别（会议纪要、方案、签到表…）")
    attested: list[str] = Field(description="审核人确认看到的内容")
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
    doc_kind: str = Field("", max_length=30, description="材料类别，须为测评项目“类别”要求所列之一")
    note: str = Field("", description="说明")
    submit: bool = Field(False, description="保存后立即提交审核")


class ReviewIn(Schema):
    accept: bool = Field(description="true 通过，false 退回")
    reason: str = Field("", max_length=2000, description="退回原因（退回时必填）")
    attested: list[str] = Field([], description="通过时审核人确认看到的内容（测评项目的“须见”要求，如 落款处加盖印章）")


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
