"""Declared points at every level of a standard, and the check that children keep to them.

A level above the item (aspect, indicator, section) may declare its points; how its children
relate to them is the level's ``children_rule``:

- ``equal`` (the default): the children add up to the declared points;
- ``within``: the children's sum stays at or under them (e.g. a bonus aspect "最高5分");
- ``cap`` (扣完为止): the children may add up to more (deductions), the level's score is capped at
  its points; they may not add up to less, which would make the declared points unreachable.

A level that declares nothing is worth the sum of its children. The check works on any tree of
objects with ``code``, ``title``, ``points``, ``children_rule`` and ``children`` (the importer's
data and the models read by ``services``), so the file and the editor refuse the same things."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

EQUAL, WITHIN, CAP = "equal", "within", "cap"
RULES = (EQUAL, WITHIN, CAP)
ZERO = Decimal("0")

_WITHIN = re.compile(r"^(?:≤|<=|＜=|不超过|最高|至多)\s*(\d+(?:\.\d+)?)\s*分?$|^(\d+(?:\.\d+)?)\s*分?\s*以内$")
_CAP = re.compile(r"^(\d+(?:\.\d+)?)\s*分?\s*[(（]?\s*扣完为止\s*[)）]?$")
_EQUAL = re.compile(r"^(\d+(?:\.\d+)?)\s*分?$")


def fmt(value: Decimal) -> str:
    """10.00 → "10", 4.50 → "4.5"."""
    return format(value.normalize(), "f")


def parse_declared(text: str) -> tuple[Decimal | None, str]:
    """A parent's 分值 cell: "10" (equal), "≤10" or "10以内" (within), "10（扣完为止）" (cap);
    blank → (None, equal). Raises ``ValueError`` for anything else."""
    text = (text or "").strip()
    if not text:
        return None, EQUAL
    for pattern, rule in ((_EQUAL, EQUAL), (_WITHIN, WITHIN), (_CAP, CAP)):
        match = pattern.match(text)
        if match:
            number = next(g for g in match.groups() if g)
            try:
                return Decimal(number), rule
            except InvalidOperation:
                break
    raise ValueError(text)


def declared_text(points: Decimal | None, rule: str) -> str:
    """The cell ``parse_declared`` reads back."""
    if points is None:
        return ""
    if rule == WITHIN:
        return f"≤{fmt(points)}"
    if rule == CAP:
        return f"{fmt(points)}（扣完为止）"
    return fmt(points)


def effective(node) -> Decimal:
    """What the level is worth: its declared points, or the sum of its children's."""
    if getattr(node, "children", None) is None:
        return node.points
    if node.points is not None:
        return node.points
    return sum((effective(c) for c in node.children), ZERO)


def check(nodes) -> list[tuple[object, str]]:
    """Each declared level whose children do not keep to it, with the message naming it (code,
    title, declared points and the children's sum), from the top down."""
    problems = []
    for node in nodes:
        children = getattr(node, "children", None)
        if children is None:
            continue
        if node.points is not None:
            total = sum((effective(c) for c in children), ZERO)
            values = {"code": node.code, "title": node.title, "declared": fmt(node.points), "sum": fmt(total)}
            rule = node.children_rule or EQUAL
            if rule == EQUAL and total != node.points:
                problems.append(
                    (
                        node,
                        _("%(code)s %(title)s declares %(declared)s points; its children add up to %(sum)s.") % values,
                    )
                )
            elif rule == WITHIN and total > node.points:
                problems.append(
                    (
                        node,
                        _("%(code)s %(title)s declares at most %(declared)s points; its children add up to %(sum)s.")
                        % values,
                    )
                )
            elif rule == CAP and total < node.points:
                problems.append(
                    (
                        node,
                        _("%(code)s %(title)s is capped at %(declared)s points; its children add up to only %(sum)s.")
                        % values,
                    )
                )
        problems += check(children)
    return problems
