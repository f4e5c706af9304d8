"""Input and output shapes of the surveys API, with the Chinese term of each field."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from .models import Question, Response, SurveyTemplate


class QuestionOut(Schema):
    id: int
    text: str = Field(description="问题")
    kind: choice(Question.Kind) = Field(description="类型：评分 1–5 / 单选 / 多选 / 文本")
    required: bool = Field(description="是否必答")
    options: list[str] = Field(description="选项（单选、多选）")
    order: int = Field(description="顺序")
    counts_in_index: bool = Field(description="是否计入满意度指数（仅评分题）")
    is_active: bool = Field(description="是否在用")


class TemplateOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    name: str = Field(description="问卷名称")
    audience: choice(SurveyTemplate.Audience) = Field(description="对象：门诊患者 / 出院患者 / 职工")
    intro: str = Field(description="说明")
    is_active: bool = Field(description="是否启用")


class TemplateDetailOut(TemplateOut):
    questions: list[QuestionOut] = Field(description="问题")

    @staticmethod
    def resolve_questions(obj) -> list:
        return list(obj.questions.order_by("order", "id"))


class TemplateFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = Field(None, description="单位 id")
    audience: Annotated[choice(SurveyTemplate.Audience) | None, FilterLookup("audience")] = Field(
        None, description="对象"
    )


class IndexOut(Schema):
    unit_id: int = Field(description="单位 id")
    department_id: int = Field(description="科室 id")
    department_name: str = Field(description="科室名称")
    month: str = Field(description="月份 YYYY-MM")
    responses: int = Field(description="答卷数")
    index: float | None = Field(description="满意度指数 0–100：计入指数的评分题平均分 m，(m − 1) / 4 × 100")


class AnswerOut(Schema):
    question_id: int = Field(description="问题 id")
    rating: int | None = Field(description="评分 1–5")
    choices: list[int] = Field(description="所选选项序号（从 1 开始）")
    text: str = Field(description="文本")


class ResponseOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    department_id: int = Field(description="科室 id")
    department_name: str = Field(description="科室名称")
    template_id: int = Field(description="问卷 id")
    channel: choice(Response.Channel) = Field(description="来源：扫码 / 纸质意见卡")
    submitted_at: datetime = Field(description="提交时间")
    month: date = Field(description="所属月份（当月1日）")
    suggestion: str = Field(description="意见建议")
    card_no: str = Field(description="意见卡编号")
    answers: list[AnswerOut] = Field(description="答案")

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name


class ResponseFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = Field(None, description="单位 id")
    department: Annotated[Id | None, FilterLookup("department_id")] = Field(None, description="科室 id")
    template: Annotated[Id | None, FilterLookup("template_id")] = Field(None, description="问卷 id")
    channel: Annotated[choice(Response.Channel) | None, FilterLookup("channel")] = Field(None, description="来源")
    month: Annotated[date | None, FilterLookup("month")] = Field(None, description="月份（当月1日，如 2026-05-01）")


class AlertOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    department_id: int = Field(description="科室 id")
    department_name: str = Field(description="科室名称")
    month: date = Field(description="月份")
    index: float = Field(description="满意度指数")
    threshold: int = Field(description="预警阈值")
    responses: int = Field(description="答卷数")
    created_at: datetime = Field(description="预警时间")
    acknowledged_at: datetime | None = Field(description="确认时间")

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name


class FreshnessOut(Schema):
    as_of: datetime | None = Field(description="数据截至（此前提交的答卷均已计入；尚未计入过时为空）")
    pending: int = Field(description="尚未计入的答卷数")
