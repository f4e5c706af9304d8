"""Reads of volunteer service shared by pages, the API, the certificate and the evidence check:
each person's monthly, yearly and cumulative hours against the unit's rules (one grouped query),
the same per department, and the bureau's per-unit aggregates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from chuangwen.core.months import add_months
from chuangwen.org.models import Person, Unit

from .models import ServiceHours, ServiceRule, StarLevel, Volunteer

ZERO = Decimal("0")
LIVE = Q(withdrawn_at__isnull=True)
_SUM = DecimalField(max_digits=9, decimal_places=1)


def live_hours() -> QuerySet[ServiceHours]:
    return ServiceHours.objects.filter(LIVE)


def rules_for(unit_id: int, year: int) -> dict[str, Decimal]:
    """The unit's targets in force for ``year``, by kind."""
    rows = ServiceRule.objects.filter(unit_id=unit_id, year=year, is_active=True).values_list("kind", "target")
    return dict(rows)


def complete_months(year: int, today: date) -> int:
    """How many months of ``year`` are over by ``today`` (0 to 12): only those can be short."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


@dataclass
class PersonTotal:
    """One person's year: hours per month, the year's and the cumulative total, star level, shortfalls."""

    person: Person
    months: list[Decimal]
    year: Decimal
    cumulative: Decimal
    registered: bool
    star: StarLevel | None = None
    short_months: list[tuple[int, Decimal]] = field(default_factory=list)
    year_short: Decimal = ZERO

    @property
    def is_short(self) -> bool:
        return bool(self.short_months) or self.year_short > 0

    @property
    def month_cells(self) -> list[tuple[int, Decimal, bool]]:
        short = {m for m, _s in self.short_months}
        return [(i + 1, h, (i + 1) in short) for i, h in enumerate(self.months)]


def _month_sums(unit_id: int, year: int, person_ids=None) -> dict[int, dict]:
    """Per person of the unit: the year's twelve month sums and the cumulative sum to the year's
    end, in one grouped query over the unit's live hours (index unit, served_on)."""
    sums = {}
    for m in range(12):
        start = date(year, m + 1, 1)
        q = Q(served_on__gte=start, served_on__lt=add_months(start, 1))
        sums[f"m{m + 1}"] = Coalesce(Sum("hours", filter=q), Value(ZERO), output_field=_SUM)
    sums["cumulative"] = Sum("hours")
    qs = live_hours().filter(unit_id=unit_id, served_on__lt=date(year + 1, 1, 1))
    if person_ids is not None:
        qs = qs.filter(person_id__in=person_ids)
    return {row.pop("person_id"): row for row in qs.order_by().values("person_id").annotate(**sums)}


def person_totals(people: QuerySet[Person], *, unit_id: int, year: int, today: date | None = None) -> list[PersonTotal]:
    """Each person of ``people`` (already scoped; active staff) with the year's hours against the
    unit's rules: months under the monthly target among the months already over, what is still
    missing of the yearly target, and the star level of the cumulative hours. Five queries
    whatever the number of people (the people, their sums, registrations, rules, star levels)."""
    today = today or timezone.localdate()
    rules = rules_for(unit_id, year)
    stars = list(StarLevel.objects.filter(unit_id=unit_id).order_by("-min_hours"))
    monthly, yearly = rules.get(ServiceRule.Kind.EACH_MONTH), rules.get(ServiceRule.Kind.EACH_YEAR)
    over = complete_months(year, today)
    rows = list(
        people.select_related("department")
        .only(
            "id", "unit_id", "user_id", "name", "employee_no", "hired_on", "department__name", "department__sort_order"
        )
        .order_by("department__sort_order", "department_id", "employee_no")
    )
    few = len(rows) <= 200
    ids = [p.pk for p in rows] if few else None
    sums = _month_sums(unit_id, year, ids)
    registered_qs = Volunteer.objects.filter(unit_id=unit_id, registered_on__lte=date(year, 12, 31))
    registered = set(
        (registered_qs.filter(person_id__in=ids) if few else registered_qs).values_list("person_id", flat=True)
    )
    empty = {f"m{m}": ZERO for m in range(1, 13)} | {"cumulative": ZERO}
    out = []
    for p in rows:
        row = sums.get(p.pk, empty)
        months = [row[f"m{m}"] for m in range(1, 13)]
        total = sum(months, ZERO)
        cumulative = row["cumulative"] or ZERO
        first = 1
        if p.hired_on and p.hired_on.year == year:
            first = p.hired_on.month + (p.hired_on.day > 1)
        short = (
            [(m, monthly - months[m - 1]) for m in range(first, over + 1) if months[m - 1] < monthly] if monthly else []
        )
        star = next((s for s in stars if cumulative >= s.min_hours), None)
        out.append(
            PersonTotal(
                person=p,
                months=months,
                year=total,
                cumulative=cumulative,
                registered=p.pk in registered,
                star=star,
                short_months=short,
                year_short=max(yearly - total, ZERO) if yearly else ZERO,
            )
        )
    return out


@dataclass
class DepartmentTotal:
    department_id: int
    name: str
    staff: int = 0
    registered: int = 0
    hours: Decimal = ZERO
    short_month: int = 0
    short_year: int = 0
    people_short: list[PersonTotal] = field(default_factory=list)

    @property
    def average(self) -> Decimal:
        return (self.hours / self.staff).quantize(Decimal("0.1")) if self.staff else ZERO

    @property
    def registered_share(self) -> Decimal:
        return (Decimal(100) * self.registered / self.staff).quantize(Decimal("0.1")) if self.staff else ZERO


def department_totals(totals: list[PersonTotal]) -> list[DepartmentTotal]:
    """The person totals summed per department (in the order they came), with who is short."""
    out: dict[int, DepartmentTotal] = {}
    for t in totals:
        d = out.setdefault(t.person.department_id, DepartmentTotal(t.person.department_id, t.person.department.name))
        d.staff += 1
        d.registered += t.registered
        d.hours += t.year
        d.short_month += bool(t.short_months)
        d.short_year += t.year_short > 0
        if t.is_short:
            d.people_short.append(t)
    return list(out.values())


@dataclass
class UnitSummary:
    staff: int
    registered: int
    hours: Decimal
    rules: dict

    @property
    def average(self) -> Decimal:
        return (self.hours / self.staff).quantize(Decimal("0.1")) if self.staff else ZERO

    @property
    def registered_share(self) -> Decimal:
        return (Decimal(100) * self.registered / self.staff).quantize(Decimal("0.1")) if self.staff else ZERO

    @property
    def average_short(self) -> Decimal:
        target = self.rules.get(ServiceRule.Kind.AVERAGE_YEAR)
        return max(target - self.average, ZERO) if target else ZERO

    @property
    def share_short(self) -> Decimal:
        target = self.rules.get(ServiceRule.Kind.REGISTERED_SHARE)
        return max(target - self.registered_share, ZERO) if target else ZERO


def unit_summary(totals: list[PersonTotal], *, unit_id: int, year: int) -> UnitSummary:
    return UnitSummary(
        staff=len(totals),
        registered=sum(t.registered for t in totals),
        hours=sum((t.year for t in totals), ZERO),
        rules=rules_for(unit_id, year),
    )


def unit_aggregates(units: QuerySet[Unit], *, year: int) -> QuerySet[Unit]:
    """Per unit (for the bureau): active staff, registered volunteers, the year's hours (one query)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    staff = Person.objects.filter(unit=OuterRef("pk"), is_active=True).values("unit").annotate(n=Count("pk"))
    registered = (
        Volunteer.objects.filter(unit=OuterRef("pk"), person__is_active=True, registered_on__lt=end)
        .values("unit")
        .annotate(n=Count("pk"))
    )
    hours = (
        live_hours()
        .filter(unit=OuterRef("pk"), served_on__gte=start, served_on__lt=end)
        .values("unit")
        .annotate(s=Sum("hours"))
    )
    return units.annotate(
        staff_n=Coalesce(Subquery(staff.values("n"), output_field=IntegerField()), 0),
        registered_n=Coalesce(Subquery(registered.values("n"), output_field=IntegerField()), 0),
        hours_sum=Coalesce(Subquery(hours.values("s"), output_field=_SUM), Value(ZERO), output_field=_SUM),
    ).order_by("name")


def person_hours(person: Person, *, start: date | None = None, end: date | None = None) -> QuerySet[ServiceHours]:
    """A person's live hours (for the certificate and the personal page), oldest first."""
    qs = live_hours().filter(person=person).select_related("event")
    if start:
        qs = qs.filter(served_on__gte=start)
    if end:
        qs = qs.filter(served_on__lte=end)
    return qs.order_by("served_on", "id")
