"""Reads of the surveys app. The satisfaction pages read only the monthly aggregates
(``DepartmentMonth``, ``QuestionMonth``): a year of a hospital is a few thousand rows however many
millions of responses lie behind them. They read them as the background job last counted them,
and say so (``freshness``); no read writes. Everything goes through the user's scope."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.utils import timezone

from chuangwen.core.months import add_months, months_back  # noqa: F401  (add_months: pages and API)
from chuangwen.core.publicforms import Target
from chuangwen.core.roles import VIEW
from chuangwen.org.models import Department, Unit

from .models import (
    DepartmentMonth,
    FoldMark,
    PendingCount,
    Question,
    QuestionMonth,
    Response,
    SatisfactionAlert,
    SurveyTemplate,
    index_from,
)

MONTHS = 12


def parse_month(value: str | None, default: date) -> date:
    """``YYYY-MM`` to the first of that month; anything else gives ``default``."""
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default


@dataclass(frozen=True)
class MonthStats:
    responses: int
    index: float | None


def department_month_index(*, department_id: int, month: date) -> MonthStats:
    """A department's responses and index in a month, over all its templates, as counted so far
    (one query)."""
    row = DepartmentMonth.objects.filter(department_id=department_id, month=month).aggregate(
        n=Sum("responses"), total=Sum("index_sum"), count=Sum("index_count")
    )
    return MonthStats(row["n"] or 0, index_from(row["total"] or 0, row["count"] or 0))


@dataclass(frozen=True)
class Freshness:
    """How fresh the aggregates are for a reader: ``as_of``, the moment up to which they count
    every response (now, when none is waiting; else the start of the last count, None before the
    first one), and ``pending``, how many of the responses the reader may see are still waiting
    to be counted."""

    as_of: datetime | None
    pending: int


def freshness(*, user, unit=None) -> Freshness:
    """The ``Freshness`` of the aggregates ``user`` reads (of ``unit``, or all they may see): one
    query when nothing is waiting, two otherwise."""
    waiting = Response.objects.visible_to(user, VIEW).filter(
        Exists(PendingCount.objects.filter(response_id=OuterRef("pk")))
    )
    if unit is not None:
        waiting = waiting.filter(unit=unit)
    pending = waiting.count()
    if not pending:
        return Freshness(timezone.now(), 0)
    return Freshness(FoldMark.objects.values_list("folded_at", flat=True).first(), pending)


@dataclass
class Dashboard:
    """What the satisfaction page shows for one month: a row per department (or per unit for a
    supervisor looking at the whole region), the 12-month trend of each and of the total, and
    the lowest-scoring questions of the month."""

    month: date
    months: list[date]
    by: str  # "department" or "unit"
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    trend_total: list[float | None] = field(default_factory=list)
    lowest: list[dict] = field(default_factory=list)


def dashboard(*, user, unit=None, month: date, template: SurveyTemplate | None = None, department=None) -> Dashboard:
    """Index per department (or unit) of ``month`` and the 12 months up to it. Four grouped
    queries on the aggregates as they are, whatever the number of responses (``freshness``
    says up to when they count)."""
    months = months_back(month, MONTHS)
    by = "department" if unit is not None else "unit"
    qs = DepartmentMonth.objects.visible_to(user, VIEW).filter(month__gte=months[0], month__lte=month)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if template is not None:
        qs = qs.filter(template=template)
    if department is not None:
        qs = qs.filter(department=department)
    grouped = list(
        qs.values(f"{by}_id", "month").annotate(n=Sum("responses"), total=Sum("index_sum"), count=Sum("index_count"))
    )
    series: dict[int, dict[date, dict]] = {}
    for r in grouped:
        series.setdefault(r[f"{by}_id"], {})[r["month"]] = r
    names = _names(by, series.keys())
    rows = []
    for key, per_month in series.items():
        cur = per_month.get(month, {})
        prev = per_month.get(add_months(month, -1), {})
        year_total = sum(v["total"] for v in per_month.values())
        year_count = sum(v["count"] for v in per_month.values())
        rows.append(
            {
                "id": key,
                "name": names.get(key, ""),
                "responses": cur.get("n", 0),
                "index": index_from(cur.get("total", 0), cur.get("count", 0)),
                "previous": index_from(prev.get("total", 0), prev.get("count", 0)),
                "year_index": index_from(year_total, year_count),
                "year_responses": sum(v["n"] for v in per_month.values()),
                "trend": [
                    index_from(per_month[m]["total"], per_month[m]["count"]) if m in per_month else None for m in months
                ],
            }
        )
    rows.sort(key=lambda r: (r["index"] is None, r["index"] if r["index"] is not None else 0, r["name"]))
    result = Dashboard(month=month, months=months, by=by, rows=rows)
    by_month = {m: [0, 0, 0] for m in months}
    for r in grouped:
        acc = by_month[r["month"]]
        acc[0] += r["n"]
        acc[1] += r["total"]
        acc[2] += r["count"]
    cur = by_month[month]
    result.total = {"responses": cur[0], "index": index_from(cur[1], cur[2])}
    result.trend_total = [index_from(by_month[m][1], by_month[m][2]) for m in months]
    result.lowest = lowest_questions(user=user, unit=unit, month=month, template=template, department=department)
    return result


def _names(by: str, ids) -> dict[int, str]:
    ids = list(ids)
    if by == "department":
        return dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = Unit.objects.filter(pk__in=ids).values_list("pk", "name", "short_name")
    return {pk: short or name for pk, name, short in rows}


def lowest_questions(*, user, unit, month: date, template=None, department=None, limit: int = 5) -> list[dict]:
    """The rating questions with the lowest index in ``month`` (mean rating scaled to 0–100).
    Grouped on the aggregate table alone (rating rows are those with a sum), then the names of
    the few lowest are fetched: two queries."""
    qs = QuestionMonth.objects.visible_to(user, VIEW).filter(month=month, sum__gt=0)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if template is not None:
        qs = qs.filter(template=template)
    if department is not None:
        qs = qs.filter(department=department)
    rows = list(
        qs.values("question_id").annotate(
            n=Sum("count"), total=Sum("sum"), **{f"r{k}": Sum(f"r{k}") for k in range(1, 6)}
        )
    )
    rows.sort(key=lambda r: (r["total"] / r["n"], r["question_id"]))
    rows = rows[:limit]
    names = {
        q["pk"]: q
        for q in Question.objects.filter(pk__in=[r["question_id"] for r in rows]).values(
            "pk", "text", "template__name", "template__unit__name", "template__unit__short_name"
        )
    }
    out = []
    for r in rows:
        q = names[r["question_id"]]
        where = q["template__name"]
        if unit is None:
            where = f"{q['template__unit__short_name'] or q['template__unit__name']} · {where}"
        out.append(
            {
                "question": q["text"],
                "template": where,
                "answers": r["n"],
                "index": index_from(r["total"], r["n"]),
                "mean": round(r["total"] / r["n"], 2),
                "distribution": [r[f"r{k}"] for k in range(1, 6)],
            }
        )
    return out


def alerts(*, user, unit=None, open_only: bool = False):
    qs = SatisfactionAlert.objects.visible_to(user, VIEW).select_related("department", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs


def responses(*, user, unit=None):
    """Responses the user may read, newest first, with what a list shows."""
    qs = Response.objects.visible_to(user, VIEW).select_related("department", "template", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def templates(*, user, unit=None):
    qs = SurveyTemplate.objects.visible_to(user, VIEW).filter(archived_at__isnull=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


# --- the public side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicForm:
    """What the public form needs, resolved from a QR target (nothing of results)."""

    template: SurveyTemplate
    department: Department
    questions: list[Question]

    @property
    def unit(self):
        return self.department.unit


FORM_CACHE_SECONDS = 60
_MISSING = "missing"


def template_version_key(template_id: int) -> str:
    return f"surveys:tv:{template_id}"


_HELD: dict[str, tuple[float, object]] = {}
_HELD_MAX = 4096


def public_form(target: Target) -> PublicForm | None:
    """The form a QR code points at, or None when the department or template is no longer active
    (or the ids do not belong together). Held for a minute, in the cache and in the process
    itself (unpickling the form from the cache on every submission cost a tenth of it): a poster
    on a busy ward is read hundreds of times an hour. Changing the template or its questions
    starts a new version of the key, at once for every process (the cache is shared: Redis or
    the database cache); clearing the cache starts a new version too."""
    version_key = template_version_key(target.template_id)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, time.time_ns(), None)
        version = cache.get(version_key, 0)
    key = f"surveys:form:{target.payload}:{version}"
    now = time.monotonic()
    held = _HELD.get(key)
    if held is not None and held[0] > now:
        form = held[1]
    else:
        form = cache.get(key)
        if form is None:
            form = _load_public_form(target) or _MISSING
            cache.set(key, form, FORM_CACHE_SECONDS)
        if len(_HELD) >= _HELD_MAX:
            _HELD.clear()
        _HELD[key] = (now + FORM_CACHE_SECONDS, form)
    return None if form == _MISSING else form


def _load_public_form(target: Target) -> PublicForm | None:
    department = (
        Department.objects.select_related("unit")
        .filter(pk=target.department_id, unit_id=target.unit_id, is_active=True, unit__is_active=True)
        .first()
    )
    if department is None:
        return None
    template = (
        SurveyTemplate.objects.filter(
            pk=target.template_id, unit_id=target.unit_id, is_active=True, archived_at__isnull=True
        )
        .prefetch_related(_active_questions())
        .first()
    )
    if template is None:
        return None
    return PublicForm(template, department, list(template.active_questions))


def _active_questions():
    return Prefetch(
        "questions",
        queryset=Question.objects.filter(is_active=True).order_by("order", "id"),
        to_attr="active_questions",
    )


def poster_departments(*, user, unit):
    """Active departments of the unit, in the unit's order, for posters."""
    return Department.objects.visible_to(user, VIEW).filter(unit=unit, is_active=True).order_by("sort_order", "id")
