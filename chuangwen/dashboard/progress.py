"""创建进度: how far a unit is from its title, computed in SQL.

Definitions (every page, API endpoint and benchmark uses these):

* **Item state** comes from ``evidence.ItemCompliance`` (campaign, item, status). The evidence
  services keep it up to date; an item without a row is **unmet**.
* **Item score** = the unit's own (self view) ``scoring.ItemScore`` of the item: by the item's
  scoring rule, with its explanation lines (``scoring/items.py``); 0 before it was computed.
  The state (met / partly met / not met) stays the evidence compliance.
* **Indicator / aspect / unit progress** = sum(score) / sum(points) over their items, shown as a
  percentage; each level also counts its items met / partial / unmet.
* **Department progress**: the department's tasks in the campaign that are not archived: total,
  accepted, submitted (awaiting review), overdue (deadline before *today* and not accepted);
  completion rate = accepted / total. "Items led" are the distinct standard items linked to
  those tasks, and "items met" how many of them are met.
* **Bureau row** (one per active hospital in the supervisor's scope): its active campaign (the
  latest year's), target level, score %, items met / total, tasks total / accepted / overdue,
  date of the last non-archived evidence. One SQL query for the whole table (correlated
  subqueries), sortable and filterable in SQL.

*today* is injectable everywhere (``today=``) so tests and the reminder job fix it.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from chuangwen.campaigns.models import Campaign, Phase, Task
from chuangwen.evidence.models import Evidence, ItemCompliance
from chuangwen.org.models import Region, Unit
from chuangwen.scoring.models import ItemScore, View
from chuangwen.scoring.readiness import readiness
from chuangwen.standards.models import Item
from chuangwen.standards.scoring_rules import describe_scoring

from .progress_types import (  # the shapes, re-exported for callers
    AspectProgress,
    CampaignProgress,
    DepartmentProgress,
    IndicatorProgress,
    ItemProgress,
    Score,
    TaskCounts,
    percent,
)

MET = ItemCompliance.Status.MET
PARTIAL = ItemCompliance.Status.PARTIAL
UNMET = ItemCompliance.Status.UNMET
ACCEPTED = Task.Status.ACCEPTED
SUBMITTED = Task.Status.SUBMITTED
ZERO = Decimal("0")
POINTS = DecimalField(max_digits=10, decimal_places=2)


def local_today() -> datetime.date:
    """Today in the site's time zone; the one place pages take the date from (tests patch it)."""
    return timezone.localdate()


# --- one campaign ------------------------------------------------------------------------------


def _state(campaign_id) -> Coalesce:
    """The item's state in the campaign (correlated on the item), unmet without a row."""
    rows = ItemCompliance.objects.filter(campaign_id=campaign_id, item_id=OuterRef("pk"))
    return Coalesce(Subquery(rows.values("status")[:1]), Value(UNMET), output_field=CharField())


def _item_score(campaign_id, column: str = "score"):
    """The item's stored score (self view) in the campaign, correlated on the item."""
    rows = ItemScore.objects.filter(campaign_id=campaign_id, item_id=OuterRef("pk"), view=View.SELF)
    return Subquery(rows.values(column)[:1])


def scored_items(campaign: Campaign) -> QuerySet[Item]:
    """The campaign's standard items annotated with ``state`` and ``score``."""
    return (
        Item.objects.filter(standard_id=campaign.standard_id)
        .annotate(state=_state(campaign.pk))
        .annotate(score=Coalesce(_item_score(campaign.pk), Value(ZERO), output_field=POINTS))
    )


def _score_aggregates() -> dict:
    return {
        "points_total": Sum("points"),
        "score_total": Sum("score"),
        "n_items": Count("pk"),
        "n_met": Count("pk", filter=Q(state=MET)),
        "n_partial": Count("pk", filter=Q(state=PARTIAL)),
    }


def _score(row: dict) -> Score:
    return Score(
        points=row["points_total"] or ZERO,
        score=row["score_total"] or ZERO,
        items=row["n_items"],
        met=row["n_met"],
        partial=row["n_partial"],
    )


def item_tree(campaign: Campaign) -> list[AspectProgress]:
    """Aspects → indicators → items with their scores; four queries whatever the size."""
    items = scored_items(campaign)
    aspect_rows = (
        items.values("aspect_id", "aspect__code", "aspect__title", "aspect__order")
        .annotate(**_score_aggregates())
        .order_by("aspect__order", "aspect_id")
    )
    indicator_rows = (
        items.values("aspect_id", "indicator_id", "indicator__code", "indicator__title", "indicator__order")
        .annotate(**_score_aggregates())
        .order_by("indicator__order", "indicator_id")
    )
    reasons = ItemCompliance.objects.filter(campaign_id=campaign.pk, item_id=OuterRef("pk")).values("unmet_reasons")
    item_rows = (
        items.annotate(
            reasons=Subquery(reasons[:1]),
            due=_item_score(campaign.pk, "due"),
            lines=_item_score(campaign.pk, "lines"),
        )
        .values("pk", "indicator_id", "code", "title", "points", "score", "state", "reasons", "due", "lines", "scoring")
        .order_by("order", "pk")
    )
    leads: dict[int, list[str]] = {}
    through = Task.items.through.objects.filter(task__campaign_id=campaign.pk, task__archived_at__isnull=True)
    for item_id, name in (
        through.values_list("item_id", "task__department__name")
        .distinct()
        .order_by("item_id", "task__department__sort_order", "task__department__name")
    ):
        leads.setdefault(item_id, []).append(name)

    aspects = {
        r["aspect_id"]: AspectProgress(r["aspect_id"], r["aspect__code"], r["aspect__title"], _score(r))
        for r in aspect_rows
    }
    indicators = {}
    for r in indicator_rows:
        ind = IndicatorProgress(r["indicator_id"], r["indicator__code"], r["indicator__title"], _score(r))
        indicators[ind.id] = ind
        aspects[r["aspect_id"]].indicators.append(ind)
    for r in item_rows:
        indicators[r["indicator_id"]].items.append(
            ItemProgress(
                id=r["pk"],
                code=r["code"],
                title=r["title"],
                points=r["points"],
                score=r["score"] or ZERO,
                state=r["state"],
                unmet_reasons=_reasons(r["reasons"]) if r["state"] != MET else [],
                departments=leads.get(r["pk"], []),
                due=r["points"] if r["due"] is None else r["due"],
                lines=_json(r["lines"]) or [],
                rule=describe_scoring(r["scoring"] or {}),
            )
        )
    return list(aspects.values())


def _json(value):
    """A JSON value read through a subquery (a string on some backends)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return [value]
    return value


def _reasons(value) -> list[str]:
    """ItemCompliance.unmet_reasons as display strings (a list of strings or of {"message": ...})."""
    value = _json(value)
    out = []
    for r in value or []:
        out.append(r.get("message") or r.get("rule") or str(r) if isinstance(r, dict) else str(r))
    return out


def overall_of(aspects: list[AspectProgress]) -> Score:
    """The unit's score: the sum of its aspects' (already aggregated in SQL) sums."""
    total = Score()
    for a in aspects:
        s = a.score
        total = Score(
            total.points + s.points,
            total.score + s.score,
            total.items + s.items,
            total.met + s.met,
            total.partial + s.partial,
        )
    return total


def _live_tasks(campaign_id) -> QuerySet[Task]:
    return Task.objects.filter(campaign_id=campaign_id, archived_at__isnull=True)


def _overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}deadline__lt": today}) & ~Q(**{f"{prefix}status": ACCEPTED})


def _task_aggregates(today: datetime.date) -> dict:
    return {
        "total": Count("pk"),
        "accepted": Count("pk", filter=Q(status=ACCEPTED)),
        "submitted": Count("pk", filter=Q(status=SUBMITTED)),
        "overdue": Count("pk", filter=_overdue_q(today)),
    }


def task_counts(campaign: Campaign, *, today: datetime.date) -> TaskCounts:
    return TaskCounts(**_live_tasks(campaign.pk).aggregate(**_task_aggregates(today)))


def department_progress(campaign: Campaign, *, today: datetime.date) -> list[DepartmentProgress]:
    """One row per department leading a task of the campaign (two queries)."""
    rows = (
        _live_tasks(campaign.pk)
        .values("department_id", "department__name", "department__sort_order")
        .annotate(**_task_aggregates(today))
        .order_by("department__sort_order", "department_id")
    )
    met = ItemCompliance.objects.filter(campaign_id=campaign.pk, item_id=OuterRef("item_id"), status=MET)
    led = (
        Task.items.through.objects.filter(task__campaign_id=campaign.pk, task__archived_at__isnull=True)
        .values("task__department_id")
        .annotate(
            n=Count("item_id", distinct=True),
            n_met=Count("item_id", distinct=True, filter=Q(Exists(met))),
        )
        .order_by()
    )
    led_by = {r["task__department_id"]: (r["n"], r["n_met"]) for r in led}
    return [
        DepartmentProgress(
            id=r["department_id"],
            name=r["department__name"],
            total=r["total"],
            accepted=r["accepted"],
            submitted=r["submitted"],
            overdue=r["overdue"],
            items_led=led_by.get(r["department_id"], (0, 0))[0],
            items_met=led_by.get(r["department_id"], (0, 0))[1],
        )
        for r in rows
    ]


def overdue_tasks(campaign: Campaign, *, today: datetime.date, user=None, limit: int = 50) -> list[Task]:
    """The campaign's overdue tasks, oldest deadline first, each with ``overdue_days`` (as of ``today``); only the
    tasks ``user`` may see when a user is given (a department head sees their department's)."""
    qs = _live_tasks(campaign.pk).filter(_overdue_q(today))
    if user is not None:
        qs = qs.visible_to(user)
    tasks = list(qs.select_related("department", "person").order_by("deadline", "id")[:limit])
    for t in tasks:
        t.overdue_days = (today - t.deadline).days
    return tasks


def campaign_progress(campaign: Campaign, *, today: datetime.date | None = None, user=None) -> CampaignProgress:
    """Everything the campaign progress page and API show, in a fixed number of queries (9)."""
    today = today or local_today()
    aspects = item_tree(campaign)
    phases = list(Phase.objects.filter(campaign_id=campaign.pk).order_by("order", "starts_on"))
    review = next((p for p in phases if p.kind == Phase.Kind.REVIEW), None)
    overall = overall_of(aspects)
    return CampaignProgress(
        campaign=campaign,
        today=today,
        overall=overall,
        aspects=aspects,
        departments=department_progress(campaign, today=today),
        tasks=task_counts(campaign, today=today),
        overdue_tasks=overdue_tasks(campaign, today=today, user=user),
        phases=phases,
        review_starts_on=review.starts_on if review else campaign.ends_on,
        review_ends_on=review.ends_on if review else campaign.ends_on,
        readiness=readiness(
            campaign.unit, campaign.target_level, overall.percent, projected_percent(aspects, overall), today
        ),
    )


def projected_percent(aspects: list[AspectProgress], overall: Score) -> float:
    """The score if every period still to come (动态考核) gets its accepted work: the score plus
    the points not yet due, as a share of the points."""
    to_come = sum((it.points - it.due for a in aspects for ind in a.indicators for it in ind.items), ZERO)
    return percent(overall.score + to_come, overall.points)


def active_campaign(unit: Unit, user=None) -> Campaign | None:
    """The unit's current campaign, through ``user``'s scope if given: the latest one in progress,
    else the latest one still being planned (a new campaign already has tasks and evidence)."""
    qs = Campaign.objects.filter(unit=unit).exclude(status=Campaign.Status.CLOSED)
    if user is not None:
        qs = qs.visible_to(user)
    in_progress_first = Case(When(status=Campaign.Status.ACTIVE, then=0), default=1)
    return qs.order_by(in_progress_first, "-year", "-id").first()


# --- the bureau's table ------------------------------------------------------------------------

BUREAU_SORTS = {
    "name": ("region__path", "code"),
    "score": ("score_pct", "code"),
    "-score": ("-score_pct", "code"),
    "overdue": ("-tasks_overdue", "code"),
    "evidence": ("-last_evidence", "code"),
    "-evidence": ("last_evidence", "code"),
}


def bureau_units(
    user,
    *,
    today: datetime.date | None = None,
    region: Region | None = None,
    category: str | None = None,
    q: str | None = None,
    sort: str = "name",
) -> QuerySet[Unit]:
    """Every active hospital ``user`` may see, each annotated with its active campaign's progress
    (``campaign_id``, ``campaign_name``, ``target_level``, ``score_pct``, ``items_total``,
    ``items_met``, ``tasks_total``, ``tasks_accepted``, ``tasks_overdue``, ``last_evidence``),
    as one query of correlated subqueries: no per-unit work in Python."""
    today = today or local_today()
    units = Unit.objects.visible_to(user).filter(kind=Unit.Kind.HOSPITAL, is_active=True)
    if region is not None:
        units = units.filter(region__path__startswith=region.path)
    if category:
        units = units.filter(category=category)
    if q:
        units = units.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(code__startswith=q))

    active = Campaign.objects.filter(unit_id=OuterRef("pk"), status=Campaign.Status.ACTIVE).order_by("-year", "-id")
    units = units.annotate(
        campaign_id=Subquery(active.values("pk")[:1]),
        campaign_name=Subquery(active.values("name")[:1]),
        target_level=Subquery(active.values("target_level")[:1]),
        standard_id=Subquery(active.values("standard_id")[:1]),
    )

    def one(qs, expr):
        """A per-campaign count as a scalar subquery (0 for a unit without a campaign)."""
        return Coalesce(Subquery(qs.annotate(v=expr).values("v")[:1]), Value(0), output_field=IntegerField())

    compliance = ItemCompliance.objects.filter(campaign_id=OuterRef("campaign_id")).values("campaign_id").order_by()
    scores = ItemScore.objects.filter(campaign_id=OuterRef("campaign_id"), view=View.SELF).values("campaign_id")
    standard_items = Item.objects.filter(standard_id=OuterRef("standard_id")).values("standard_id").order_by()
    tasks = (
        Task.objects.filter(campaign_id=OuterRef("campaign_id"), archived_at__isnull=True)
        .values("campaign_id")
        .order_by()
    )
    evidence = (
        Evidence.objects.filter(campaign_id=OuterRef("campaign_id"), archived_at__isnull=True)
        .values("campaign_id")
        .order_by()
    )
    # score_sum and points_total are aliases (not selected): only score_pct uses them, so each
    # subquery runs once per row, and sorting by score_pct uses the selected column.
    score_sum = scores.order_by().annotate(v=Sum("score")).values("v")[:1]
    points_total = standard_items.annotate(v=Sum("points")).values("v")[:1]
    return (
        units.alias(
            score_sum=Subquery(score_sum, output_field=POINTS),
            points_total=Subquery(points_total, output_field=POINTS),
        )
        .annotate(
            score_pct=Coalesce(
                F("score_sum") * Value(Decimal(100)) / NullIf(F("points_total"), Value(ZERO)),
                Value(ZERO),
                output_field=POINTS,
            ),
            items_total=one(standard_items, Count("pk")),
            items_met=one(compliance, Count("pk", filter=Q(status=MET))),
            tasks_total=one(tasks, Count("pk")),
            tasks_accepted=one(tasks, Count("pk", filter=Q(status=ACCEPTED))),
            tasks_overdue=one(tasks, Count("pk", filter=_overdue_q(today))),
            last_evidence=Subquery(evidence.annotate(v=Max("occurred_on")).values("v")[:1]),
        )
        .order_by(*BUREAU_SORTS.get(sort, BUREAU_SORTS["name"]))
    )


def bureau_regions(user) -> QuerySet[Region]:
    """The counties (and cities) a supervisor may filter the table by: those under their regions."""
    if user.is_superuser:
        return Region.objects.exclude(level=Region.Level.PROVINCE).order_by("path")
    paths = {m.region_path for m in user.scope_memberships() if m.region_path}
    if not paths:
        return Region.objects.none()
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return Region.objects.filter(q).exclude(level=Region.Level.PROVINCE).order_by("path")
