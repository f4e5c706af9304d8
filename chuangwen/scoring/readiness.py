"""达标评估: a campaign's unit against the pass line of its target title.

* **Pass line**: the ``PassLine`` for the campaign's target level set by the nearest authority
  at or above the unit's region (a county bureau's line wins over the city's).
* **Score** per aspect and overall: the sum of the items' ``ItemScore`` (self view, or the
  bureau's), as on every page.
* **Projected score**: the score plus the points not yet due (动态考核 periods still to come),
  i.e. what the unit reaches if every remaining period gets its accepted work; for other items
  the score as it stands.
* **Vetoes** (一票否决): an active ``UnitVeto`` on the day makes the unit ineligible, whatever
  its score; the page names the record.

Three queries whatever the size of the standard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from chuangwen.campaigns.models import Campaign
from chuangwen.org.models import Region, Unit

from .item_models import ItemScore, View
from .readiness_models import PassLine, UnitVeto

ZERO = Decimal("0")


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else ZERO


@dataclass
class AspectReadiness:
    code: str
    title: str
    points: Decimal
    score: Decimal
    projected: Decimal
    min_percent: Decimal | None = None

    @property
    def percent(self) -> Decimal:
        return pct(self.score, self.points)

    @property
    def projected_percent(self) -> Decimal:
        return pct(self.projected, self.points)

    @property
    def below(self) -> bool:
        return self.min_percent is not None and self.percent < self.min_percent


@dataclass
class Readiness:
    pass_line: PassLine | None
    aspects: list[AspectReadiness] = field(default_factory=list)
    vetoes: list[UnitVeto] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((a.points for a in self.aspects), ZERO)

    @property
    def score(self) -> Decimal:
        return sum((a.score for a in self.aspects), ZERO)

    @property
    def projected(self) -> Decimal:
        return sum((a.projected for a in self.aspects), ZERO)

    @property
    def percent(self) -> Decimal:
        return pct(self.score, self.points)

    @property
    def projected_percent(self) -> Decimal:
        return pct(self.projected, self.points)

    @property
    def eligible(self) -> bool:
        return not self.vetoes

    @property
    def meets(self) -> bool | None:
        """Whether the score reaches the pass line now (None without a pass line)."""
        if self.pass_line is None:
            return None
        return self.eligible and self.percent >= self.pass_line.min_percent and not any(a.below for a in self.aspects)

    @property
    def projected_meets(self) -> bool | None:
        if self.pass_line is None:
            return None
        line = self.pass_line.min_aspect_percent
        aspects_ok = line is None or all(a.projected_percent >= line for a in self.aspects)
        return self.eligible and self.projected_percent >= self.pass_line.min_percent and aspects_ok


def pass_line_for(unit: Unit, level: str) -> PassLine | None:
    paths = Region.paths_at_or_above(unit.region.path)
    return (
        PassLine.objects.filter(level=level, owner_unit__region__path__in=paths, owner_unit__kind=Unit.Kind.AUTHORITY)
        .select_related("owner_unit")
        .order_by("-owner_unit__region__depth", "-id")
        .first()
    )


def active_vetoes(unit_id: int, day: datetime.date) -> list[UnitVeto]:
    rows = UnitVeto.objects.filter(unit_id=unit_id, archived_at__isnull=True, occurred_on__lte=day)
    return [v for v in rows.order_by("-occurred_on") if v.applies_on(day)]


def readiness(campaign: Campaign, *, view: str = View.SELF, today: datetime.date | None = None) -> Readiness:
    today = today or timezone.localdate()
    line = pass_line_for(campaign.unit, campaign.target_level)
    rows = (
        ItemScore.objects.filter(campaign_id=campaign.pk, view=view)
        .values("item__aspect__code", "item__aspect__title", "item__aspect__order")
        .annotate(p=Sum("points"), s=Sum("score"), to_come=Sum(F("points") - F("due")))
        .order_by("item__aspect__order", "item__aspect__code")
    )
    aspects = [
        AspectReadiness(
            code=r["item__aspect__code"],
            title=r["item__aspect__title"],
            points=r["p"] or ZERO,
            score=r["s"] or ZERO,
            projected=(r["s"] or ZERO) + (r["to_come"] or ZERO),
            min_percent=line.min_aspect_percent if line else None,
        )
        for r in rows
    ]
    return Readiness(pass_line=line, aspects=aspects, vetoes=active_vetoes(campaign.unit_id, today))
