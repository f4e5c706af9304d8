"""整改统计: findings, closure and overdue figures per department and per unit for a period.

Every figure is computed in SQL (``aggregate`` / ``values().annotate()``), one query per table, so
the progress pages, the bureau table and the bulletin (通报) read the same numbers from the same
functions. A finding counts in a period when it was *found* in it (``found_at``, local dates,
both ends included); its state is the current one. Archived findings are left out.

* total: findings; closed: 销号 (state ``closed``); open: the rest (awaiting dispatch, being
  rectified or awaiting re-check);
* overdue: being rectified past the deadline and not answered (``selectors.overdue_q``: the
  same definition as the findings list, its filter and the escalation job; an answered order
  waits for the inspector, not the department);
* closed_late: closed after the deadline (the date of closing is later than the deadline);
* closure rate: closed / total, in percent with one decimal;
* average days to close: mean of ``closed_at − found_at`` over the closed ones, in days;
* points: points deducted (扣分)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from .models import Finding
from .selectors import overdue_q

S = Finding.State
NO_DEPARTMENT = "未指定科室"


@dataclass(frozen=True)
class Period:
    """A span of local dates, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1]))

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self == Period.month(self.start.year, self.start.month)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes [start 00:00, the day after end 00:00) in the current time zone."""
        tz = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min)
        after = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(first, tz), timezone.make_aware(after, tz)

    def label(self) -> str:
        """2026年10月, or 2026年10月1日至2026年10月15日."""
        if self.is_month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{_cn_date(self.start)}至{_cn_date(self.end)}"


def _cn_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Figures:
    """The figures of one department, one unit, or all findings of a period."""

    total: int
    closed: int
    overdue: int
    closed_late: int
    points: Decimal
    avg_days: float | None
    open: int
    closure_rate: float

    @property
    def points_text(self) -> str:
        """12.5, 10: how pages and the bulletin print the points deducted."""
        return f"{self.points:.2f}".rstrip("0").rstrip(".")

    @property
    def avg_days_text(self) -> str:
        return "—" if self.avg_days is None else f"{self.avg_days:.1f}"

    @property
    def rate_text(self) -> str:
        return f"{self.closure_rate:.1f}%"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["points"] = str(self.points)
        return data


@dataclass(frozen=True)
class DepartmentFigures(Figures):
    department_id: int | None = None
    name: str = ""

    @property
    def all_closed_on_time(self) -> bool:
        return self.total > 0 and self.closed == self.total and self.closed_late == 0

    def as_dict(self) -> dict:
        return {**super().as_dict(), "department_id": self.department_id, "name": self.name}


@dataclass(frozen=True)
class UnitFigures(Figures):
    unit_id: int = 0


@dataclass(frozen=True)
class Totals(Figures):
    """The period's figures plus the breakdowns the bulletin's summary names."""

    serious: int = 0
    general: int = 0
    minor: int = 0
    rounds: int = 0
    departments: int = 0
    from_above: int = 0

    def as_dict(self) -> dict:
        extra = ("serious", "general", "minor", "rounds", "departments", "from_above")
        return {**super().as_dict(), **{k: getattr(self, k) for k in extra}}


def local_today() -> datetime.date:
    return timezone.localdate()


def period_findings(*, period: Period, unit=None, user=None) -> QuerySet[Finding]:
    """Findings found in ``period`` (not archived), of ``unit`` if given, that ``user`` may see
    if given (pages pass the user; the bulletin job reads the whole unit)."""
    first, after = period.bounds()
    qs = Finding.objects.all() if user is None else Finding.objects.visible_to(user)
    qs = qs.filter(archived_at__isnull=True, found_at__gte=first, found_at__lt=after)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def _aggregates(today: datetime.date) -> dict:
    closed = Q(state=S.CLOSED)
    return {
        "total": Count("id"),
        "closed": Count("id", filter=closed),
        "overdue": Count("id", filter=overdue_q(today)),
        "closed_late": Count("id", filter=closed & Q(closed_at__date__gt=F("deadline"))),
        "points": Coalesce(Sum("points_deducted"), Value(Decimal("0")), output_field=Finding.points_deducted.field),
        "avg_close": Avg(
            ExpressionWrapper(F("closed_at") - F("found_at"), output_field=DurationField()),
            filter=closed & Q(closed_at__isnull=False),
        ),
    }


def _rate_expression():
    return ExpressionWrapper(Cast("closed", FloatField()) * 100.0 / F("total"), output_field=FloatField())


def _days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds, on backends without an interval type


def _common(row: dict) -> dict:
    total, closed = row["total"] or 0, row["closed"] or 0
    return {
        "total": total,
        "closed": closed,
        "overdue": row["overdue"] or 0,
        "closed_late": row["closed_late"] or 0,
        "points": Decimal(row["points"] or 0).quantize(Decimal("0.01")),
        "avg_days": _days(row["avg_close"]),
        "open": total - closed,
        "closure_rate": round(closed * 100 / total, 1) if total else 0.0,
    }


def totals(findings: QuerySet[Finding], *, today: datetime.date | None = None) -> Totals:
    """All of ``findings`` at once, with counts by severity, inspection rounds, departments
    concerned and findings by a unit above (one query)."""
    today = today or local_today()
    row = findings.aggregate(
        **_aggregates(today),
        serious=Count("id", filter=Q(severity=Finding.Severity.SERIOUS)),
        general=Count("id", filter=Q(severity=Finding.Severity.GENERAL)),
        minor=Count("id", filter=Q(severity=Finding.Severity.MINOR)),
        rounds=Count("round", distinct=True),
        departments=Count("department", distinct=True),
        from_above=Count("id", filter=~Q(source_unit=F("unit"))),
    )
    extra = {k: row[k] or 0 for k in ("serious", "general", "minor", "rounds", "departments", "from_above")}
    return Totals(**_common(row), **extra)


def by_department(findings: QuerySet[Finding], *, today: datetime.date | None = None) -> list[DepartmentFigures]:
    """One row per department with findings, in the unit's department order (one query).
    Findings without a department come last, named 未指定科室."""
    today = today or local_today()
    rows = (
        findings.order_by()
        .values("department_id", "department__name", "department__sort_order")
        .annotate(**_aggregates(today))
        .order_by(F("department__sort_order").asc(nulls_last=True), "department__name", "department_id")
    )
    return [_department(r) for r in rows]


def ranking(findings: QuerySet[Finding], *, today: datetime.date | None = None) -> list[DepartmentFigures]:
    """Departments best first: highest closure rate, then fewest overdue, fewest points
    deducted, fewest findings (ordered in SQL; one query)."""
    today = today or local_today()
    rows = (
        findings.exclude(department__isnull=True)
        .order_by()
        .values("department_id", "department__name")
        .annotate(**_aggregates(today))
        .annotate(rate=_rate_expression())
        .order_by("-rate", "overdue", "points", "total", "department__name", "department_id")
    )
    return [_department(r) for r in rows]


def _department(row: dict) -> DepartmentFigures:
    return DepartmentFigures(
        **_common(row), department_id=row["department_id"], name=row["department__name"] or NO_DEPARTMENT
    )


def by_unit(findings: QuerySet[Finding], *, today: datetime.date | None = None) -> dict[int, UnitFigures]:
    """Figures per unit, keyed by unit id (one query): the bureau table reads its rows here."""
    today = today or local_today()
    rows = findings.order_by().values("unit_id").annotate(**_aggregates(today))
    return {r["unit_id"]: UnitFigures(**_common(r), unit_id=r["unit_id"]) for r in rows}


def panel_context(*, user, unit, period: Period, today: datetime.date | None = None) -> dict:
    """What ``inspections/_stats_panel.html`` shows: the unit's period totals and its departments,
    as far as ``user`` may see them (two queries)."""
    today = today or local_today()
    findings = period_findings(period=period, unit=unit, user=user)
    return {
        "period": period,
        "period_label": period.label(),
        "totals": totals(findings, today=today),
        "departments": by_department(findings, today=today),
        "today": today,
    }
