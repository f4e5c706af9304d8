"""API shapes of the inspection materials."""

from datetime import datetime

from ninja import Field, Schema

from chuangwen.api.schemas import choice

from .models import GeneratedDocument

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
    sha256: str
    pdf_status: choice(GeneratedDocument.PdfStatus) = Field(description="PDF 转换任务状态")
    pdf_error: str
    created_at: datetime
    docx_url: str
    pdf_url: str | None = Field(description="PDF 就绪后的下载地址")
