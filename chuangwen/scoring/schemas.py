"""Input and output shapes of the scoring API (the ledger, 量化考核, appeals, item scores), with
the Chinese term of each field."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from chuangwen.api.schemas import choice

from .models import Appeal, AppealEvent, Source

Points = Field(gt=-1000, lt=1000, max_digits=8, decimal_places=2, description="分值（负数扣分，正数加分）")


class LedgerEntryOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    department_id: int | None = Field(description="科室 id")
    department_name: str | None = Field(description="科室")
    person_id: int | None = Field(description="人员 id")
    item_id: int | None = Field(description="测评项目 id")
    period: date = Field(description="计入月份（当月 1 日）")
    occurred_on: date = Field(description="发生日期")
    points: Decimal = Field(description="分值（负数扣分）")
    source: choice(Source) = Field(description="来源")
    source_label: str = Field(description="来源记录，如“投诉 TS2026110001”")
    reason: str = Field(description="事由")
    reverses_id: int | None = Field(description="冲销的条目 id（冲销条目才有）")
    cancelled: bool = Field(description="是否已被冲销")
    created_at: datetime = Field(description="记录时间")

    @staticmethod
    def resolve_department_name(obj) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_cancelled(obj) -> bool:
        return bool(getattr(obj, "is_cancelled", False))


class LedgerFilter(Schema):
    unit: int | None = Field(None, description="单位 id")
    department: int | None = Field(None, description="科室 id")
    source: choice(Source) | None = Field(None, description="来源")
    month: date | None = Field(None, description="计入月份（任一日期，取其月份）")


class LedgerEntryIn(Schema):
    unit: int = Field(description="单位 id")
    department: int | None = Field(None, description="科室 id")
    person: int | None = Field(None, description="人员 id")
    item: int | None = Field(None, description="测评项目 id")
    points: Decimal = Points
    reason: str = Field(min_length=1, max_length=500, description="事由")
    occurred_on: date = Field(description="发生日期")
    honour: bool = Field(False, description="是否为荣誉加分（否则为手工录入）")


class LedgerCorrectionIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="冲销原因")


class DepartmentScoreOut(Schema):
    department_id: int = Field(description="科室 id")
    department_name: str = Field(description="科室")
    month: date = Field(description="月份")
    base: Decimal = Field(description="基础分")
    deductions: Decimal = Field(description="扣分合计（负数）")
    bonuses: Decimal = Field(description="加分合计")
    score: Decimal = Field(description="得分")
    rank: int = Field(description="院内排名")
    entries: int = Field(description="计入条目数")
    breakdown: dict[str, dict[str, str | int]] = Field(description="按来源：条数、原始分值、计入分值")
    published: bool = Field(description="是否已公布")

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name

    @staticmethod
    def resolve_published(obj) -> bool:
        return obj.published_at is not None


FIRST_MONTH, LAST_MONTH = date(2000, 1, 1), date(2100, 12, 31)


class DepartmentScoreFilter(Schema):
    unit: int | None = Field(None, description="单位 id（默认当前用户的单位）")
    month: date = Field(ge=FIRST_MONTH, le=LAST_MONTH, description="月份（任一日期，取其月份）")


class DepartmentTrendFilter(Schema):
    month: date = Field(ge=FIRST_MONTH, le=LAST_MONTH, description="截至月份（任一日期，取其月份）")


class DepartmentTrendOut(Schema):
    month: date = Field(description="月份")
    score: Decimal | None = Field(description="得分（未计算或未公布为空）")
    rank: int | None = Field(description="排名")


class DepartmentScoreUnitOut(Schema):
    unit_id: int = Field(description="单位 id")
    unit_name: str = Field(description="单位")
    mean: Decimal = Field(description="科室平均得分")
    departments: int = Field(description="科室数")
    rank: int = Field(description="排名")


class AppealEventOut(Schema):
    action: choice(AppealEvent.Action) = Field(description="步骤")
    text: str = Field(description="内容")
    by_id: int = Field(description="操作人（用户 id）")
    at: datetime = Field(description="时间")


class AppealOut(Schema):
    id: int
    entry_id: int = Field(description="申诉的台账条目 id")
    unit_id: int = Field(description="单位 id")
    department_id: int = Field(description="科室 id")
    text: str = Field(description="申诉理由")
    status: choice(Appeal.Status) = Field(description="状态：待处理 / 维持 / 撤销")
    deadline: date = Field(description="申诉截止日（工作日计）")
    decision: str = Field(description="处理意见")
    decided_at: datetime | None = Field(description="处理时间")
    counter_entry_id: int | None = Field(description="撤销时的冲销条目 id")
    files: int = Field(description="附件数")
    events: list[AppealEventOut] = Field(description="全部步骤")

    @staticmethod
    def resolve_files(obj) -> int:
        return len(obj.files.all())

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


class AppealDecisionIn(Schema):
    reverse: bool = Field(description="true 撤销扣分（冲销），false 维持")
    reason: str = Field(min_length=1, max_length=2000, description="处理意见")


class AppealIn(Schema):
    text: str = Field(min_length=1, max_length=2000, description="申诉理由")


# Item scores (自评与主管部门测评)


class LineOut(Schema):
    points: Decimal = Field(description="本行分值（负数为扣分）；各行之和等于得分")
    text: str = Field(description="说明")
    url: str = Field(description="来源记录的页面（无则为空）")


class ViewScoreOut(Schema):
    score: Decimal = Field(description="得分")
    due: Decimal = Field(description="截至计算日应得分（动态考核）；其他项目等于分值")
    assessed: bool = Field(description="是否已评分（人工评定的项目，主管部门未测评时为 false）")
    computed_on: date = Field(description="计算日期")
    lines: list[LineOut] = Field(description="得分说明")


class ItemScoreOut(Schema):
    item_id: int
    code: str = Field(description="项目编号")
    title: str = Field(description="测评内容")
    points: Decimal = Field(description="分值")
    rule: str = Field(description="计分规则（文字）")
    self_score: ViewScoreOut | None = Field(description="自评得分")
    bureau_score: ViewScoreOut | None = Field(description="主管部门测评得分")
    gap: Decimal | None = Field(description="差距：主管部门得分 − 自评得分（主管部门未测评时为空）")


class AssessmentIn(Schema):
    score: Decimal | None = Field(None, description="得分（非等级制项目）")
    grade: str = Field("", description="等级（等级制项目）")
    reason: str = Field("", description="理由（调整建议得分时必填）")
