"""API shapes of the bureau's ranking: the same rows and figures as the page."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from .selectors import COLUMNS, DEFAULT_SORT


class RankingFilter(Schema):
    month: str | None = Field(
        None, pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="月份 YYYY-MM（默认：最近一次计算的月份）"
    )
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="只看此区域（须在本人辖区内）")
    sort: str = Field(
        DEFAULT_SORT,
        pattern="^-?(" + "|".join(COLUMNS) + ")$",
        description="排序列：" + "、".join(COLUMNS) + "；前加 - 为降序",
    )


class RankingRowOut(Schema):
    rank: int = Field(description="得分名次（同分同名次）")
    unit_id: int = Field(description="单位 id")
    unit: str = Field(description="单位名称")
    month: datetime.date = Field(description="月份（当月第一天）")
    computed_at: datetime.datetime = Field(description="计算时间")
    campaign_id: int | None = Field(description="进行中的创建周期 id")
    target_level: str = Field(description="创建目标（county / city / province / national；空：无创建周期）")
    score_percent: Decimal = Field(description="测评体系得分率（%）")
    projected_percent: Decimal | None = Field(description="预计得分率（%）")
    pass_percent: Decimal | None = Field(description="达标线（%）；null：未设定")
    reached: bool | None = Field(description="是否达到达标线；null：未设定达标线")
    title_vetoes: int = Field(description="文明单位一票否决（生效中）")
    tasks_overdue: int = Field(description="逾期任务")
    findings_total: int = Field(description="督查问题")
    findings_open: int = Field(description="未销号问题")
    findings_overdue: int = Field(description="逾期未整改问题")
    rectification_rate: Decimal = Field(description="整改销号率（%）")
    satisfaction_index: Decimal | None = Field(description="当月满意度指数；null：当月无评价")
    complaints_overdue: int = Field(description="逾期未办结投诉")
    ethics_vetoes: int = Field(description="本年度医德医风一票否决人数")
    volunteer_hours: Decimal = Field(description="本年度人均志愿服务时长（小时）")

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name


class TrendOut(Schema):
    unit_id: int = Field(description="单位 id")
    months: list[str] = Field(description="12 个月（YYYY-MM，从早到晚）")
    score_percent: list[float | None] = Field(description="各月得分率（%）")
    satisfaction_index: list[float | None] = Field(description="各月满意度指数")
    findings_open: list[float | None] = Field(description="各月未销号问题")
    tasks_overdue: list[float | None] = Field(description="各月逾期任务")
    rectification_rate: list[float | None] = Field(description="各月整改销号率（%）")


class RankingBulletinIn(Schema):
    month: str = Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="通报的月份 YYYY-MM")
    note: str = Field("", max_length=2000, description="工作要求（每行一段）")


class RankingBulletinOut(Schema):
    id: int
    title: str = Field(description="标题")
    number: int = Field(description="当月第几期")
    month: datetime.date = Field(description="月份")
    bureau_id: int = Field(description="发布单位 id")
    region_id: int = Field(description="区域 id")
    units: int = Field(description="通报单位数")
    computed_at: datetime.datetime = Field(description="数据计算时间")
    created_at: datetime.datetime = Field(description="发布时间")
    figures: list[dict] = Field(description="通报时的排名表（名次、单位、各列）")

    @staticmethod
    def resolve_units(obj) -> int:
        return len(obj.figures)
