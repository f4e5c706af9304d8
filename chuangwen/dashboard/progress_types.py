"""The shapes of 创建进度 (what ``progress`` computes and the pages and API show)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from chuangwen.campaigns.models import Campaign, Phase, Task
from chuangwen.evidence.models import ItemCompliance

ZERO = Decimal("0")


def percent(part, whole) -> float:
    """part / whole as a percentage with one decimal (0 when whole is 0 or missing)."""
    if not whole:
        return 0.0
    return round(float(part or 0) * 100 / float(whole), 1)


@dataclass
class Score:
    """Points, score and item counts of a set of items (an indicator, an aspect, the unit)."""

    points: Decimal = ZERO
    score: Decimal = ZERO
    items: int = 0
    met: int = 0
    partial: int = 0

    @property
    def unmet(self) -> int:
        return self.items - self.met - self.partial

    @property
    def percent(self) -> float:
        return percent(self.score, self.points)


@dataclass
class ItemProgress:
    id: int
    code: str
    title: str
    points: Decimal
    score: Decimal
    state: str
    unmet_reasons: list
    departments: list[str] = field(default_factory=list)
    due: Decimal = ZERO
    lines: list = field(default_factory=list)  # [{"points", "text", "url"}]: they add up to ``score``
    rule: str = ""

    @property
    def state_label(self) -> str:
        return ItemCompliance.Status(self.state).label


@dataclass
class IndicatorProgress:
    id: int
    code: str
    title: str
    score: Score
    items: list[ItemProgress] = field(default_factory=list)


@dataclass
class AspectProgress:
    id: int
    code: str
    title: str
    score: Score
    indicators: list[IndicatorProgress] = field(default_factory=list)


@dataclass
class DepartmentProgress:
    id: int
    name: str
    total: int
    accepted: int
    submitted: int
    overdue: int
    items_led: int = 0
    items_met: int = 0

    @property
    def completion(self) -> float:
        return percent(self.accepted, self.total)


@dataclass
class TaskCounts:
    total: int = 0
    accepted: int = 0
    submitted: int = 0
    overdue: int = 0

    @property
    def completion(self) -> float:
        return percent(self.accepted, self.total)


@dataclass
class CampaignProgress:
    campaign: Campaign
    today: datetime.date
    overall: Score
    aspects: list[AspectProgress]
    departments: list[DepartmentProgress]
    tasks: TaskCounts
    overdue_tasks: list[Task]
    phases: list[Phase]
    review_starts_on: datetime.date
    # 创建达标: the pass line of the target title, the projected score and the vetoes (scoring.readiness).
    readiness: object = None
    review_ends_on: datetime.date | None = None

    @property
    def days_to_review(self) -> int:
        return (self.review_starts_on - self.today).days

    @property
    def review_under_way(self) -> bool:
        """The review phase has begun and not ended: the card counts to its end instead of 0."""
        return self.days_to_review <= 0 and self.review_ends_on is not None and self.today <= self.review_ends_on

    @property
    def days_to_review_end(self) -> int:
        return (self.review_ends_on - self.today).days if self.review_ends_on else 0

    @property
    def current_phase(self) -> Phase | None:
        return next((p for p in self.phases if p.starts_on <= self.today <= p.ends_on), None)
