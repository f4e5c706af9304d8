"""Input and output shapes of the ethics API, with the Chinese term of each field. Schema names
start with "Ethics" (one table of names)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from chuangwen.api.schemas import choice

from .models import Component, Evaluation, EvaluationRow, Grade, RuleSet

Score = Field(None, ge=0, le=1000, max_digits=6, decimal_places=2)


class EthicsComponentOut(Schema):
    kind: choice(Component.Kind) = Field(description="考评组成")
    weight: Decimal = Field(description="权重（%）")


class EthicsGradeRuleOut(Schema):
    grade: choice(Grade) = Field(description="等次")
    conditions: list[dict] = Field(description="条件（均须满足）：field=score|deductions, op, value")
    on_veto: bool = Field(description="一票否决即适用")


class EthicsRuleSetOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    year: int = Field(description="年度")
    version: int = Field(description="版本")
    status: choice(RuleSet.Status) = Field(description="状态")
    reason: str = Field(description="修订原因")
    scale_max: Decimal = Field(description="满分")
    excellent_quota: Decimal | None = Field(description="优秀比例上限（%）")
    quota_scope: choice(RuleSet.QuotaScope) = Field(description="比例适用范围")
    components: list[EthicsComponentOut] = Field(description="考评组成及权重")
    grade_rules: list[EthicsGradeRuleOut] = Field(description="等次规则")

    @staticmethod
    def resolve_components(obj):
        return list(obj.components.all())

    @staticmethod
    def resolve_grade_rules(obj):
        return list(obj.grade_rules.all())


class EthicsProblemOut(Schema):
    kind: str = Field(description="gap（无等次适用）或 overlap（多个等次适用）")
    message: str = Field(description="说明，含示例分数")
    example_score: Decimal = Field(description="示例得分")
    example_deductions: Decimal = Field(description="示例扣分")
    veto: bool = Field(description="是否为一票否决情形")


class EthicsCheckOut(Schema):
    errors: list[str] = Field(description="须改正才能发布的错误")
    problems: list[EthicsProblemOut] = Field(description="规则空档与重叠")


class EthicsEvaluationOut(Schema):
    id: int
    unit_id: int = Field(description="单位 id")
    year: int = Field(description="年度")
    rule_set_id: int = Field(description="考评办法 id")
    status: choice(Evaluation.Status) = Field(description="阶段")
    publicity_from: date | None = Field(description="公示开始")
    publicity_until: date | None = Field(description="公示截止")
    finalised_at: datetime | None = Field(description="定等时间")


class EthicsRowOut(Schema):
    id: int
    evaluation_id: int = Field(description="考评 id")
    person_id: int = Field(description="人员 id")
    person_name: str = Field(description="姓名")
    department_id: int = Field(description="科室 id")
    self_text: str = Field(description="自我评价")
    self_grade: str = Field(description="自评等次")
    self_score: Decimal | None = Field(description="自评分")
    department_score: Decimal | None = Field(description="科室评分")
    patients_score: Decimal | None = Field(description="患者评价分")
    department_comment: str = Field(description="科室意见")
    committee_score: Decimal | None = Field(description="院考评小组评分")
    committee_opinion: str = Field(description="院考评小组意见")
    record_score: Decimal | None = Field(description="日常记录（医德档案）分")
    deductions: Decimal = Field(description="医德档案扣分")
    bonuses: Decimal = Field(description="医德档案加分")
    score: Decimal | None = Field(description="总分")
    veto: bool = Field(description="一票否决")
    suggested_grade: str = Field(description="建议等次")
    outcome: choice(EvaluationRow.Outcome) = Field(description="定等结果（含空档、重叠）")
    outcome_note: str = Field(description="说明")
    grade: str = Field(description="确定等次")
    grade_reason: str = Field(description="与建议不同的理由")

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class EthicsSelfIn(Schema):
    text: str = Field(max_length=2000, description="自我评价")
    grade: choice(Grade) = Field(description="自评等次")
    score: Decimal | None = Field(None, ge=0, le=1000, description="自评分")


class EthicsDepartmentGradeIn(Schema):
    row: int = Field(description="考评行 id")
    department_score: Decimal | None = Field(None, ge=0, le=1000, description="科室评分")
    patients_score: Decimal | None = Field(None, ge=0, le=1000, description="患者评价分")
    comment: str = Field("", max_length=300, description="科室意见")


class EthicsDecisionIn(Schema):
    grade: choice(Grade) | None = Field(None, description="确定等次（空：采用建议等次）")
    reason: str = Field("", max_length=300, description="与建议不同的理由")
    committee_score: Decimal | None = Field(None, ge=0, le=1000, description="院考评小组评分")
    opinion: str | None = Field(None, max_length=300, description="院考评小组意见")


class EthicsStepIn(Schema):
    step: str = Field(description="review（进入院考评）、grade（重新计算）、publicise（公示）、finalise（定等）")


class EthicsObjectionIn(Schema):
    text: str = Field(max_length=2000, description="异议内容")
    row: int | None = Field(None, description="针对的考评行 id")


class EthicsObjectionOut(Schema):
    id: int
    evaluation_id: int = Field(description="考评 id")
    row_id: int | None = Field(description="考评行 id")
    text: str = Field(description="异议内容")
    answer: str = Field(description="答复")
    answered_at: datetime | None = Field(description="答复时间")


class EthicsAnswerIn(Schema):
    answer: str = Field(max_length=2000, description="答复")


class EthicsMarkOut(Schema):
    person_id: int = Field(description="人员 id")
    year: int = Field(description="年度")
    kind: str = Field(description="veto（一票否决）、poor_grade（考评较差）、cycle（定期考核周期内较差）")
    reason: str = Field(description="原因")
    source_url: str = Field(description="来源页面")


class EthicsVetoIn(Schema):
    act: int = Field(description="否决事项 id")
    occurred_on: date = Field(description="发生日期")
    facts: str = Field(max_length=2000, description="事实")


class EthicsVetoOut(Schema):
    id: int
    person_id: int = Field(description="人员 id")
    act_id: int = Field(description="否决事项 id")
    act_name: str = Field(description="否决事项")
    occurred_on: date = Field(description="发生日期")
    facts: str = Field(description="事实")
    withdrawn_at: datetime | None = Field(description="撤销时间")

    @staticmethod
    def resolve_act_name(obj) -> str:
        return obj.act.name
