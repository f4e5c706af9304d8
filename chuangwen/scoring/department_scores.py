"""Monthly department scores (量化考核): computed from the ledger with one GROUP BY over
department × source for the unit-month, the unit's scheme applied, ranked, stored, published.

Entries cancelled by a counter-entry and the counter-entries themselves are left out together
(``reverses`` and ``reversed_by`` both empty), so a correction or an appeal reversed changes a
score exactly by removing the entry it cancels."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.months import month_start, months_back  # noqa: F401  (re-used by pages, jobs, demo)
from chuangwen.org.models import Department
from chuangwen.org.selectors import units_user_can_change

from .department_notify import notify_published
from .department_scheme import MonthTotals, rules_of, score_of
from .models import DepartmentScore, LedgerEntry, Scheme

ZERO = Decimal(0)


def counted_entries():
    """The entries that count: neither a counter-entry nor cancelled by one."""
    return LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True)


def month_totals(*, unit_id: int, month: datetime.date) -> dict[int, MonthTotals]:
    """Per department of the unit, its month's counted entries by source: one query."""
    rows = (
        counted_entries()
        .filter(unit_id=unit_id, period=month, department__isnull=False)
        .values("department_id", "source")
        .annotate(
            n_neg=Count("id", filter=Q(points__lt=0)),
            neg=Sum("points", filter=Q(points__lt=0)),
            n_pos=Count("id", filter=Q(points__gt=0)),
            pos=Sum("points", filter=Q(points__gt=0)),
        )
        .order_by()
    )
    by_department: dict[int, dict] = {}
    for r in rows:
        by_department.setdefault(r["department_id"], {})[r["source"]] = (
            r["n_neg"],
            r["neg"] or ZERO,
            r["n_pos"],
            r["pos"] or ZERO,
        )
    return {d: MonthTotals(by_source) for d, by_source in by_department.items()}


def ranks(scores: list[Decimal]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of ``scores``, highest first, in the order given."""
    ordered = sorted(scores, reverse=True)
    first = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return [first[s] for s in scores]


SCORE_FIELDS = ["base", "deductions", "bonuses", "score", "entries", "breakdown", "rank", "computed_at"]


def scores_recompute(*, unit, month: datetime.date) -> list[DepartmentScore]:
    """Compute and store every department's score of ``unit`` in ``month`` under the unit's
    scheme (none without a scheme). Active departments, and any with entries that month, get a
    row; a published month stays published (its figures follow the ledger).

    Rows whose figures did not change are not written, so recomputing a quiet month only reads;
    the others are upserted on (scheme, department, month) in one statement, so two runs of the
    same month at once both end with the ledger's figures (no lock is taken)."""
    month = month_start(month)
    scheme = Scheme.objects.filter(unit_id=unit.pk).first()
    if scheme is None:
        return []
    totals = month_totals(unit_id=unit.pk, month=month)
    department_ids = set(Department.objects.filter(unit_id=unit.pk, is_active=True).values_list("pk", flat=True))
    department_ids |= set(totals)
    rules = rules_of(scheme)
    order = sorted(department_ids)
    figures = {d: score_of(scheme, rules, totals.get(d, MonthTotals({}))) for d in order}
    rank_of = dict(zip(order, ranks([figures[d]["score"] for d in order]), strict=True))
    existing = {s.department_id: s for s in DepartmentScore.objects.filter(scheme=scheme, month=month)}
    now = timezone.now()
    rows, write = [], []
    for d in order:
        wanted = {**figures[d], "rank": rank_of[d]}
        row = existing.get(d)
        if row is None or any(getattr(row, name) != value for name, value in wanted.items()):
            row = row or DepartmentScore(scheme=scheme, unit_id=unit.pk, department_id=d, month=month)
            for name, value in wanted.items():
                setattr(row, name, value)
            row.computed_at = now
            write.append(row)
        rows.append(row)
    if write:
        DepartmentScore.objects.bulk_create(
            write,
            update_conflicts=True,
            unique_fields=["scheme", "department", "month"],
            update_fields=SCORE_FIELDS,
        )
    return sorted(rows, key=lambda s: (s.rank, s.department_id))


def scores_recompute_on_commit(*, unit_id: int, month: datetime.date) -> None:
    """Recompute a unit-month in the background once the entries written now are committed."""
    from .tasks import recompute_month

    transaction.on_commit(lambda: recompute_month.enqueue(unit_id, month.isoformat()))


@transaction.atomic
def scores_publish(*, unit, month: datetime.date, user) -> int:
    """Recompute the month and publish it inside the hospital (every member of the unit sees
    the ranking); the department heads are told. Returns the number of departments."""
    if not is_office_of(user, unit.pk):
        raise PermissionDenied
    if not Scheme.objects.filter(unit_id=unit.pk).exists():
        raise ValidationError(_("Set up the department scoring scheme first."))
    rows = scores_recompute(unit=unit, month=month)
    DepartmentScore.objects.filter(unit_id=unit.pk, month=month_start(month), published_at__isnull=True).update(
        published_at=timezone.now()
    )
    notify_published(unit=unit, month=month_start(month), rows=rows)
    return len(rows)


# Reads ---------------------------------------------------------------------------------------


def is_office_of(user, unit_id: int) -> bool:
    return units_user_can_change(user, DepartmentScore).filter(pk=unit_id).exists()


def ranking(*, user, unit_id: int, month: datetime.date):
    """The unit's department ranking of ``month`` as ``user`` may see it: the office sees it
    before it is published, everyone else once it is."""
    qs = (
        DepartmentScore.objects.visible_to(user)
        .filter(unit_id=unit_id, month=month_start(month))
        .select_related("department")
        .order_by("rank", "department__sort_order", "department_id")
    )
    if not is_office_of(user, unit_id):
        qs = qs.filter(published_at__isnull=False)
    return qs


def trend(*, user, department_id: int, month: datetime.date, months: int = 12) -> list[dict]:
    """The department's last ``months`` months (score and rank; None for a month not scored
    or not yet published to ``user``), oldest first."""
    span = months_back(month_start(month), months)
    qs = DepartmentScore.objects.visible_to(user).filter(department_id=department_id, month__in=span)
    rows = {s.month: s for s in qs}
    office = bool(rows) and is_office_of(user, next(iter(rows.values())).unit_id)
    out = []
    for m in span:
        s = rows.get(m)
        shown = s is not None and (office or s.published_at is not None)
        out.append({"month": m, "score": s.score if shown else None, "rank": s.rank if shown else None})
    return out


def unit_ranking(*, units, month: datetime.date) -> list[dict]:
    """The bureau's ranking of ``units`` (a scoped queryset) in ``month``: each unit's mean
    department score, ranked, from the stored scores in one GROUP BY."""
    rows = list(
        DepartmentScore.objects.filter(unit__in=units, month=month_start(month))
        .values("unit_id", "unit__name")
        .annotate(mean=Avg("score"), departments=Count("id"), deductions=Sum("deductions"))
        .order_by("-mean", "unit_id")
    )
    for row, rank in zip(rows, ranks([r["mean"] for r in rows]), strict=True):
        row["rank"] = rank
        row["mean"] = Decimal(row["mean"]).quantize(Decimal("0.01"))
    return rows
