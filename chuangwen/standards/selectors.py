"""Reads of the standards app that pages, the API and the exporters share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from chuangwen.core.roles import CHANGE, Scope
from chuangwen.core.scoping import scope_q

from .models import Aspect, Indicator, Item, Section, Standard

DECIMAL = DecimalField(max_digits=10, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=DECIMAL)


def _declared_sum(queryset, standard_path: str):
    """The sum of the declared points of ``queryset``'s levels of the outer standard."""
    rows = queryset.filter(**{standard_path: OuterRef("pk")}).values(standard_path).annotate(s=Sum("points"))
    return Coalesce(Subquery(rows.values("s")[:1], output_field=DECIMAL), ZERO)


def total_points_expression():
    """A standard's points as its pages show them: each topmost declared level counts its declared
    points, items under no declared level their own (``points.effective`` in SQL)."""
    free_items = Q(items__aspect__points__isnull=True, items__indicator__points__isnull=True) & (
        Q(items__section__isnull=True) | Q(items__section__points__isnull=True)
    )
    return (
        Coalesce(Sum("items__points", filter=free_items), ZERO)
        + _declared_sum(Aspect.objects.filter(points__isnull=False), "standard")
        + _declared_sum(Indicator.objects.filter(points__isnull=False, aspect__points__isnull=True), "aspect__standard")
        + _declared_sum(
            Section.objects.filter(
                points__isnull=False, indicator__points__isnull=True, indicator__aspect__points__isnull=True
            ),
            "indicator__aspect__standard",
        )
    )


def standard_list_base(*, discarded: bool = False):
    """Standards (not discarded, unless ``discarded``) with ``item_count`` and ``total_points``
    computed by the database; the caller applies the scope."""
    standards = Standard.objects.select_related("owner_unit", "applies_to", "based_on")
    if not discarded:
        standards = standards.exclude(status=Standard.Status.DISCARDED)
    return standards.annotate(item_count=Count("items"), total_points=total_points_expression()).order_by(
        "-created_at", "-id"
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
class SectionNode:
    section: Section
    items: list[Item] = field(default_factory=list)
    points: Decimal = Decimal("0")
    declared: bool = False


@dataclass
class IndicatorNode:
    indicator: Indicator
    items: list[Item] = field(default_factory=list)
    sections: list[SectionNode] = field(default_factory=list)
    points: Decimal = Decimal("0")
    declared: bool = False


@dataclass
class AspectNode:
    aspect: Aspect
    indicators: list[IndicatorNode] = field(default_factory=list)
    points: Decimal = Decimal("0")
    item_count: int = 0
    declared: bool = False


@dataclass
class StandardDetail:
    """The tree of one standard, with the points of each level: declared, or its children's sum."""

    standard: Standard
    aspects: list[AspectNode]
    total_points: Decimal
    item_count: int
    # For an adaptation: ids of items changed from the original, and of items added.
    changed: set[int] = field(default_factory=set)
    added: set[int] = field(default_factory=set)


COMPARED_FIELDS = ("title", "points", "methods", "materials", "rules", "scoring")


def _settle(node, own, children_points) -> Decimal:
    node.declared = own is not None
    node.points = own if own is not None else sum(children_points, Decimal("0"))
    return node.points


def standard_tree(standard: Standard) -> StandardDetail:
    """Aspects → indicators → (sections →) items of ``standard`` in order, with the points of
    every level (declared, or the sum of its children), in four queries whatever its size."""
    aspects = list(Aspect.objects.filter(standard=standard).order_by("order", "id"))
    indicators = list(Indicator.objects.filter(aspect__standard=standard).order_by("order", "id"))
    sections = list(Section.objects.filter(indicator__aspect__standard=standard).order_by("order", "id"))
    items = list(Item.objects.filter(standard=standard).select_related("based_on_item").order_by("order", "id"))
    aspect_nodes = {a.pk: AspectNode(a) for a in aspects}
    indicator_nodes = {}
    for ind in indicators:
        node = IndicatorNode(ind)
        indicator_nodes[ind.pk] = node
        aspect_nodes[ind.aspect_id].indicators.append(node)
    section_nodes = {}
    for sec in sections:
        node = SectionNode(sec)
        section_nodes[sec.pk] = node
        indicator_nodes[sec.indicator_id].sections.append(node)
    detail = StandardDetail(
        standard=standard, aspects=list(aspect_nodes.values()), total_points=Decimal("0"), item_count=0
    )
    for item in items:
        parent = section_nodes[item.section_id] if item.section_id else indicator_nodes[item.indicator_id]
        parent.items.append(item)
        aspect_nodes[item.aspect_id].item_count += 1
        if standard.based_on_id:
            original = item.based_on_item
            if original is None:
                detail.added.add(item.pk)
            elif any(getattr(item, f) != getattr(original, f) for f in COMPARED_FIELDS):
                detail.changed.add(item.pk)
    for a in detail.aspects:
        for i in a.indicators:
            for sec in i.sections:
                _settle(sec, sec.section.points, [it.points for it in sec.items])
            _settle(i, i.indicator.points, [s.points for s in i.sections] + [it.points for it in i.items])
        _settle(a, a.aspect.points, [i.points for i in a.indicators])
    detail.total_points = sum((a.points for a in detail.aspects), Decimal("0"))
    detail.item_count = len(items)
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
