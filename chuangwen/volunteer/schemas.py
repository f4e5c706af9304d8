"""Shapes of the volunteer API (志愿服务)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class VolunteerEventIn(Schema):
    unit: int = Field(description="单位 id")
    title: str = Field(max_length=100, description="活动名称")
    kind: str = Field(max_length=20, description="服务类别，如 义诊、导医、便民服务")
    held_on: date = Field(description="活动日期")
    place: str = Field("", max_length=100)
    organiser: str = Field("", max_length=50, description="组织者")
    description: str = Field("", max_length=2000)
    department: int | None = Field(None, description="组织科室 id")
    items: list[int] = Field(default_factory=list, description="对应测评项目 id")


class VolunteerEventOut(Schema):
    id: int
    unit_id: int
    department_id: int | None
    title: str
    kind: str
    held_on: date
    place: str
    organiser: str
    description: str
    withdrawn_at: datetime | None


class VolunteerHoursIn(Schema):
    person: int = Field(description="职工 id")
    hours: Decimal = Field(gt=0, le=24, decimal_places=1, description="实际服务时长（小时，不含往返交通）")
    served_on: date = Field(description="服务日期")
    event: int | None = Field(None, description="志愿服务活动 id")
    event_name: str = Field("", max_length=100)
    note: str = Field("", max_length=200)


class VolunteerHoursOut(Schema):
    id: int
    person_id: int
    department_id: int
    event_id: int | None
    event_name: str
    served_on: date
    hours: Decimal
    source: str
    platform_id: str
    withdrawn_at: datetime | None
    withdrawn_reason: str


class VolunteerHoursFilter(Schema):
    person: int | None = Field(None, description="职工 id")
    department: int | None = Field(None, description="科室 id")
    year: int | None = Field(None, ge=2000, le=2100)
    withdrawn: bool = False


class VolunteerWithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=200, description="撤回原因")


class VolunteerPersonTotalOut(Schema):
    person_id: int
    name: str
    employee_no: str
    department: str
    months: list[Decimal] = Field(description="1—12 月时长")
    year: Decimal
    cumulative: Decimal
    star: str | None
    short_months: list[int] = Field(description="未达每月要求的月份")
    year_short: Decimal = Field(description="距全年要求尚差小时")
    registered: bool


class VolunteerDepartmentTotalOut(Schema):
    department_id: int
    name: str
    staff: int
    registered: int
    hours: Decimal
    average: Decimal
    short_month: int
    short_year: int


class VolunteerTotalsOut(Schema):
    unit_id: int
    year: int
    staff: int
    registered: int
    registered_share: Decimal
    hours: Decimal
    average: Decimal
    departments: list[VolunteerDepartmentTotalOut]
    people: list[VolunteerPersonTotalOut]


class VolunteerRuleOut(Schema):
    kind: str
    year: int
    target: Decimal
    is_active: bool
    basis: str


class VolunteerStarOut(Schema):
    stars: int
    name: str
    min_hours: Decimal


class VolunteerRulesOut(Schema):
    unit_id: int
    year: int
    rules: list[VolunteerRuleOut]
    stars: list[VolunteerStarOut]


class VolunteerBatchOut(Schema):
    id: int
    unit_id: int
    filename: str
    status: str
    mapping: dict
    rows: int
    new_rows: int
    known_rows: int
    errors: list[str]
    committed_at: datetime | None


class VolunteerUnitTotalOut(Schema):
    unit_id: int
    name: str
    staff: int
    registered: int
    hours: Decimal


class VolunteerYearFilter(Schema):
    unit: int | None = Field(None, description="单位 id（默认本人所在单位）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认今年）")


class VolunteerTotalsFilter(VolunteerYearFilter):
    department: int | None = Field(None, description="科室 id")


class VolunteerUnitsFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认今年）")
