"""Input and output shapes of the honours API (评先评优), with the Chinese term of each field.
Schema names start with "Honour" (one table of names). No shape carries a ballot: a vote is
answered with its counts only, and the results only once it is closed."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from chuangwen.api.schemas import choice

from .models import HonourType, Nomination, Selection, VoteSession


class HonourTypeOut(Schema):
    id: int
    code: str = Field(description="代码")
    name: str = Field(description="名称")
    subject: choice(HonourType.Subject) = Field(description="评选对象（个人或科室）")
    rules: list[dict] = Field(description="资格条件（数据）")
    quota_kind: choice(HonourType.QuotaKind) = Field(description="名额方式")
    quota_value: Decimal = Field(description="名额数或比例")
    bonus_points: Decimal = Field(description="个人加分")
    department_bonus_points: Decimal = Field(description="科室加分")
    uses_vote: bool = Field(description="是否民主投票")
    publicity_days: int = Field(description="公示工作日数")
    unit_id: int | None = Field(description="所属单位 id（空为通用）")


class HonourSelectionOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    year: int = Field(description="年度")
    title: str = Field(description="名称")
    status: choice(Selection.Status) = Field(description="阶段")
    honour_type_ids: list[int] = Field(description="评选的荣誉类型 id")
    nomination_until: date | None = Field(description="推荐截止")
    publicity_from: date | None = Field(description="公示开始")
    publicity_until: date | None = Field(description="公示截止")
    published_at: datetime | None = Field(description="发布时间")

    @staticmethod
    def resolve_honour_type_ids(obj) -> list[int]:
        return [t.pk for t in obj.honour_types.all()]


class HonourNominationOut(Schema):
    id: int
    selection_id: int = Field(description="评选 id")
    honour_type_id: int = Field(description="荣誉类型 id")
    honour_name: str = Field(description="荣誉")
    person_id: int | None = Field(description="被推荐人 id")
    department_id: int = Field(description="科室 id")
    nominee: str = Field(description="被推荐人或科室")
    channel: choice(Nomination.Channel) = Field(description="推荐方式")
    reason: str = Field(description="事迹与理由")
    status: choice(Nomination.Status) = Field(description="状态")
    review_note: str = Field(description="审核意见")
    eligible: bool = Field(description="是否符合资格")
    ineligible_reasons: list[str] = Field(description="不符合资格的原因")
    certificate_no: str = Field(description="证书编号")

    @staticmethod
    def resolve_honour_name(obj) -> str:
        return obj.honour_type.name

    @staticmethod
    def resolve_nominee(obj) -> str:
        return obj.nominee_name

    @staticmethod
    def resolve_ineligible_reasons(obj) -> list[str]:
        return list(getattr(obj, "reasons", []))

    @staticmethod
    def resolve_eligible(obj) -> bool:
        return not getattr(obj, "reasons", [])


class HonourNominationIn(Schema):
    honour_type: int = Field(description="荣誉类型 id")
    person: int | None = Field(None, description="被推荐人 id（个人荣誉）")
    department: int | None = Field(None, description="科室 id（科室荣誉）")
    channel: choice(Nomination.Channel) = Field(
        description="推荐方式：self 个人自荐、department 科室推荐、branch 党支部推荐"
    )
    reason: str = Field(min_length=1, max_length=3000, description="事迹与理由")


class HonourEligibilityFilter(Schema):
    honour_type: int = Field(description="荣誉类型 id")
    person: int | None = Field(None, description="人员 id")
    department: int | None = Field(None, description="科室 id")


class HonourEligibilityOut(Schema):
    eligible: bool = Field(description="是否符合资格")
    reasons: list[str] = Field(description="不符合资格的原因")


class HonourCandidateOut(Schema):
    id: int = Field(description="推荐（候选人）id")
    nominee: str = Field(description="候选人")
    department_name: str = Field(description="科室")


class HonourTurnoutOut(Schema):
    roster: int = Field(description="应投票人数")
    voted: int = Field(description="已投票人数（含纸质）")
    paper_voters: int = Field(description="纸质投票人数")
    paper_ballots: int = Field(description="已录入纸质选票")
    percent: float = Field(description="投票率（%）")
    quorum_met: bool = Field(description="是否达到法定人数")


class HonourVoteOut(Schema):
    id: int
    selection_id: int = Field(description="评选 id")
    honour_type_id: int = Field(description="荣誉类型 id")
    title: str = Field(description="名称")
    status: choice(VoteSession.Status) = Field(description="状态")
    choices_limit: int = Field(description="最多选几人")
    quorum_percent: int = Field(description="法定人数（名单的 %）")
    opens_at: datetime = Field(description="开始时间")
    closes_at: datetime = Field(description="截止时间")
    candidates: list[HonourCandidateOut] = Field(description="候选人")
    may_vote: bool = Field(description="我是否在投票人名单中")
    has_voted: bool = Field(description="我是否已投票")
    turnout: HonourTurnoutOut = Field(description="投票进度（不含结果）")


class HonourBallotIn(Schema):
    choices: list[int] = Field(max_length=100, description="选中的候选人（推荐 id），至多 choices_limit 个；空为弃权")


class HonourBallotOut(Schema):
    recorded: bool = Field(description="选票已记录（不记名）")


class HonourResultRowOut(Schema):
    rank: int = Field(description="名次")
    nomination_id: int = Field(description="推荐 id")
    nominee: str = Field(description="候选人")
    votes: int = Field(description="得票")
    percent: float = Field(description="得票率（%）")


class HonourResultsOut(Schema):
    vote_id: int = Field(description="投票 id")
    ballots: int = Field(description="选票总数（含纸质）")
    turnout: HonourTurnoutOut = Field(description="投票情况")
    rows: list[HonourResultRowOut] = Field(description="各候选人得票")
