"""Reads of item scores for the pages and the API: the self and bureau score of every item of a
campaign side by side, with the gap per item and aspect (3 queries whatever the size)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from chuangwen.campaigns.models import Campaign
from chuangwen.standards import scoring_rules as sr
from chuangwen.standards.models import Item

from .items import JUDGED
from .models import ItemScore, View

ZERO = Decimal("0")


@dataclass
class ItemRow:
    item: Item
    rule: str
    judged: bool
    grades: list[str]
    self_score: ItemScore | None
    bureau_score: ItemScore | None

    @property
    def gap(self) -> Decimal | None:
        """Bureau − self, when the bureau's view scored it (judged items: once assessed)."""
        if self.self_score is None or self.bureau_score is None or not self.bureau_score.assessed:
            return None
        return self.bureau_score.score - self.self_score.score


@dataclass
class AspectRow:
    code: str
    title: str
    points: Decimal = ZERO
    self_total: Decimal = ZERO
    bureau_total: Decimal = ZERO
    items: list[ItemRow] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        """The sum of the item gaps, over the items the bureau's view has scored (None before)."""
        gaps = [r.gap for r in self.items if r.gap is not None]
        return sum(gaps, ZERO) if gaps else None


def side_by_side(campaign: Campaign, *, items=None) -> list[AspectRow]:
    qs = Item.objects.filter(standard_id=campaign.standard_id).select_related("aspect").order_by("order", "pk")
    if items is not None:
        qs = qs.filter(pk__in=[i.pk for i in items])
    scores = {
        (s.item_id, s.view): s for s in ItemScore.objects.filter(campaign_id=campaign.pk, item_id__in=qs.values("pk"))
    }
    aspects: dict[int, AspectRow] = {}
    for item in qs:
        rule = item.scoring or {}
        row = ItemRow(
            item=item,
            rule=sr.describe_scoring(rule),
            judged=sr.method_of(rule) in JUDGED,
            grades=[g["grade"] for g in rule.get("grades", [])],
            self_score=scores.get((item.pk, View.SELF)),
            bureau_score=scores.get((item.pk, View.BUREAU)),
        )
        a = aspects.setdefault(item.aspect_id, AspectRow(item.aspect.code, item.aspect.title))
        a.items.append(row)
        a.points += item.points
        a.self_total += row.self_score.score if row.self_score else ZERO
        a.bureau_total += row.bureau_score.score if row.bureau_score else ZERO
    return list(aspects.values())
