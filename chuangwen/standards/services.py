"""Writes of the standards app: import, versions, adaptation, publishing and editing drafts.

Only drafts change. A published (or retired) standard is what campaigns are measured against,
so it is frozen: a new version or an adaptation copies it, and the copy is edited instead. The
original of a copy never changes. Every row written carries the acting user in its history."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chuangwen.org.models import Unit

from . import points as declared
from .import_tree import StandardTree
from .models import Aspect, Indicator, Item, Section, Standard, TitleLevel

_MAJOR = re.compile(r"^(\d+)(?:\.\d+)*$")


def _require_draft(standard: Standard) -> None:
    if not standard.is_editable:
        raise ValidationError(
            _("“%(name)s” is %(status)s and cannot be edited; create a new version or adapt it, and edit that draft.")
            % {"name": standard, "status": standard.get_status_display()}
        )


def _save(obj, user) -> None:
    obj.full_clean()
    obj._history_user = user
    obj.save()


def _default_applies_to(unit: Unit):
    """An authority's standard applies to its region; a hospital's own standard to itself only."""
    return unit.region if unit.kind == Unit.Kind.AUTHORITY else None


@transaction.atomic
def standard_import(
    *,
    tree: StandardTree,
    owner_unit: Unit,
    user,
    name: str = "",
    version: str = "",
    level: str = "",
    description: str = "",
) -> Standard:
    """A new draft standard owned by ``owner_unit`` from a checked tree (see ``importers``).

    Arguments override what the file says; the file's name is used when none is given. A
    standard with the same owner, name and version must not exist yet."""
    standard = Standard(
        name=(name or tree.name).strip(),
        version=(version or tree.version or "1.0").strip(),
        level=level or tree.level or TitleLevel.COUNTY,
        description=description or tree.description,
        owner_unit=owner_unit,
        applies_to=_default_applies_to(owner_unit),
        status=Standard.Status.DRAFT,
        depth=tree.depth,
    )
    if not standard.name:
        raise ValidationError({"name": _("Give the standard a name.")})
    if Standard.objects.filter(owner_unit=owner_unit, name=standard.name, version=standard.version).exists():
        raise ValidationError(
            {
                "version": _("%(name)s version %(version)s already exists; give the import another version.")
                % {"name": standard.name, "version": standard.version}
            }
        )
    _save(standard, user)
    _write_tree(standard, tree, user)
    return standard


def _level_fields(node) -> dict:
    return {"code": node.code, "title": node.title, "points": node.points, "children_rule": node.children_rule}


def _item_fields(item) -> dict:
    return {
        "code": item.code,
        "title": item.title,
        "points": item.points,
        "methods": list(item.methods),
        "materials": item.materials,
        "rules": [dict(r) for r in item.rules],
        "scoring": dict(item.scoring),
    }


def _write_tree(standard: Standard, tree: StandardTree, user) -> None:
    """Aspects, indicators, sections and items of ``tree`` in four bulk inserts."""
    aspects = [Aspect(standard=standard, order=n, **_level_fields(a)) for n, a in enumerate(tree.aspects, 1)]
    bulk_create_with_history(aspects, Aspect, default_user=user)
    indicators, ind_data = [], []
    for aspect, data in zip(aspects, tree.aspects, strict=True):
        for n, i in enumerate(data.indicators, 1):
            indicators.append(Indicator(aspect=aspect, order=n, implicit=i.implicit, **_level_fields(i)))
            ind_data.append(i)
    bulk_create_with_history(indicators, Indicator, default_user=user)
    sections, sec_data = [], []
    for indicator, data in zip(indicators, ind_data, strict=True):
        for n, sec in enumerate(data.sections, 1):
            sections.append(Section(indicator=indicator, order=n, **_level_fields(sec)))
            sec_data.append(sec)
    bulk_create_with_history(sections, Section, default_user=user)
    section_of = {id(d): sec for sec, d in zip(sections, sec_data, strict=True)}
    items = []
    order = 0
    for indicator, data in zip(indicators, ind_data, strict=True):
        groups = [(None, data.items)] + [(section_of[id(sec)], sec.items) for sec in data.sections]
        for section, group in groups:
            for item in group:
                order += 1
                items.append(
                    Item(
                        standard=standard,
                        aspect=indicator.aspect,
                        indicator=indicator,
                        section=section,
                        order=order,
                        **_item_fields(item),
                    )
                )
    items.sort(key=lambda i: i.order)
    bulk_create_with_history(items, Item, batch_size=500, default_user=user)


def _copy(source: Standard, *, user, **fields) -> Standard:
    """A draft copy of ``source`` (its whole tree) with ``fields`` set on the new standard; each
    copied item remembers the item it came from."""
    copy = Standard(
        name=source.name,
        version=source.version,
        level=source.level,
        description=source.description,
        owner_unit=source.owner_unit,
        applies_to=source.applies_to,
        based_on=source.based_on,
        depth=source.depth,
        status=Standard.Status.DRAFT,
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    _save(copy, user)
    aspects = list(Aspect.objects.filter(standard=source).order_by("order", "id"))
    new_aspects = [Aspect(standard=copy, order=a.order, **_level_fields(a)) for a in aspects]
    bulk_create_with_history(new_aspects, Aspect, default_user=user)
    aspect_map = {old.pk: new for old, new in zip(aspects, new_aspects, strict=True)}
    indicators = list(Indicator.objects.filter(aspect__standard=source).order_by("order", "id"))
    new_indicators = [
        Indicator(aspect=aspect_map[i.aspect_id], order=i.order, implicit=i.implicit, **_level_fields(i))
        for i in indicators
    ]
    bulk_create_with_history(new_indicators, Indicator, default_user=user)
    indicator_map = {old.pk: new for old, new in zip(indicators, new_indicators, strict=True)}
    sections = list(Section.objects.filter(indicator__aspect__standard=source).order_by("order", "id"))
    new_sections = [
        Section(indicator=indicator_map[s.indicator_id], order=s.order, **_level_fields(s)) for s in sections
    ]
    bulk_create_with_history(new_sections, Section, default_user=user)
    section_map = {old.pk: new for old, new in zip(sections, new_sections, strict=True)}
    items = [
        Item(
            standard=copy,
            aspect=aspect_map[i.aspect_id],
            indicator=indicator_map[i.indicator_id],
            section=section_map.get(i.section_id),
            order=i.order,
            # A new version of an adaptation still compares with the authority's original.
            based_on_item_id=(i.based_on_item_id if fields.get("previous") else i.pk),
            **_item_fields(i),
        )
        for i in Item.objects.filter(standard=source).order_by("order", "id")
    ]
    bulk_create_with_history(items, Item, batch_size=500, default_user=user)
    return copy


def next_version(standard: Standard) -> str:
    """ "1.0" → "2.0", "2026" → "2027"; otherwise a suffix, avoiding versions that exist."""
    existing = set(
        Standard.objects.filter(owner_unit_id=standard.owner_unit_id, name=standard.name).values_list(
            "version", flat=True
        )
    )
    match = _MAJOR.match(standard.version)
    n = int(match[1]) + 1 if match else 2
    while True:
        candidate = (f"{n}.0" if "." in standard.version else str(n)) if match else f"{standard.version}-{n}"
        if candidate not in existing:
            return candidate
        n += 1


@transaction.atomic
def standard_new_version(*, standard: Standard, user) -> Standard:
    """A draft copy of ``standard`` as its next version (same owner); ``standard`` is untouched."""
    return _copy(standard, user=user, version=next_version(standard), previous=standard)


@transaction.atomic
def standard_publish(*, standard: Standard, user) -> Standard:
    """Publish a draft: it becomes read-only and, for an authority, visible to every unit of
    its region. The version it replaces (``previous``), if published, is retired."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status != Standard.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not Item.objects.filter(standard=standard).exists():
        raise ValidationError(_("A standard without items cannot be published."))
    problems = points_problems(standard)
    if problems:
        raise ValidationError(problems)
    if standard.previous_id:
        previous = Standard.objects.get(pk=standard.previous_id)
        if previous.status == Standard.Status.PUBLISHED:
            previous.status = Standard.Status.RETIRED
            _save(previous, user)
    standard.status = Standard.Status.PUBLISHED
    _save(standard, user)
    return standard


@transaction.atomic
def standard_retire(*, standard: Standard, user) -> Standard:
    """Retire a published standard: it stays readable (campaigns keep it) but is no longer
    offered to units."""
    if standard.status != Standard.Status.PUBLISHED:
        raise ValidationError(_("Only a published standard can be retired."))
    standard.status = Standard.Status.RETIRED
    _save(standard, user)
    return standard


@transaction.atomic
def standard_adapt(*, standard: Standard, unit: Unit, user) -> Standard:
    """A draft copy of an authority's published ``standard``, owned by ``unit`` (based_on set),
    to re-weight and extend for the hospital. The original never changes."""
    if standard.status != Standard.Status.PUBLISHED:
        raise ValidationError(_("Only a published standard can be adapted."))
    if standard.owner_unit_id == unit.pk:
        raise ValidationError(_("This standard is already your unit's own; create a new version instead."))
    name = f"{standard.name}（{unit.short_name or unit.name}）"[:120]
    version = standard.version
    existing = Standard.objects.filter(owner_unit=unit, name=name)
    if existing.filter(version=version).exists():
        version = next_version(existing.filter(version=version).first())
    return _copy(standard, user=user, name=name, version=version, owner_unit=unit, applies_to=None, based_on=standard)


@transaction.atomic
def standard_discard(*, standard: Standard, user) -> Standard:
    """Discard a draft that failed or is unwanted: hidden from lists, kept in the database with
    its tree (nothing is deleted). A published or retired standard cannot be discarded."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status != Standard.Status.DRAFT:
        raise ValidationError(_("Only a draft can be discarded; a published standard is retired instead."))
    standard.status = Standard.Status.DISCARDED
    _save(standard, user)
    return standard


# ---------------------------------------------------------------------------------------- points


class _Level:
    """A level of a stored standard as ``points.check`` reads it."""

    def __init__(self, obj, children):
        self.code, self.title, self.points, self.children_rule = obj.code, obj.title, obj.points, obj.children_rule
        self.children = children


def points_problems(standard: Standard, *, only_exceeded: bool = False) -> list[str]:
    """The declared levels of ``standard`` whose children do not keep to them (four queries).
    ``only_exceeded``: only children over a parent (what an edit may never cause; a draft may be
    short of a parent's points while it is being re-weighted, but is not published so)."""
    items = list(Item.objects.filter(standard=standard).only("code", "title", "points", "indicator_id", "section_id"))
    sections = list(Section.objects.filter(indicator__aspect__standard=standard).order_by("order", "id"))
    indicators = list(Indicator.objects.filter(aspect__standard=standard).order_by("order", "id"))
    aspects = list(Aspect.objects.filter(standard=standard).order_by("order", "id"))
    in_section: dict[int, list] = {}
    in_indicator: dict[int, list] = {}
    for item in items:
        if item.section_id:
            in_section.setdefault(item.section_id, []).append(item)
        else:
            in_indicator.setdefault(item.indicator_id, []).append(item)
    section_levels: dict[int, list] = {}
    for sec in sections:
        section_levels.setdefault(sec.indicator_id, []).append(_Level(sec, in_section.get(sec.pk, [])))
    indicator_levels: dict[int, list] = {}
    for ind in indicators:
        children = section_levels.get(ind.pk, []) + in_indicator.get(ind.pk, [])
        indicator_levels.setdefault(ind.aspect_id, []).append(_Level(ind, children))
    tree = [_Level(a, indicator_levels.get(a.pk, [])) for a in aspects]
    problems = declared.check(tree)
    if only_exceeded:
        problems = [
            (node, message)
            for node, message in problems
            if node.children_rule != declared.CAP
            and sum((declared.effective(c) for c in node.children), declared.ZERO) > node.points
        ]
    return [message for _node, message in problems]


def _check_points(standard: Standard) -> None:
    problems = points_problems(standard, only_exceeded=True)
    if problems:
        raise ValidationError({"points": problems})


@transaction.atomic
def standard_levels_update(*, standard: Standard, user, changes) -> None:
    """Declare the points of several levels of a draft at once (``changes``: (level, points,
    children_rule) of levels of ``standard``), so that a re-weighting is saved whole; refused,
    nothing saved, when children would exceed a level."""
    _require_draft(standard)
    for level, points, children_rule in changes:
        if children_rule not in declared.RULES:
            raise ValidationError({"children_rule": _("children_rule must be equal, within or cap.")})
        if (level.points, level.children_rule) != (points, children_rule):
            level.points, level.children_rule = points, children_rule
            _save(level, user)
    _check_points(standard)


@transaction.atomic
def level_update(*, level, user, points, children_rule: str = declared.EQUAL) -> object:
    """Declare (or clear, ``points=None``) the points of an aspect, indicator or section of a
    draft, and how its children relate to them; refused when its children would exceed it."""
    standard = (
        level.standard
        if isinstance(level, Aspect)
        else (level.aspect.standard if isinstance(level, Indicator) else level.indicator.aspect.standard)
    )
    _require_draft(standard)
    if children_rule not in declared.RULES:
        raise ValidationError({"children_rule": _("children_rule must be equal, within or cap.")})
    level.points, level.children_rule = points, children_rule
    _save(level, user)
    _check_points(standard)
    return level


# ---------------------------------------------------------------------------------------- drafts


@transaction.atomic
def item_update(*, item: Item, user, **changes) -> Item:
    """Change an item of a draft (points, content, methods, materials, rules)."""
    _require_draft(item.standard)
    allowed = {"title", "points", "methods", "materials", "rules", "code", "scoring"}
    for name, value in changes.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(item, name, value)
    if Item.objects.filter(standard=item.standard, code=item.code).exclude(pk=item.pk).exists():
        raise ValidationError({"code": _("Item code %(code)s is already used.") % {"code": item.code}})
    _save(item, user)
    _check_points(item.standard)
    return item


@transaction.atomic
def item_create(
    *,
    indicator: Indicator,
    user,
    code: str,
    title: str,
    points: Decimal,
    methods: list[str],
    materials: str = "",
    rules: list | None = None,
    scoring: dict | None = None,
    section: Section | None = None,
) -> Item:
    """Add an item to a draft, after the indicator's last item."""
    standard = indicator.aspect.standard
    _require_draft(standard)
    if Item.objects.filter(standard=standard, code=code).exists():
        raise ValidationError({"code": _("Item code %(code)s is already used.") % {"code": code}})
    last = Item.objects.filter(standard=standard).order_by("-order").values_list("order", flat=True).first() or 0
    item = Item(
        standard=standard,
        aspect=indicator.aspect,
        indicator=indicator,
        code=code,
        title=title,
        points=points,
        methods=methods,
        materials=materials,
        rules=rules or [],
        scoring=scoring or {},
        section=section,
        order=last + 1,
    )
    _save(item, user)
    _check_points(standard)
    return item


@transaction.atomic
def indicator_create(*, aspect: Aspect, user, code: str, title: str) -> Indicator:
    """Add an indicator to an aspect of a draft."""
    _require_draft(aspect.standard)
    if Indicator.objects.filter(aspect__standard=aspect.standard, code=code).exists():
        raise ValidationError({"code": _("Indicator code %(code)s is already used.") % {"code": code}})
    last = Indicator.objects.filter(aspect=aspect).order_by("-order").values_list("order", flat=True).first() or 0
    indicator = Indicator(aspect=aspect, code=code, title=title, order=last + 1)
    _save(indicator, user)
    return indicator
