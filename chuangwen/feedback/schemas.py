"""Input and output shapes of the feedback API, with the Chinese term of each field. The
complainant's name and phone come out masked unless the caller handles the complaint."""

from datetime import date, datetime

from ninja import Field, Schema

from chuangwen.api.schemas import Id, choice

from .audit import contact_seen
from .models import Complaint, HandlingRecord
from .selectors import contact_for, may_see_contact


def _contact(obj, context) -> tuple[str, str]:
    cached = getattr(obj, "_api_contact", None)
    if cached is None:
        request = context["request"]
        allowed = may_see_contact(request.auth_user, obj)
        cached = contact_for(request.auth_user, obj, allowed)
        obj._api_contact = cached
        if allowed:
            contact_seen(request=request, complaint=obj, via="api")
    return cached


class ComplaintOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    reference: str = Field(description="投诉编号，如 TS2026110001")
    kind: choice(Complaint.Kind) = Field(description="类型：投诉 / 建议 / 表扬")
    channel: choice(Complaint.Channel) = Field(description="来源渠道")
    category: choice(Complaint.Category) = Field(description="类别")
    department_id: int | None = Field(description="涉及科室 id")
    department_name: str | None = Field(description="涉及科室")
    content: str = Field(description="事情经过")
    occurred_on: date | None = Field(description="发生日期")
    complainant_name: str = Field(description="投诉人姓名（非处理人脱敏）")
    complainant_phone: str = Field(description="联系电话（非处理人脱敏）")
    contact_masked: bool = Field(description="联系方式是否已脱敏")
    received_at: datetime = Field(description="受理时间")
    deadline: date = Field(description="答复期限（工作日计）")
    status: choice(Complaint.Status) = Field(description="状态：已受理 / 已指派 / 已答复 / 已办结 / 重新办理")
    handler_id: int | None = Field(description="处理人（用户 id）")
    handler_name: str | None = Field(description="处理人")
    handling_department_id: int | None = Field(description="处理科室 id")
    days_overdue: int = Field(description="逾期天数")
    escalation_level: int = Field(description="督办级别：0 未督办，1 处理人，2 创建办，3 上级主管部门")
    satisfaction: str = Field(description="投诉人对答复的满意度：satisfied / fairly / dissatisfied")
    outcome: str = Field(description="核实结果：substantiated / partly / unfounded（空：未核实）")
    archived: bool = Field(description="是否已归档")

    @staticmethod
    def resolve_department_name(obj) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_handler_name(obj) -> str | None:
        return str(obj.handler) if obj.handler_id else None

    @staticmethod
    def resolve_complainant_name(obj, context) -> str:
        return _contact(obj, context)[0]

    @staticmethod
    def resolve_complainant_phone(obj, context) -> str:
        return _contact(obj, context)[1]

    @staticmethod
    def resolve_contact_masked(obj, context) -> bool:
        name, phone = _contact(obj, context)
        return (name, phone) != (obj.complainant_name, obj.complainant_phone)

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.is_archived


class RecordOut(Schema):
    id: int
    action: choice(HandlingRecord.Action) = Field(description="动作")
    text: str = Field(description="处理内容")
    by: str | None = Field(description="操作人")
    at: datetime = Field(description="时间")

    @staticmethod
    def resolve_by(obj) -> str | None:
        return str(obj.by) if obj.by_id else None


class ComplaintDetailOut(ComplaintOut):
    reply_text: str = Field(description="答复内容")
    reply_channel: str = Field(description="答复方式")
    replied_at: datetime | None = Field(description="答复时间")
    closed_at: datetime | None = Field(description="办结时间")
    records: list[RecordOut] = Field(description="处理记录（时间顺序）")

    @staticmethod
    def resolve_records(obj) -> list:
        return list(obj.records.all())


class ComplaintFilter(Schema):
    q: str | None = Field(None, description="检索：姓名、科室或内容中的词，空格分隔的词须同时出现")
    status: choice(Complaint.Status) | None = Field(None, description="状态")
    kind: choice(Complaint.Kind) | None = Field(None, description="类型")
    category: choice(Complaint.Category) | None = Field(None, description="类别")
    channel: choice(Complaint.Channel) | None = Field(None, description="来源渠道")
    department: Id | None = Field(None, description="涉及科室 id")
    unit: Id | None = Field(None, description="单位 id")
    overdue: bool | None = Field(None, description="只看逾期（true）或未逾期（false）")
    archived: bool = Field(False, description="true 查看已归档")


class ComplaintIn(Schema):
    unit: Id = Field(description="单位 id（须为本人所在创建办的单位）")
    channel: choice(Complaint.Channel) = Field(description="来源：phone / letter / visit / hotline")
    kind: choice(Complaint.Kind) = Field(Complaint.Kind.COMPLAINT, description="类型")
    category: choice(Complaint.Category) = Field(description="类别")
    department: Id | None = Field(None, description="涉及科室 id")
    content: str = Field(max_length=2000, description="事情经过")
    occurred_on: date | None = Field(None, description="发生日期")
    complainant_name: str = Field("", max_length=30, description="投诉人姓名")
    complainant_phone: str = Field("", max_length=20, description="联系电话")
    contact_consent: bool = Field(True, description="是否同意回访联系")


class AssignIn(Schema):
    handler: Id = Field(description="处理人（本单位用户 id）")
    handling_department: Id | None = Field(None, description="处理科室 id")
    note: str = Field("", max_length=500, description="说明")


class RecordIn(Schema):
    text: str = Field(max_length=2000, description="处理内容")


class ReplyIn(Schema):
    text: str = Field(max_length=2000, description="答复内容")
    channel: choice(Complaint.ReplyChannel) = Field(description="答复方式")


class CloseIn(Schema):
    satisfaction: choice(Complaint.Satisfaction) | None = Field(None, description="投诉人满意度")
    note: str = Field("", max_length=500, description="说明")
    outcome: choice(Complaint.Outcome) | None = Field(None, description="核实结果：查实（科室扣分）/ 部分查实 / 不属实")
    person: int | None = Field(None, description="涉及的工作人员 id（查实时同扣）")


class ComplaintReopenIn(Schema):
    reason: str = Field(max_length=500, description="重新办理原因")


class SatisfactionIn(Schema):
    satisfaction: choice(Complaint.Satisfaction) = Field(description="投诉人满意度")
