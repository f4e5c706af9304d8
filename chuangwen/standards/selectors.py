"""Reads of the standards app that pages, the API and the exporters share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from chuangwen.core.roles import CHANGE, Scope
from chuangwen.core.scoping import scope_q

from .models import Aspect, Indicator, Item, Standard

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=2))


def standard_list_base():
    """Standards with ``item_count`` and ``total_points`` summed by the database; the caller
    applies the scope."""
    return (
        Standard.objects.select_related("owner_unit", "applies_to", "based_on")
        .annotate(item_count=Count("items"), total_points=Coalesce(Sum("items__points"), ZERO))
        .order_by("-created_at", "-id")
    )


def standard_list(user):
    """Standards ``user`` may see, each with ``item_count`` and ``total_points`` (one query)."""
    return standard_list_base().visible_to(user)


def owner_units_for(user):
    """Units ``user`` may own standards in: the unit of each office or supervisor membership
    (a supervisor's membership names its authority), every unit of its region for an administrator."""
    from chuangwen.org.models import Unit

    allowed = Standard.scoping.perms
    ids = {
        m.unit_id
        for m in user.scope_memberships()
        if m.unit_id and CHANGE in allowed.get(m.role, ()) and m.scope in (Scope.UNIT, Scope.REGION)
    }
    # An administrator: every unit of its region (Unit's CHANGE is the admin's alone).
    admin = scope_q(Unit, user, CHANGE)
    return Unit.objects.filter(Q(pk__in=ids) | (admin & Q(is_active=True))).order_by("region__path", "code")


@dataclass
class IndicatorNode:
    indicator: Indicator
    items: list[Item] = field(default_factory=list)
    points: Decimal = Decimal("0")


@dataclass
class AspectNode:
    aspect: Aspect
    indicators: list[IndicatorNode] = field(default_factory=list)
    points: Decimal = Decimal("0")
    item_count: int = 0


@dataclass
class StandardDetail:
    """The tree of one standard, with totals per level summed by the database."""

    standard: Standard
    aspects: list[AspectNode]
    total_points: Decimal
    item_count: int
    # For an adaptation: ids of items changed from the original, and of items added.
    changed: set[int] = field(default_factory=set)
    added: set[int] = field(default_factory=set)


COMPARED_FIELDS = ("title", "points", "methods", "materials", "rules")


def standard_tree(standard: Standard) -> StandardDetail:
    """Aspects → indicators → items of ``standard`` in order, with points per level from two
    grouped SQL queries, in a fixed number of queries whatever the size of the standard."""
    aspects = list(Aspect.objects.filter(standard=standard).order_by("order", "id"))
    indicators = list(Indicator.objects.filter(aspect__standard=standard).order_by("order", "id"))
    items = list(Item.objects.filter(standard=standard).select_related("based_on_item").order_by("order", "id"))
    by_indicator = {
        row["indicator_id"]: row["points"]
        for row in Item.objects.filter(standard=standard)
        .values("indicator_id")
        .annotate(points=Sum("points"))
        .order_by()
    }
    by_aspect = {
        row["aspect_id"]: (row["points"], row["n"])
        for row in Item.objects.filter(standard=standard)
        .values("aspect_id")
        .annotate(points=Sum("points"), n=Count("id"))
        .order_by()
    }
    aspect_nodes = {
        a.pk: AspectNode(a, points=by_aspect.get(a.pk, (Decimal("0"), 0))[0] or Decimal("0")) for a in aspects
    }
    for node in aspect_nodes.values():
        node.item_count = by_aspect.get(node.aspect.pk, (0, 0))[1]
    indicator_nodes = {}
    for ind in indicators:
        node = IndicatorNode(ind, points=by_indicator.get(ind.pk) or Decimal("0"))
        indicator_nodes[ind.pk] = node
        aspect_nodes[ind.aspect_id].indicators.append(node)
    detail = StandardDetail(
        standard=standard,
        aspects=list(aspect_nodes.values()),
        total_points=sum((p for p, _n in by_aspect.values()), Decimal("0")),
        item_count=sum(n for _p, n in by_aspect.values()),
    )
    for item in items:
        indicator_nodes[item.indicator_id].items.append(item)
        if standard.based_on_id:
            original = item.based_on_item
            if original is None:
                detail.added.add(item.pk)
            elif any(getattr(item, f) != getattr(original, f) for f in COMPARED_FIELDS):
                detail.changed.add(item.pk)
    return detail


def versions_of(standard: Standard):
    """The other versions of the same standard (same owner and name), newest first."""
    return (
        Standard.objects.filter(owner_unit_id=standard.owner_unit_id, name=standard.name)
        .exclude(pk=standard.pk)
        .order_by("-created_at", "-id")
    )


def adaptations_of(standard: Standard, user):
    """Adaptations of ``standard`` that ``user`` may see."""
    return Standard.objects.visible_to(user).filter(based_on=standard).select_related("owner_unit")
