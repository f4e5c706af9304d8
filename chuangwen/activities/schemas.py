"""Input and output shapes of the activities API, with the Chinese term of each field."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from . import selectors
from .models import Attendance


class KindOut(Schema):
    id: int
    code: str
    name: str = Field(description="活动类型名称")
    required_rate: int | None = Field(description="要求参与率（%），如培训、演练 100")
    is_study: bool = Field(description="学习类活动（须记学习笔记）")
    unit_id: int | None = Field(description="所属单位；空为通用类型")


class ParticipationOut(Schema):
    expected: int = Field(description="应到（受邀）人数")
    attended: int = Field(description="受邀人员实到（含迟到）")
    late: int = Field(description="迟到人数")
    leave: int = Field(description="请假人数")
    walk_ins: int = Field(description="未受邀而参加人数")
    rate: float | None = Field(description="参与率（%）＝实到 ÷（应到 − 请假）")
    required: int | None = Field(description="要求参与率（%）")
    below: bool = Field(description="低于要求参与率")


class ActivityOut(Schema):
    id: int
    unit_id: int
    kind_id: int
    kind_name: str
    title: str = Field(description="活动名称")
    starts_at: datetime
    ends_at: datetime
    place: str = Field(description="地点")
    department_id: int = Field(description="组织科室 id")
    organiser_id: int | None = Field(description="组织人 id")
    summary: str = Field(description="会议记录或活动小结")
    campaign_id: int | None
    archived_at: datetime | None
    participation: ParticipationOut

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_participation(obj) -> dict:
        p = selectors.participation(obj)
        return {**p.__dict__, "rate": p.rate, "below": p.below}


class ActivityFilter(FilterSchema):
    kind: Annotated[Id | None, FilterLookup("kind_id")] = None
    department: Annotated[Id | None, FilterLookup("department_id")] = None
    campaign: Annotated[Id | None, FilterLookup("campaign_id")] = None
    # Dates, not datetimes: a day is what a user filters by, and an offset such as -21:51 (valid
    # ISO 8601) is beyond what PostgreSQL accepts.
    starts_after: Annotated[date | None, FilterLookup("starts_at__date__gte")] = None
    starts_before: Annotated[date | None, FilterLookup("starts_at__date__lt")] = None


class ActivityIn(Schema):
    kind: Id = Field(description="活动类型 id")
    title: str = Field(max_length=120, description="活动名称")
    starts_at: datetime = Field(description="开始时间")
    ends_at: datetime = Field(description="结束时间")
    place: str = Field("", max_length=100, description="地点")
    department: Id = Field(description="组织科室 id（决定活动所属单位）")
    organiser: Id | None = Field(None, description="组织人（职工）id")
    roster_departments: list[Id] = Field([], description="受邀科室 id（其在职职工均为应到人员）")
    people: list[Id] = Field([], description="单独点名的职工 id（如党支部成员）")
    summary: str = Field("", description="会议记录或活动小结")
    campaign: Id | None = Field(None, description="创建周期 id（对应测评项目时必填）")
    items: list[Id] = Field([], description="对应测评项目 id")
    signin_opens_minutes: int = Field(30, ge=0, le=1440, description="开始前多少分钟开放签到")
    late_after_minutes: int = Field(10, ge=0, le=1440, description="开始后多少分钟算迟到")


class AttendanceOut(Schema):
    id: int
    activity_id: int
    person_id: int
    person_name: str
    department_id: int
    status: choice(Attendance.Status) = Field(description="已到 / 迟到 / 请假")
    method: choice(Attendance.Method) = Field(description="扫码签到 / 纸质签到表 / 组织者录入")
    signed_at: datetime | None
    leave_reason: str

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class SignInIn(Schema):
    token: str = Field(max_length=200, description="签到二维码中的签到码（/activities/s/<签到码>/）")


class LeaveIn(Schema):
    person: Id = Field(description="请假职工 id")
    reason: str = Field(max_length=200, description="请假原因")


class SheetIn(Schema):
    text: str = Field(max_length=200_000, description="纸质签到表：每行一人，“工号或姓名 [迟到|请假] [原因]”")


class SheetOut(Schema):
    added: int = Field(description="录入人数")
    skipped: list[str] = Field(description="已有记录而跳过的人员")


class NoteIn(Schema):
    text: str = Field("", max_length=100_000, description="笔记内容（自动计字）")


class NoteOut(Schema):
    id: int
    activity_id: int
    person_id: int
    text: str
    word_count: int = Field(description="字数")
    year: int
