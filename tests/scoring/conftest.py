import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests import factories as f


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def sc(world):
    """A's 2026 campaign against a bureau standard of one aspect, two indicators and three items
    each (5 points each, all or nothing), and an unannounced round (暗访) of A's office over them."""
    from chuangwen.inspections.services.rounds import round_create

    w = world
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=2, items=3)
    items = list(std.items.order_by("order"))
    camp = f.campaign(w.a, std)
    rnd = round_create(
        user=w.office,
        owner_unit=w.a,
        kind="unannounced",
        title="3月暗访",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
        target_units=[w.a],
        inspectors=[w.inspector],
        items=items,
    )
    return SimpleNamespace(w=w, std=std, items=items, camp=camp, round=rnd, points=Decimal("5"))


def set_rule(item, rule: dict | str):
    from chuangwen.standards.scoring_rules import parse_scoring_text

    item.scoring = parse_scoring_text(rule) if isinstance(rule, str) else rule
    item.full_clean()
    item.save()
    return item
