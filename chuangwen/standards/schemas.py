"""Input and output shapes of the standards API, with the Chinese term of each field."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from .models import Standard, TitleLevel


class StandardOut(Schema):
    id: int
    name: str = Field(description="测评体系名称")
    version: str = Field(description="版本")
    level: choice(TitleLevel) = Field(description="文明单位级别")
    status: choice(Standard.Status) = Field(description="状态：草稿 / 已发布 / 已停用 / 已作废")
    depth: int = Field(description="层级数：2（方面 → 项目）、3（方面 → 指标 → 项目）、4（方面 → 指标 → 细则 → 项目）")
    owner_unit_id: int = Field(description="所属单位 id")
    owner_unit_name: str = Field(description="所属单位名称")
    applies_to_id: int | None = Field(description="适用行政区划 id（上级部门发布的体系）")
    based_on_id: int | None = Field(description="细化自（原体系 id）")
    previous_id: int | None = Field(description="上一版本 id")
    item_count: int = Field(description="测评项目数")
    total_points: Decimal = Field(description="总分（声明分值的层级按声明分值计）")

    @staticmethod
    def resolve_owner_unit_name(obj) -> str:
        return obj.owner_unit.name


class ItemOut(Schema):
    id: int
    code: str = Field(description="项目编号")
    title: str = Field(description="测评内容")
    points: Decimal = Field(description="分值")
    methods: list[str] = Field(
        description="测评方法代码（见测评方法表）：site 实地考察 / documents 材料审核 / survey 问卷调查 / "
        "online 网上申报 / dynamic 动态考核 / unannounced 明察暗访 / report 听取汇报 / "
        "web_survey 网络调查 / consultation 征求意见 …"
    )
    materials: str = Field(description="所需材料")
    rules: list[dict] = Field(description="台账要求（规则）")
    rule_labels: list[str] = Field(description="台账要求的文字说明")
    scoring: dict = Field(description="计分规则（空为全有或全无）")
    scoring_label: str = Field(description="计分规则的文字说明")
    section_id: int | None = Field(description="所属细则 id（四级体系）")


class _LevelOut(Schema):
    id: int
    points: Decimal = Field(description="分值：声明的分值，未声明时为下级合计")
    declared_points: Decimal | None = Field(description="声明的分值（未声明为 null）")
    children_rule: str = Field(description="下级与声明分值的关系：equal 合计相等 / within 不超过 / cap 扣完为止")


class SectionOut(_LevelOut):
    code: str = Field(description="细则编号")
    title: str = Field(description="细则（三级指标）")
    items: list[ItemOut]


class IndicatorOut(_LevelOut):
    code: str = Field(description="指标编号")
    title: str = Field(description="测评指标")
    implicit: bool = Field(description="两级体系中代替指标的隐藏层级")
    sections: list[SectionOut]
    items: list[ItemOut]


class AspectOut(_LevelOut):
    code: str = Field(description="方面编号")
    title: str = Field(description="测评方面")
    indicators: list[IndicatorOut]


class StandardTreeOut(StandardOut):
    description: str = Field(description="说明")
    aspects: list[AspectOut]
    changed_item_ids: list[int] = Field(description="细化版中相对原体系修改过的项目 id")
    added_item_ids: list[int] = Field(description="细化版中新增的项目 id")

    # The endpoint attaches the tree it built to the standard as ``tree``.
    @staticmethod
    def resolve_aspects(obj) -> list:
        return obj.tree["aspects"]

    @staticmethod
    def resolve_changed_item_ids(obj) -> list[int]:
        return obj.tree["changed_item_ids"]

    @staticmethod
    def resolve_added_item_ids(obj) -> list[int]:
        return obj.tree["added_item_ids"]


class AdaptIn(Schema):
    unit: Id = Field(description="细化到的医院 id（须为本人可管理的单位）")


class ItemPatch(Schema):
    """Only the fields sent are changed; only items of a draft can be changed. ``null`` is refused."""

    title: str = Field(None, description="测评内容")
    points: Decimal = Field(None, description="分值")
    methods: list[str] = Field(None, description="测评方法代码")
    materials: str = Field(None, description="所需材料")
    rules: list[dict] = Field(None, description='台账要求，如 [{"type": "min_photos", "count": 2}]')
    scoring: dict = Field(None, description='计分规则，如 {"method": "per_occurrence", "deduct": "1"}')


class StandardFilter(FilterSchema):
    status: Annotated[choice(Standard.Status) | None, FilterLookup("status")] = Field(None, description="状态")
    level: Annotated[choice(TitleLevel) | None, FilterLookup("level")] = Field(None, description="级别")
    owner_unit: Annotated[Id | None, FilterLookup("owner_unit_id")] = Field(None, description="所属单位 id")
    q: Annotated[str | None, FilterLookup("name__contains")] = Field(None, description="名称")


class ProblemOut(Schema):
    field: str | None = Field(
        description="位置：行号（xlsx）或路径（YAML，如 aspects[2].indicators[0].items[3].points）"
    )
    # Absent from a 422 of ordinary request validation (``{"field": ..., "message": ...}``).
    row: int | None = Field(None, description="xlsx 行号")
    column: str = Field("", description="列名或字段名")
    message: str


class ImportErrorOut(Schema):
    message: str
    errors: list[ProblemOut]
