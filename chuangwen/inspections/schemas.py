"""Input and output shapes of the inspections API (rounds, findings, photos, the steps of the
rectification loop), with the Chinese term of each field."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from . import selectors
from .models import Finding, FindingEvent, FindingPhoto, InspectionRound


class ChecklistOut(Schema):
    id: int
    item_id: int | None
    item_code: str | None
    text: str = Field(description="检查内容")
    max_deduction: Decimal = Field(description="最高扣分")

    @staticmethod
    def resolve_item_code(obj) -> str | None:
        return obj.item.code if obj.item_id else None


class RoundOut(Schema):
    id: int
    owner_unit_id: int
    owner_unit_name: str
    kind: choice(InspectionRound.Kind) = Field(description="类型：自查 / 督查 / 暗访 / 上级检查")
    title: str
    starts_on: date
    ends_on: date
    status: choice(InspectionRound.Status)
    notes: str
    target_unit_ids: list[int]
    target_department_ids: list[int]
    inspector_ids: list[int]
    checklist: list[ChecklistOut]

    @staticmethod
    def resolve_owner_unit_name(obj) -> str:
        return obj.owner_unit.name

    @staticmethod
    def resolve_target_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.target_units.all()]

    @staticmethod
    def resolve_target_department_ids(obj) -> list[int]:
        return [d.pk for d in obj.target_departments.all()]

    @staticmethod
    def resolve_inspector_ids(obj) -> list[int]:
        return [u.pk for u in obj.inspectors.all()]

    @staticmethod
    def resolve_checklist(obj) -> list:
        return list(obj.checklist.all())


class RoundIn(Schema):
    owner_unit: Id = Field(description="组织单位 id")
    kind: choice(InspectionRound.Kind)
    title: str = Field(max_length=200)
    starts_on: date
    ends_on: date
    target_units: list[Id] = Field(description="被检查单位 id")
    target_departments: list[Id] = Field([], description="被检查科室 id（空为全部科室）")
    inspectors: list[Id] = Field([], description="检查人员（用户 id）")
    items: list[Id] = Field([], description="检查清单：测评项目 id（须为被检查单位在用创建周期的标准）")
    free_checks: list[str] = Field([], description="检查清单：其他检查内容，每项一条")
    notes: str = ""


class PhotoOut(Schema):
    id: int
    stage: choice(FindingPhoto.Stage) = Field(description="阶段：发现 / 整改后 / 复查")
    event_id: int | None
    original_name: str
    content_type: str
    size: int
    download_url: str
    thumbnail_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str:
        return reverse("api:inspection_photo_download", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str | None:
        return reverse("inspections:photo_thumbnail", args=[obj.pk]) if obj.thumbnail else None


class EventOut(Schema):
    id: int
    kind: choice(FindingEvent.Kind)
    from_state: str
    to_state: str
    text: str
    actor_id: int | None
    actor_name: str | None
    at: datetime

    @staticmethod
    def resolve_actor_name(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class FindingOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    source_unit_id: int = Field(description="发现单位（卫健局的问题由医院创建办派发）")
    round_id: int | None
    department_id: int | None
    department_name: str | None
    item_id: int | None
    item_code: str | None
    description: str = Field(description="问题描述")
    location: str = Field(description="位置")
    severity: choice(Finding.Severity)
    points_deducted: Decimal
    found_by_id: int | None
    found_at: datetime
    state: choice(Finding.State) = Field(description="状态：待派发 / 整改中 / 待复查 / 已销号")
    responsible_person_id: int | None
    responsible_person_name: str | None
    deadline: date | None
    ordered_at: datetime | None
    closed_at: datetime | None
    escalation_level: int
    overdue: bool
    version: int = Field(description="版本：答复、复查时回传，防止覆盖他人的修改")
    archived_at: datetime | None

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_department_name(obj) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_item_code(obj) -> str | None:
        return obj.item.code if obj.item_id else None

    @staticmethod
    def resolve_responsible_person_name(obj) -> str | None:
        return obj.responsible_person.name if obj.responsible_person_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.is_overdue(obj)


class FindingDetailOut(FindingOut):
    photos: list[PhotoOut]
    events: list[EventOut]

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


class FindingFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = None
    state: choice(Finding.State) | None = None
    department: Annotated[Id | None, FilterLookup("department_id")] = None
    severity: choice(Finding.Severity) | None = None
    round: Annotated[Id | None, FilterLookup("round_id")] = None
    found_from: Annotated[date | None, FilterLookup("found_at__date__gte")] = None
    found_to: Annotated[date | None, FilterLookup("found_at__date__lte")] = None


class FindingIn(Schema):
    unit: Id = Field(description="被检查单位 id")
    round: Id | None = Field(None, description="检查轮次 id")
    department: Id | None = Field(None, description="科室 id")
    item: Id | None = Field(None, description="测评项目 id（有检查清单时须在清单中）")
    description: str = Field(max_length=2000, description="问题描述")
    location: str = Field("", max_length=200, description="位置，如 住院部3楼东侧走廊")
    severity: choice(Finding.Severity) = Finding.Severity.GENERAL
    points_deducted: Decimal = Field(Decimal("0"), ge=0, max_digits=6, decimal_places=2)
    responsible_person: Id | None = Field(None, description="创建办可同时派发：责任人 id")
    deadline: date | None = Field(None, description="创建办可同时派发：整改期限")


class DispatchIn(Schema):
    department: Id = Field(description="责任科室 id")
    responsible_person: Id | None = Field(None, description="责任人 id")
    deadline: date = Field(description="整改期限")
    note: str = Field("", max_length=2000, description="整改要求")
    version: int | None = Field(None, description="读取时的版本")


class RespondIn(Schema):
    text: str = Field(max_length=4000, description="整改情况")
    version: int = Field(description="读取时的版本（必填）：他人已修改时拒绝，不覆盖")


class RecheckIn(Schema):
    passed: bool = Field(description="true 复查通过（销号），false 不通过（退回整改）")
    reason: str = Field("", max_length=2000, description="不通过原因（不通过时必填）")
    deadline: date | None = Field(None, description="新的整改期限（可选）")
    version: int | None = None


class FindingReopenIn(Schema):
    reason: str = Field(max_length=2000, description="回头看发现的问题")
    deadline: date = Field(description="新的整改期限")
    version: int | None = None


class BulletinOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    title: str
    doc_no: str = Field(description="文号")
    period_start: date
    period_end: date
    status: str = Field(description="生成状态：queued 排队 / running 生成中 / done 就绪 / failed 失败")
    progress: int = Field(description="生成进度（%）")
    pdf_status: str = Field(description="PDF 状态：空（未生成）/ queued / running / done / failed")
    created_at: datetime
    docx_url: str | None = Field(description="下载 .docx（就绪后）")
    pdf_url: str | None = Field(description="下载 PDF（就绪后）")

    @staticmethod
    def resolve_doc_no(obj) -> str:
        return (obj.numbers or {}).get("doc_no", "")

    @staticmethod
    def resolve_docx_url(obj) -> str | None:
        ready = obj.status == "done" and obj.file
        return reverse("api:inspection_bulletin_docx", args=[obj.pk]) if ready else None

    @staticmethod
    def resolve_pdf_url(obj) -> str | None:
        ready = obj.pdf_status == "done" and obj.pdf
        return reverse("api:inspection_bulletin_pdf", args=[obj.pk]) if ready else None


class BulletinDetailOut(BulletinOut):
    numbers: dict = Field(description="通报中的数字（问题总数、已销号、逾期及各科室）")
    error: str = Field(description="生成失败的原因")
    pdf_error: str


class BulletinIn(Schema):
    unit: Id = Field(description="被通报单位（创建办本单位，或卫健局辖区内的单位）")
    period_start: date = Field(description="统计期间起")
    period_end: date = Field(description="统计期间止（含）")
