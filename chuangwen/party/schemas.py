"""Input and output shapes of the party API, with the Chinese term of each field."""

from datetime import date, datetime

from ninja import Field, Schema

from chuangwen.api.schemas import Id, choice

from .models import MeetingAttendance


class PartyMemberOut(Schema):
    person_id: int = Field(description="职工")
    name: str = Field(alias="person.name", description="姓名")
    group_id: int | None = Field(description="党小组")
    post: str = Field(description="支委职务（空为普通党员）")


class PartyGroupOut(Schema):
    id: int
    name: str = Field(description="党小组名称")
    leader_id: int | None = Field(description="党小组长")


class PartyBranchOut(Schema):
    id: int
    unit_id: int = Field(description="单位")
    name: str = Field(description="党支部名称")
    secretary_id: int | None = Field(description="支部书记（职工）")
    secretary_name: str | None = Field(None, alias="secretary.name", description="支部书记姓名")
    member_count: int = Field(0, description="党员人数")


class PartyBranchDetailOut(PartyBranchOut):
    groups: list[PartyGroupOut]
    members: list[PartyMemberOut]

    @staticmethod
    def resolve_groups(obj):
        return [g for g in obj.groups.all() if g.is_active]

    @staticmethod
    def resolve_members(obj):
        return [m for m in obj.members.all() if m.is_active]


class PartyCalendarCellOut(Schema):
    period: str = Field(description="周期，如 10月、第4季度")
    start: date = Field(description="周期开始")
    end: date = Field(description="周期结束")
    held: int = Field(description="已召开次数")
    status: str = Field(description="done 已召开 / due 待召开 / late 逾期未开 / upcoming 未到期")


class PartyCalendarRowOut(Schema):
    type: str = Field(description="会议类型代码")
    type_name: str = Field(description="会议类型")
    group_name: str | None = Field(description="党小组")
    cells: list[PartyCalendarCellOut]


class PartyCalendarOut(Schema):
    year: int
    done: int = Field(description="已召开")
    late: int = Field(description="逾期未开")
    due: int = Field(description="本期待召开")
    rows: list[PartyCalendarRowOut]


class PartyAttendanceIn(Schema):
    person: Id = Field(description="职工（支部党员）")
    status: choice(MeetingAttendance.Status) = Field(MeetingAttendance.Status.PRESENT, description="出席 / 请假 / 缺席")
    reason: str = Field("", max_length=100, description="请假原因")


class PartyResolutionIn(Schema):
    text: str = Field(min_length=1, max_length=300, description="决议内容")
    votes_for: int = Field(0, ge=0, le=10000, description="赞成票")
    votes_against: int = Field(0, ge=0, le=10000, description="反对票")
    votes_abstain: int = Field(0, ge=0, le=10000, description="弃权票")


class PartyMeetingIn(Schema):
    type: str = Field(max_length=30, description="会议类型代码：members 党员大会、committee 支委会、group 党小组会 …")
    group: Id | None = Field(None, description="党小组（党小组会必填）")
    title: str = Field(min_length=1, max_length=120, description="会议主题")
    held_at: datetime = Field(description="召开时间")
    place: str = Field(min_length=1, max_length=60, description="地点")
    host: Id = Field(description="主持人（职工）")
    recorder: Id = Field(description="记录人（职工）")
    agenda: str = Field(min_length=1, max_length=5000, description="议程")
    discussion: str = Field("", max_length=20000, description="讨论发言")
    attendance: list[PartyAttendanceIn] = Field(
        default_factory=list, max_length=500, description="出席情况；未列出的支部党员记为缺席"
    )
    resolutions: list[PartyResolutionIn] = Field(default_factory=list, max_length=50, description="决议及表决")
    items: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="服务的测评项目（本单位创建周期的测评体系）：会议记录进入其迎检台账",
    )


class PartyAttendanceOut(Schema):
    person_id: int
    name: str = Field(alias="person.name")
    status: str
    reason: str


class PartyResolutionOut(Schema):
    text: str
    votes_for: int
    votes_against: int
    votes_abstain: int


class PartyMeetingOut(Schema):
    id: int
    branch_id: int
    group_id: int | None
    type: str = Field(alias="type.code", description="会议类型代码")
    type_name: str = Field(alias="type.name", description="会议类型")
    title: str
    held_at: datetime
    place: str
    host_id: int
    recorder_id: int
    recorded_on: date = Field(description="记录整理日期")
    late_warning: str = Field(description="记录逾期提示（会后3个工作日内）")
    roster: int = Field(0, description="应到人数")
    present: int = Field(0, description="实到人数")


class PartyMeetingDetailOut(PartyMeetingOut):
    agenda: str
    discussion: str
    attendance: list[PartyAttendanceOut]
    resolutions: list[PartyResolutionOut]
    item_ids: list[int] = Field(default_factory=list, description="服务的测评项目")

    @staticmethod
    def resolve_item_ids(obj) -> list[int]:
        return [it.pk for it in obj.items.all()]


class PartyMeetingFilter(Schema):
    branch: int | None = Field(None, description="党支部")
    year: int | None = Field(None, ge=2000, le=2100, description="年份")


class PartyWarningOut(Schema):
    rule: str = Field(description="所依规则")
    message: str = Field(description="提示")


class PartyStepOut(Schema):
    number: int = Field(alias="step.number", description="步骤序号")
    name: str = Field(alias="step.name", description="步骤")
    done_on: date
    notes: str
    training_days: int | None
    training_hours: int | None
    warnings: list[PartyWarningOut]


class PartyApplicantOut(Schema):
    id: int
    unit_id: int
    branch_id: int
    person_id: int
    name: str = Field(description="姓名")
    stage: int = Field(description="阶段 1–5")
    stage_name: str = Field(description="阶段名称")
    status: str
    next_step: int | None = Field(None, description="下一步骤")
    next_step_name: str | None = None
    next_due: date | None = Field(None, description="下一步骤的期限（by）或最早日期（from）")
    next_due_kind: str | None = Field(None, description="by 之前完成 / from 不早于")
    warnings: int = Field(0, description="规则提示条数")


class PartyApplicantDetailOut(PartyApplicantOut):
    steps: list[PartyStepOut]


class PartyApplicantFilter(Schema):
    branch: int | None = Field(None, description="党支部")


class PartyApplicantIn(Schema):
    person: Id = Field(description="职工")
    applied_on: date = Field(description="递交入党申请书日期")
    notes: str = Field("", max_length=2000)


class PartyStepIn(Schema):
    step: int = Field(ge=1, le=99, description="步骤序号（1–25）")
    done_on: date = Field(description="日期")
    people: list[Id] = Field(
        default_factory=list, max_length=10, description="负责人（职工 id）：培养联系人、入党介绍人"
    )
    notes: str = Field("", max_length=5000)
    training_days: int | None = Field(None, ge=0, le=365, description="培训天数")
    training_hours: int | None = Field(None, ge=0, le=2000, description="培训学时")
