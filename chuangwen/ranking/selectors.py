"""Reads of the bureau's ranking, shared by its pages, the API, the export, the bulletin and the
bureau's home. They read only the snapshots (``UnitSnapshot``), through the user's scope, in a
fixed number of queries whatever the number of units: the rows of a month (one query, ranked by
score in SQL), the 12-month trends of the rows shown (one query), the region's key figures (one
aggregate)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, F, Max, Q, QuerySet, Sum, Window
from django.db.models.functions import Rank

from chuangwen.core.months import months_back
from chuangwen.org.models import Region, Unit

from .models import UnitSnapshot

MONTHS = 12
# sort key -> snapshot field; "-key" sorts descending. Ties: the unit's code.
COLUMNS = {
    "name": "unit__code",
    "score": "score_percent",
    "projected": "projected_percent",
    "tasks": "tasks_overdue",
    "findings": "findings_open",
    "findings_overdue": "findings_overdue",
    "rectification": "rectification_rate",
    "satisfaction": "satisfaction_index",
    "complaints": "complaints_overdue",
    "ethics": "ethics_vetoes",
    "volunteer": "volunteer_hours",
}
DEFAULT_SORT = "-score"
TREND_FIELDS = ("score_percent", "satisfaction_index", "findings_open", "tasks_overdue", "rectification_rate")


def clean_sort(value: str | None) -> str:
    key = (value or "").lstrip("-")
    return value if key in COLUMNS else DEFAULT_SORT


def _order(sort: str) -> list:
    key = sort.lstrip("-")
    field = F(COLUMNS[key])
    expr = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return [expr, "unit__code", "unit_id"]


def snapshots(user) -> QuerySet[UnitSnapshot]:
    """The snapshots ``user`` may read: supervisors, of their region's active hospitals."""
    return UnitSnapshot.objects.visible_to(user).filter(unit__kind=Unit.Kind.HOSPITAL, unit__is_active=True)


def months_available() -> list[datetime.date]:
    """The months that have snapshots, newest first (at most 24). Read without the scope: they
    name no unit and no figure, and the month index answers them without a join (the nightly job
    writes every unit's month, so a region's rows are there too)."""
    return list(UnitSnapshot.objects.order_by("-month").values_list("month", flat=True).distinct()[:24])


def latest_month() -> datetime.date | None:
    return UnitSnapshot.objects.aggregate(m=Max("month"))["m"]


def _ranked(qs: QuerySet[UnitSnapshot]) -> QuerySet[UnitSnapshot]:
    """Rank by score, best first (equal scores share a place), computed by the database."""
    return qs.select_related("unit__region").annotate(
        rank=Window(Rank(), order_by=[F("score_percent").desc(), F("unit__code").asc()])
    )


def ranking_rows(
    user, *, month: datetime.date, region: Region | None = None, q: str = "", sort: str = DEFAULT_SORT
) -> QuerySet[UnitSnapshot]:
    """The month's snapshot of every unit ``user`` may see, each with its ``rank`` by score,
    ordered by ``sort`` (one query; paginate it)."""
    return ranked(month_rows(user, month=month, region=region, q=q), sort=sort)


def month_rows(user, *, month: datetime.date, region: Region | None = None, q: str = "") -> QuerySet[UnitSnapshot]:
    """The month's snapshots ``user`` may see, of ``region`` and matching ``q`` (unranked)."""
    qs = snapshots(user).filter(month=month)
    if region is not None:
        qs = qs.filter(unit__region__path__startswith=region.path)
    if q:
        qs = qs.filter(Q(unit__name__contains=q) | Q(unit__short_name__contains=q) | Q(unit__code__startswith=q))
    return qs


def ranked(qs: QuerySet[UnitSnapshot], *, sort: str = DEFAULT_SORT) -> QuerySet[UnitSnapshot]:
    return _ranked(qs).order_by(*_order(clean_sort(sort)))


def region_rows(region: Region, *, month: datetime.date) -> QuerySet[UnitSnapshot]:
    """The month's snapshots of every active hospital under ``region``, in rank order (the
    bulletin's table; no user: the service checked the publisher)."""
    qs = UnitSnapshot.objects.filter(
        month=month, unit__kind=Unit.Kind.HOSPITAL, unit__is_active=True, unit__region__path__startswith=region.path
    )
    return _ranked(qs).order_by("rank", "unit__code")


def trends(unit_ids, *, month: datetime.date) -> tuple[list[datetime.date], dict[int, dict[str, list]]]:
    """The 12 months up to ``month`` and, per unit, each ``TREND_FIELDS`` figure by month
    (None where the month has no snapshot): one query."""
    months = months_back(month, MONTHS)
    index = {m: i for i, m in enumerate(months)}
    out: dict[int, dict[str, list]] = defaultdict(lambda: {f: [None] * MONTHS for f in TREND_FIELDS})
    rows = UnitSnapshot.objects.filter(unit_id__in=list(unit_ids), month__gte=months[0], month__lte=month)
    for unit_id, m, *values in rows.values_list("unit_id", "month", *TREND_FIELDS):
        series = out[unit_id]
        for f, v in zip(TREND_FIELDS, values, strict=True):
            series[f][index[m]] = None if v is None else float(v)
    return months, dict(out)


def key_figures(qs: QuerySet[UnitSnapshot]) -> dict:
    """The region's figures over ``qs`` (one aggregate): units, mean score, reached, vetoed,
    overdue tasks, open and overdue findings, overdue complaints, when last computed."""
    return qs.order_by().aggregate(
        units=Count("pk"),
        mean_score=Avg("score_percent"),
        reached=Count("pk", filter=Q(reached=True)),
        lined=Count("pk", filter=Q(pass_percent__isnull=False)),
        vetoed=Count("pk", filter=Q(title_vetoes__gt=0)),
        tasks_overdue=Sum("tasks_overdue"),
        findings_open=Sum("findings_open"),
        findings_overdue=Sum("findings_overdue"),
        complaints_overdue=Sum("complaints_overdue"),
        computed_at=Max("computed_at"),
    )


def is_supervisor(user) -> bool:
    from chuangwen.core.roles import Role

    return user.is_authenticated and (user.is_superuser or Role.SUPERVISOR in user.roles())


HOME_TOP = 5


def home_panel(user) -> dict | None:
    """What the bureau's home shows of the ranking (``ranking/home_panel.html`` renders it), or
    None when ``user`` supervises no region. The seam between the home pages and this app.
    Four queries whatever the number of units: the latest month, its key figures, the best
    and the last ``HOME_TOP`` units."""
    if not is_supervisor(user):
        return None
    month = latest_month()
    if month is None:
        return {"month": None, "figures": {}, "top": [], "bottom": []}
    qs = snapshots(user).filter(month=month)
    ranked = _ranked(qs)
    top = list(ranked.order_by("rank", "unit__code")[:HOME_TOP])
    figures = key_figures(qs)
    bottom = []
    if figures["units"] > HOME_TOP:
        bottom = list(ranked.order_by("-rank", "-unit__code")[: min(HOME_TOP, figures["units"] - HOME_TOP)])[::-1]
    return {"month": month, "figures": figures, "top": top, "bottom": bottom}
