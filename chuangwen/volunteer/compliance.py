"""Per-person quantities of standard items ("志愿服务每人每月3小时", ``per_person`` rules of
``standards.rules``) computed from the hours: per period of the campaign, which active staff
member has less than the quantity, by department. The evidence check asks ``per_person_result``
(an item asking only for hours needs nothing uploaded); the item's page shows ``shortfall``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from chuangwen.evidence.rules import RuleResult, periods_so_far
from chuangwen.org.models import Person

from .selectors import live_hours

HOUR_UNITS = frozenset({"小时", "时", "h", "H", "个小时", "hours"})


def counts_hours(rule: dict) -> bool:
    """Whether a ``per_person`` rule asks for volunteer service hours (the others are not ours)."""
    return rule.get("type") == "per_person" and str(rule.get("unit") or "").strip() in HOUR_UNITS


def _period_of(month: date, period: str) -> tuple[int, int]:
    if period == "year":
        return (month.year, 1)
    if period == "quarter":
        return (month.year, (month.month - 1) // 3 + 1)
    return (month.year, month.month)


def period_label(key: tuple[int, int], period: str) -> str:
    if period == "year":
        return str(key[0])
    if period == "quarter":
        return _("%(year)s Q%(quarter)s") % {"year": key[0], "quarter": key[1]}
    return f"{key[0]}-{key[1]:02d}"


@dataclass
class Short:
    person: Person
    hours: Decimal
    need: Decimal

    @property
    def missing(self) -> Decimal:
        return self.need - self.hours


@dataclass
class PeriodShortfall:
    """One period: who of each department has less than ``need`` hours."""

    key: tuple[int, int]
    label: str
    need: Decimal
    staff: int = 0
    by_department: dict[str, list[Short]] = field(default_factory=dict)

    @property
    def short(self) -> int:
        return sum(len(v) for v in self.by_department.values())


def shortfall(rule: dict, *, unit_id: int, start: date, end: date, today: date) -> list[PeriodShortfall]:
    """Every complete period of [start, end] up to ``today`` (as the evidence rules count them)
    with the active staff short of the rule's quantity, by department. Two queries."""
    try:
        need = Decimal(str(rule.get("quantity")))
    except InvalidOperation:
        return []
    period = rule.get("period") if rule.get("period") in ("month", "quarter", "year") else "month"
    keys = periods_so_far(start, end, today, period)
    if not keys:
        return []
    people = list(
        Person.objects.filter(unit_id=unit_id, is_active=True)
        .select_related("department")
        .order_by("department__sort_order", "department_id", "employee_no")
    )
    sums: dict[tuple[int, tuple[int, int]], Decimal] = defaultdict(Decimal)
    rows = (
        live_hours()
        .filter(unit_id=unit_id, served_on__gte=start, served_on__lte=min(end, today))
        .annotate(month=TruncMonth("served_on"))
        .values("person_id", "month")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        sums[(row["person_id"], _period_of(month, period))] += row["total"]
    out = []
    for key in keys:
        p = PeriodShortfall(key, period_label(key, period), need, staff=len(people))
        for person in people:
            have = sums.get((person.pk, key), Decimal("0"))
            if have < need:
                p.by_department.setdefault(person.department.name, []).append(Short(person, have, need))
        out.append(p)
    return out


def per_person_result(rule: dict, *, unit_id: int, start: date, end: date, today: date) -> RuleResult | None:
    """The rule met when nobody was short in any complete period; else the first short period
    named with how many are short per department. ``None`` for a rule that is not about hours."""
    if not counts_hours(rule):
        return None
    for p in shortfall(rule, unit_id=unit_id, start=start, end=end, today=today):
        if p.short:
            departments = "、".join(
                _("%(department)s %(count)s") % {"department": name, "count": len(people)}
                for name, people in p.by_department.items()
            )
            reason = _("%(label)s: %(count)s of %(staff)s staff below %(need)s hours (%(departments)s)") % {
                "label": p.label,
                "count": p.short,
                "staff": p.staff,
                "need": rule.get("quantity"),
                "departments": departments,
            }
            return RuleResult(rule, False, reason)
    return RuleResult(rule, True)
