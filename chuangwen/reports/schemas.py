"""Input and output shapes of the inspection materials API, with the Chinese term of each field."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from chuangwen.api.schemas import Id, choice

from .models import REPORT_MAX_CHARS, GeneratedDocument, LedgerBuild

# The ledger (迎检台账) and indicator reports (说明报告)


class LedgerBuildIn(Schema):
    aspects: list[Id] = Field(default_factory=list, max_length=200, description="所选方面 id（空：整个创建周期）")
    rebuild: bool = Field(False, description="材料未变也重新生成")


class LedgerBuildOut(Schema):
    id: int
    campaign_id: int = Field(description="创建周期 id")
    unit_id: int = Field(description="单位 id")
    aspects: list[int] = Field(description="所选方面 id（空：整个创建周期）")
    status: choice(LedgerBuild.Status) = Field(description="状态")
    files_total: int = Field(description="材料文件数")
    files_done: int = Field(description="已写入文件数")
    bytes_total: int = Field(description="压缩包大小（字节）")
    bytes_done: int = Field(description="已写入字节数")
    percent: int = Field(description="进度（%）")
    created_at: datetime = Field(description="发起时间")
    finished_at: datetime | None = Field(description="完成时间")
    download_url: str | None = Field(description="下载地址（支持断点续传，HTTP Range）")

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        if obj.status != LedgerBuild.Status.DONE:
            return None
        return reverse("api:reports_ledger_file", args=[obj.pk])


class IndicatorReportOut(Schema):
    id: int
    campaign_id: int = Field(description="创建周期 id")
    indicator_id: int = Field(description="测评指标 id")
    indicator: str = Field(description="测评指标")
    text: str = Field(description="说明报告")
    chars: int = Field(description="字数")
    drafted: bool = Field(description="是否为系统起草（未经修改）")
    edited_by: str | None = Field(description="最后修改人")
    updated_at: datetime = Field(description="最后修改时间")

    @staticmethod
    def resolve_indicator(obj) -> str:
        ind = obj.indicator
        return ind.aspect.title if ind.implicit else f"{ind.code} {ind.title}".strip()

    @staticmethod
    def resolve_chars(obj) -> int:
        return len(obj.text)

    @staticmethod
    def resolve_edited_by(obj) -> str | None:
        u = obj.edited_by
        return (u.get_full_name() or u.get_username()) if u else None


class IndicatorReportIn(Schema):
    text: str = Field(description=f"说明报告（不超过 {REPORT_MAX_CHARS} 字）")


class DraftOut(Schema):
    drafted: int = Field(description="起草的报告数")


# Document templates and generated documents


class TemplateKindOut(Schema):
    kind: str = Field(description="文档类型代码（plan 工作方案、bulletin 通报 …）")
    label: str = Field(description="文档类型名称")
    version: int | None = Field(description="当前模板版本；null 表示使用默认模板")
    uploaded_at: datetime | None = None
    may_upload: bool = Field(description="调用者能否上传新版本")
    fields: list[str] = Field(description="模板可使用的字段")


class TemplateVersionOut(Schema):
    kind: str
    version: int
    original_name: str
    sha256: str
    uploaded_at: datetime


class DocumentOut(Schema):
    id: int
    kind: str = Field(description="文档类型代码")
    title: str
    campaign: int | None = Field(None, description="创建周期 id")
    template_version: int | None = Field(description="生成所用模板版本；null 表示默认模板")
    status: choice(GeneratedDocument.Status) = Field(description="文档生成状态（工作总结由后台任务生成）")
    error: str = Field(description="生成失败的原因")
    sha256: str
    pdf_status: choice(GeneratedDocument.PdfStatus) = Field(description="PDF 转换任务状态")
    pdf_error: str
    created_at: datetime
    docx_url: str | None = Field(description=".docx 就绪后的下载地址")
    pdf_url: str | None = Field(description="PDF 就绪后的下载地址")


# The plan's and the summary's texts (the office's wording)

TEXT_MAX = 20_000


class PlanTextIO(Schema):
    opening: str = Field("", max_length=TEXT_MAX, description="开头（每行一段）")
    guiding_idea: str = Field("", max_length=TEXT_MAX, description="指导思想")
    goals: str = Field("", max_length=TEXT_MAX, description="工作目标")
    safeguards: str = Field("", max_length=TEXT_MAX, description="保障措施（空：默认三条）")


class SummaryTextIO(Schema):
    opening: str = Field("", max_length=TEXT_MAX, description="开头（空：自动生成）")
    organisation: str = Field("", max_length=TEXT_MAX, description="组织领导")
    tasks: str = Field("", max_length=TEXT_MAX, description="任务落实与测评")
    inspections: str = Field("", max_length=TEXT_MAX, description="督查整改")
    service: str = Field("", max_length=TEXT_MAX, description="服务满意度与投诉处理")
    activities: str = Field("", max_length=TEXT_MAX, description="创建活动与志愿服务")
    ethics: str = Field("", max_length=TEXT_MAX, description="医德医风与评先评优")
    party: str = Field("", max_length=TEXT_MAX, description="党建引领")
    problems: str = Field("", max_length=TEXT_MAX, description="存在的问题")
    measures: str = Field("", max_length=TEXT_MAX, description="下一步工作打算（空：默认四条）")


class SummaryFigureOut(Schema):
    section: str = Field(description="部分代码")
    heading: str = Field(description="部分标题")
    label: str = Field(description="项目")
    text: str = Field(description="数值（含单位；无数据为 —）")
