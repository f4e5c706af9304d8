"""Input and output shapes of the campaigns API, with the Chinese term of each field."""

from datetime import date
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice
from chuangwen.standards.models import TitleLevel

from .models import Campaign, CampaignMember, Phase, Task


class PhaseOut(Schema):
    id: int
    name: str = Field(description="阶段名称")
    kind: choice(Phase.Kind) = Field(description="阶段类型：宣传发动 / 全面创建 / 查漏补缺·迎检 / 其他")
    starts_on: date = Field(description="开始日期")
    ends_on: date = Field(description="结束日期")
    order: int = Field(description="顺序")


class PhaseIn(Schema):
    name: str = Field(description="阶段名称")
    kind: choice(Phase.Kind) = Field(Phase.Kind.OTHER, description="阶段类型")
    starts_on: date = Field(description="开始日期（在创建周期内）")
    ends_on: date = Field(description="结束日期（在创建周期内）")


class MemberOut(Schema):
    id: int
    group: choice(CampaignMember.Group) = Field(description="领导小组 leading / 创建办 office")
    duty: str = Field(description="职务，如 组长、副组长、成员、办公室主任")
    person_id: int = Field(description="职工 id")
    person_name: str = Field(description="姓名")

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class CampaignOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    unit_name: str = Field(description="单位名称")
    name: str = Field(description="创建周期名称")
    year: int = Field(description="年度")
    target_level: choice(TitleLevel) = Field(description="创建目标：县级 / 市级 / 省级 / 全国文明单位")
    standard_id: int = Field(description="测评体系 id")
    standard_name: str = Field(description="测评体系名称")
    status: choice(Campaign.Status) = Field(description="状态：筹划 / 进行中 / 已结束")
    starts_on: date = Field(description="开始日期")
    ends_on: date = Field(description="结束日期")
    guiding_idea: str = Field(description="指导思想")

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_standard_name(obj) -> str:
        return str(obj.standard)


class CampaignDetailOut(CampaignOut):
    phases: list[PhaseOut] = Field(description="阶段")
    members: list[MemberOut] = Field(description="领导小组与创建办成员")
    task_counts: dict[str, int] = Field(description="任务数：total 总数、overdue 逾期数及各状态数")


class CampaignIn(Schema):
    unit: Id = Field(description="单位 id（须为本人所在创建办的单位）")
    name: str = Field(max_length=120, description="名称，如 2026年创建市级文明单位")
    year: int = Field(ge=2000, le=2100, description="年度")
    target_level: choice(TitleLevel) = Field(description="创建目标")
    standard: Id = Field(description="测评体系 id（本单位的或上级发布的）")
    starts_on: date = Field(description="开始日期")
    ends_on: date = Field(description="结束日期")
    status: choice(Campaign.Status) = Field(Campaign.Status.PLANNING, description="状态")
    guiding_idea: str = Field("", description="指导思想")
    phases: list[PhaseIn] | None = Field(None, description="阶段；不填则按 宣传发动→全面创建→查漏补缺·迎检 自动划分")


class TaskOut(Schema):
    id: int
    campaign_id: int = Field(description="创建周期 id")
    unit_id: int = Field(description="单位 id")
    code: str = Field(description="任务编号")
    title: str = Field(description="工作任务")
    description: str = Field(description="工作要求")
    phase_id: int | None = Field(description="阶段 id")
    phase_name: str | None = Field(description="阶段名称")
    department_id: int = Field(description="牵头科室 id")
    department_name: str = Field(description="牵头科室")
    person_id: int | None = Field(description="责任人（职工 id）")
    person_name: str | None = Field(description="责任人姓名")
    deadline: date = Field(description="完成时限")
    deliverable: str = Field(description="完成标志/成果")
    recurrence: choice(Task.Recurrence) = Field(description="频次")
    status: choice(Task.Status) = Field(description="状态")
    days_overdue: int = Field(description="逾期天数（0 表示未逾期）")

    @staticmethod
    def resolve_phase_name(obj) -> str | None:
        return obj.phase.name if obj.phase_id else None

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name

    @staticmethod
    def resolve_person_name(obj) -> str | None:
        return obj.person.name if obj.person_id else None


class TaskDetailOut(TaskOut):
    item_ids: list[int] = Field(description="对应测评项目 id")
    item_codes: list[str] = Field(description="对应测评项目编号")
    co_department_ids: list[int] = Field(description="配合科室 id")
    expected_occurrences: int = Field(description="按频次在任务期内应有的记录数")
    archived: bool = Field(description="是否已归档")

    @staticmethod
    def resolve_item_ids(obj) -> list[int]:
        return [i.pk for i in obj.items.all()]

    @staticmethod
    def resolve_item_codes(obj) -> list[str]:
        return [i.code for i in obj.items.all()]

    @staticmethod
    def resolve_co_department_ids(obj) -> list[int]:
        return [d.pk for d in obj.co_departments.all()]

    @staticmethod
    def resolve_expected_occurrences(obj) -> int:
        from .services import task_expected_occurrences

        return task_expected_occurrences(obj)

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.is_archived


class TaskIn(Schema):
    campaign: Id = Field(description="创建周期 id")
    title: str = Field(max_length=200, description="工作任务")
    department: Id = Field(description="牵头科室 id（本单位）")
    deadline: date = Field(description="完成时限")
    code: str = Field("", max_length=20, description="任务编号；不填自动编号")
    description: str = Field("", description="工作要求")
    phase: Id | None = Field(None, description="阶段 id")
    person: Id | None = Field(None, description="责任人（本单位职工 id）")
    items: list[Id] = Field(default_factory=list, description="对应测评项目 id（须属于本周期的测评体系）")
    co_departments: list[Id] = Field(default_factory=list, description="配合科室 id")
    deliverable: str = Field("", max_length=200, description="完成标志/成果")
    recurrence: choice(Task.Recurrence) = Field(Task.Recurrence.ONCE, description="频次")


class TaskPatch(Schema):
    """Only the fields sent are changed. ``null`` is refused
    except where it says what it clears."""

    title: str | None = Field(None, max_length=200, description="工作任务")
    department: Id | None = Field(None, description="牵头科室 id")
    deadline: date | None = Field(None, description="完成时限")
    code: str | None = Field(None, max_length=20, description="任务编号")
    description: str = Field(None, description="工作要求")
    phase: Id | None = Field(None, description="阶段 id，null 表示清空")
    person: Id | None = Field(None, description="责任人 id，null 表示清空")
    items: list[Id] | None = Field(None, description="对应测评项目 id（整体替换）")
    co_departments: list[Id] | None = Field(None, description="配合科室 id（整体替换）")
    deliverable: str = Field(None, max_length=200, description="完成标志/成果")
    recurrence: choice(Task.Recurrence) = Field(None, description="频次")


class AssignmentIn(Schema):
    items: list[Id] = Field(min_length=1, description="测评项目 id")
    department: Id = Field(description="牵头科室 id")
    person: Id | None = Field(None, description="责任人 id")
    deadline: date = Field(description="完成时限")
    co_departments: list[Id] = Field(default_factory=list, description="配合科室 id")


class BulkAssignIn(Schema):
    assignments: list[AssignmentIn] = Field(min_length=1, description="分配：每组测评项目交给一个科室")
    combine: bool = Field(False, description="false：每个测评项目一条任务；true：每组一条任务")
    title: str = Field("", max_length=200, description="合并为一条任务时的任务名称")
    phase: Id | None = Field(None, description="阶段 id")
    recurrence: choice(Task.Recurrence) = Field(Task.Recurrence.ONCE, description="频次")
    deliverable: str = Field("", max_length=200, description="完成标志/成果")


class CampaignFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = Field(None, description="单位 id")
    year: Annotated[int | None, FilterLookup("year")] = Field(None, description="年度")
    status: Annotated[choice(Campaign.Status) | None, FilterLookup("status")] = Field(None, description="状态")


class TaskFilter(FilterSchema):
    campaign: Annotated[Id | None, FilterLookup("campaign_id")] = Field(None, description="创建周期 id")
    phase: Annotated[Id | None, FilterLookup("phase_id")] = Field(None, description="阶段 id")
    department: Annotated[Id | None, FilterLookup("department_id")] = Field(None, description="牵头科室 id")
    person: Annotated[Id | None, FilterLookup("person_id")] = Field(None, description="责任人 id")
    status: Annotated[choice(Task.Status) | None, FilterLookup("status")] = Field(None, description="状态")
    q: Annotated[str | None, FilterLookup(["title__contains", "code"])] = Field(None, description="任务名称或编号")
