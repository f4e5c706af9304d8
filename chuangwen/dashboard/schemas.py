"""Output shapes of the dashboard API (progress and notifications), with the Chinese terms."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from chuangwen.api.schemas import Id, choice
from chuangwen.org.models import Unit


class ScoreOut(Schema):
    points: Decimal = Field(description="满分（分值合计）")
    score: Decimal = Field(description="得分：各测评项目得分之和（按各项目的计分规则）")
    percent: float = Field(description="得分率 %")
    items: int = Field(description="测评项目数")
    met: int = Field(description="达标项目数")
    partial: int = Field(description="部分达标项目数")
    unmet: int = Field(description="未达标项目数（含无台账的项目）")


class ScoreLineOut(Schema):
    points: Decimal = Field(description="本行分值（负数为扣分）")
    text: str = Field(description="说明，例如 “2026-03-12 暗访发现：门诊大厅吸烟（问题 #31）”")
    url: str = Field(description="来源记录的页面（无则为空）")


class ProgressItemOut(Schema):
    id: int
    code: str = Field(description="项目编号")
    title: str = Field(description="测评内容")
    points: Decimal = Field(description="分值")
    score: Decimal = Field(description="得分")
    state: str = Field(description="状态：met 达标 / partial 部分达标 / unmet 未达标")
    unmet_reasons: list[str] = Field(description="未满足的台账规则")
    departments: list[str] = Field(description="牵头科室")
    due: Decimal = Field(description="截至今日应得分（动态考核：已到期各期之和；其他项目等于分值）")
    rule: str = Field(description="计分规则（文字）")
    lines: list[ScoreLineOut] = Field(description="得分说明：各行分值之和等于得分")


class ProgressIndicatorOut(Schema):
    id: int
    code: str
    title: str = Field(description="测评指标")
    score: ScoreOut
    items: list[ProgressItemOut]


class ProgressAspectOut(Schema):
    id: int
    code: str
    title: str = Field(description="测评方面")
    score: ScoreOut
    indicators: list[ProgressIndicatorOut]


class DepartmentProgressOut(Schema):
    id: int
    name: str = Field(description="科室")
    total: int = Field(description="任务数")
    accepted: int = Field(description="已验收")
    submitted: int = Field(description="已提交待审核")
    overdue: int = Field(description="已逾期")
    completion: float = Field(description="完成率 %（已验收 / 任务数）")
    items_led: int = Field(description="牵头的测评项目数")
    items_met: int = Field(description="其中已达标")


class TaskCountsOut(Schema):
    total: int
    accepted: int
    submitted: int
    overdue: int
    completion: float = Field(description="完成率 %")


class OverdueTaskOut(Schema):
    id: int
    title: str = Field(description="任务")
    department_id: int
    department_name: str = Field(description="责任科室")
    person_name: str | None = Field(description="责任人")
    deadline: date = Field(description="完成时限")
    days_overdue: int = Field(description="逾期天数")
    status: str = Field(description="状态")

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name

    @staticmethod
    def resolve_person_name(obj) -> str | None:
        return obj.person.name if obj.person_id else None

    @staticmethod
    def resolve_days_overdue(obj) -> int:
        return obj.overdue_days


class VetoOut(Schema):
    condition: str = Field(description="否决情形")
    occurred_on: date = Field(description="发生日期")
    record: str = Field(description="依据（文号等）")


class ReadinessOut(Schema):
    pass_percent: float | None = Field(description="目标称号的达标线（%）；未设定为空")
    score_percent: float = Field(description="当前得分率（%）")
    projected_percent: float | None = Field(description="预计得分率（%）：当前得分加尚未到期的动态考核分值")
    reached: bool = Field(description="当前得分是否达到达标线")
    projected_reaches: bool | None = Field(description="预计得分是否达到达标线")
    eligible: bool = Field(description="是否具备参评资格（无一票否决）")
    vetoes: list[VetoOut] = Field(description="有效的一票否决记录")


class CampaignProgressOut(Schema):
    campaign_id: int
    campaign_name: str = Field(description="创建周期")
    unit_id: int
    unit_name: str = Field(description="单位")
    target_level: str = Field(description="目标称号")
    today: date = Field(description="计算所依据的日期")
    review_starts_on: date = Field(description="迎检阶段开始日期")
    days_to_review: int = Field(description="距迎检阶段天数")
    overall: ScoreOut
    tasks: TaskCountsOut
    aspects: list[ProgressAspectOut]
    departments: list[DepartmentProgressOut]
    overdue_tasks: list[OverdueTaskOut] = Field(description="逾期任务（本人可见的，最早的 50 条）")
    readiness: ReadinessOut = Field(description="创建达标")


class BureauRowOut(Schema):
    unit_id: int = Field(alias="pk")
    unit_name: str = Field(alias="name")
    region_id: int
    category: str = Field(description="类别")
    campaign_id: int | None = Field(description="进行中的创建周期")
    campaign_name: str | None
    target_level: str | None = Field(description="目标称号")
    score_pct: float = Field(description="得分率 %")
    items_total: int
    items_met: int
    tasks_total: int
    tasks_accepted: int
    tasks_overdue: int
    last_evidence: date | None = Field(description="最近一次台账日期")

    @staticmethod
    def resolve_score_pct(obj) -> float:
        return round(float(obj.score_pct or 0), 1)


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="类型：task_due_soon 即将到期 / task_overdue 已逾期 / task_escalated 逾期上报 …")
    title: str
    body: str
    url: str = Field(description="相关页面")
    created_at: datetime
    read_at: datetime | None = Field(description="已读时间，未读为 null")


class ReadAllOut(Schema):
    marked: int = Field(description="标记为已读的条数")


class BureauFilter(Schema):
    region: Id | None = Field(None, description="行政区划 id（本人辖区内）")
    category: choice(Unit.Category) | None = Field(None, description="单位类别")
    q: str | None = Field(None, description="名称、简称或编码")
    sort: Literal["name", "score", "-score", "overdue", "evidence", "-evidence"] = Field("name", description="排序")
