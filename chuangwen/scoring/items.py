"""测评项目得分: each campaign item's score by the item's own scoring rule (``Item.scoring``),
with the explanation lines that add up to it.

Which source scores an item is the rule's method:

* ``all_or_nothing`` / ``proportional``: suggested from the evidence compliance
  (``evidence.ItemCompliance``: met → the points; partly met → the rule's ``partial_fraction``
  if the standard gives one, else nothing; proportional → the points × the share of the item's
  evidence rules met). The latest ``ItemAssessment`` of the view (the office's reviewer, or the
  bureau) replaces the suggestion, with its reason.
* ``grades``: the latest assessment's grade × the points; nothing until graded.
* ``per_occurrence``: the points, less the ledger entries on the item.
* ``per_period`` (动态考核): each period (month / quarter of the campaign) that has ended by
  *today*, or has already got work, is due; it earns ``points_per_period`` when an accepted,
  non-archived evidence record of a task linked to the item is dated in it, else nothing (and
  is named).
* ``survey``: the unit's satisfaction index (surveys' monthly aggregates, the campaign's months
  up to *today*) mapped by the rule's bands.

Ledger entries on the item (findings, corrections, manual entries) count in every method; the
sum is kept between 0 and the item's points by a last line ("扣完为止"). The self view uses the
unit's own assessments; the bureau view the bureau's (an item scored by judgement that the
bureau has not assessed scores 0 there, ``assessed`` false).

``item_scores_refresh`` writes ``ItemScore`` rows: called inline (in the same transaction) by
every service that moves a score: evidence submit / review / archive, an assessment, a ledger
entry on an item (the finding hooks), and once a day for every campaign in progress (periods
roll over). Inline rather than ``on_commit``: the page the user lands on after the change shows
the new score, and a failed refresh rolls the change back instead of leaving a stale number."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangwen.campaigns.models import Campaign
from chuangwen.core.months import add_months
from chuangwen.evidence.models import Evidence, ItemCompliance
from chuangwen.inspections.models import Finding
from chuangwen.standards import scoring_rules as sr
from chuangwen.standards.models import Item
from chuangwen.surveys.models import DepartmentMonth, index_from

from .models import ItemAssessment, ItemScore, LedgerEntry, View

ZERO = Decimal("0")
CENT = Decimal("0.01")
JUDGED = (sr.ALL_OR_NOTHING, sr.PROPORTIONAL, sr.GRADES)


def q2(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def fmt(value: Decimal) -> str:
    """2 → "2", 1.50 → "1.5" (as the standards write points)."""
    value = Decimal(value).normalize()
    return f"{value:f}"


@dataclass
class Line:
    points: Decimal
    text: str
    url: str = ""

    def as_json(self) -> dict:
        return {"points": str(q2(self.points)), "text": self.text, "url": self.url}


@dataclass
class Computed:
    item: Item
    view: str
    method: str
    points: Decimal
    due: Decimal
    lines: list[Line] = field(default_factory=list)
    assessed: bool = True

    @property
    def score(self) -> Decimal:
        return q2(sum((ln.points for ln in self.lines), ZERO))


# --- periods (动态考核) ---------------------------------------------------------------------------


def periods_of(campaign: Campaign, kind: str) -> list[tuple[datetime.date, datetime.date]]:
    """The months (or calendar quarters) the campaign spans: (first day, last day)."""
    step = 1 if kind == "month" else 3
    start = campaign.starts_on.replace(day=1)
    if step == 3:
        start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
    out = []
    while start <= campaign.ends_on:
        nxt = add_months(start, step)
        out.append((start, nxt - datetime.timedelta(days=1)))
        start = nxt
    return out


def period_name(start: datetime.date, kind: str) -> str:
    if kind == "month":
        return _("%(year)s, month %(month)s") % {"year": start.year, "month": start.month}
    return _("Q%(quarter)s %(year)s") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}


# --- the sources, read in a fixed number of queries ------------------------------------------------


@dataclass
class Sources:
    compliance: dict
    assessments: dict
    entries: dict
    work: dict
    survey_index: float | None


def _read_sources(campaign: Campaign, items: list[Item], today: datetime.date) -> Sources:
    ids = [i.pk for i in items]
    compliance = {c.item_id: c for c in ItemCompliance.objects.filter(campaign_id=campaign.pk, item_id__in=ids)}
    assessments: dict = {}
    for a in (
        ItemAssessment.objects.filter(campaign_id=campaign.pk, item_id__in=ids)
        .select_related("by")
        .order_by("-at", "-id")
    ):
        assessments.setdefault((a.item_id, a.assessor), a)
    entries: dict = defaultdict(list)
    for e in LedgerEntry.objects.filter(campaign_id=campaign.pk, item_id__in=ids).order_by("occurred_on", "id"):
        entries[e.item_id].append(e)
    periodic = [i.pk for i in items if sr.method_of(i.scoring) == sr.PER_PERIOD]
    work: dict = defaultdict(list)
    if periodic:
        rows = Evidence.objects.filter(
            campaign_id=campaign.pk,
            status=Evidence.Status.ACCEPTED,
            archived_at__isnull=True,
            task__archived_at__isnull=True,
            task__items__in=periodic,
            occurred_on__lte=today,
        ).values_list("task__items", "occurred_on", "pk")
        for item_id, day, pk in rows.distinct():
            work[item_id].append((day, pk))
    survey_index = None
    if any(sr.method_of(i.scoring) == sr.SURVEY for i in items):
        totals = DepartmentMonth.objects.filter(
            unit_id=campaign.unit_id,
            month__gte=campaign.starts_on.replace(day=1),
            month__lte=min(today, campaign.ends_on),
        ).aggregate(s=Sum("index_sum"), n=Sum("index_count"))
        survey_index = index_from(totals["s"] or 0, totals["n"] or 0)
    return Sources(compliance, assessments, entries, work, survey_index)


# --- one item --------------------------------------------------------------------------------------


def _by(a: ItemAssessment) -> str:
    who = (a.by.get_full_name() or a.by.username) if a.by else ""
    return f"{who}，{timezone.localdate(a.at):%Y-%m-%d}" if who else f"{timezone.localdate(a.at):%Y-%m-%d}"


def _suggested(item: Item, rule: dict, c: ItemCompliance | None) -> Line:
    """The evidence's suggestion for an all-or-nothing or proportional item."""
    points = item.points
    status = c.status if c else ItemCompliance.Status.UNMET
    reasons = "；".join(_reason_text(r) for r in (c.unmet_reasons if c else []) or [])
    if sr.method_of(rule) == sr.PROPORTIONAL:
        n = len(item.rules or []) or 1
        if status == ItemCompliance.Status.MET:
            met = n
        elif c is None or status == ItemCompliance.Status.UNMET and not c.accepted_count:
            met = 0
        else:
            met = max(0, n - len(c.unmet_reasons or []))
        share = Decimal(met) / Decimal(n)
        return Line(q2(points * share), _("%(met)s of %(total)s evidence rules met") % {"met": met, "total": n})
    if status == ItemCompliance.Status.MET:
        return Line(points, _("The evidence meets the requirement"))
    if status == ItemCompliance.Status.PARTIAL:
        fraction = rule.get("partial_fraction")
        if fraction is not None:
            return Line(
                q2(points * Decimal(fraction)),
                _("The evidence partly meets the requirement (%(pct)s%% of the points): %(reasons)s")
                % {"pct": fmt(Decimal(fraction) * 100), "reasons": reasons},
            )
        return Line(
            ZERO,
            _("The evidence partly meets the requirement, which earns nothing: %(reasons)s") % {"reasons": reasons},
        )
    return Line(ZERO, _("The evidence does not meet the requirement yet: %(reasons)s") % {"reasons": reasons or "—"})


def _reason_text(r) -> str:
    return (r.get("message") or r.get("rule") or str(r)) if isinstance(r, dict) else str(r)


def _judged(item: Item, rule: dict, view: str, src: Sources, out: Computed) -> None:
    method = sr.method_of(rule)
    a = src.assessments.get((item.pk, view))
    if method == sr.GRADES:
        fractions = {g["grade"]: Decimal(g["fraction"]) for g in rule["grades"]}
        if a is not None and a.grade in fractions:
            out.lines.append(
                Line(
                    q2(item.points * fractions[a.grade]),
                    _("Grade %(grade)s (%(pct)s%%), %(by)s: %(reason)s")
                    % {"grade": a.grade, "pct": fmt(fractions[a.grade] * 100), "by": _by(a), "reason": a.reason or "—"},
                )
            )
            return
        out.assessed = False
        out.lines.append(Line(ZERO, _("Not graded yet")))
        return
    if a is not None and a.score is not None:
        suggestion = _suggested(item, rule, src.compliance.get(item.pk)).points
        if q2(a.score) == q2(suggestion):
            text = _("Confirmed by the reviewer (%(by)s): %(reason)s")
        else:
            text = _("Set by the reviewer (%(by)s; the evidence suggested %(suggested)s): %(reason)s")
        out.lines.append(
            Line(q2(a.score), text % {"by": _by(a), "suggested": fmt(suggestion), "reason": a.reason or "—"})
        )
        return
    if view == View.BUREAU:
        out.assessed = False
        out.lines.append(Line(ZERO, _("Not yet assessed by the bureau")))
        return
    out.lines.append(_suggested(item, rule, src.compliance.get(item.pk)))


def _periodic(item: Item, rule: dict, campaign: Campaign, src: Sources, today: datetime.date, out: Computed) -> None:
    kind, each = rule["period"], Decimal(rule["points_per_period"])
    work = src.work.get(item.pk, [])
    due = ZERO
    for start, end in periods_of(campaign, kind):
        if start > today:
            break
        done = sorted(pk for day, pk in work if start <= day <= end)
        if end >= today and not done:
            continue  # the current period is not due yet
        due += each
        name = period_name(start, kind)
        if done:
            url = reverse("evidence:evidence_detail", args=[done[0]])
            out.lines.append(
                Line(
                    each, _("%(period)s: accepted work (%(count)s records)") % {"period": name, "count": len(done)}, url
                )
            )
        else:
            out.lines.append(
                Line(
                    ZERO,
                    _("%(period)s: no accepted work, %(points)s points lost") % {"period": name, "points": fmt(each)},
                )
            )
    out.due = min(due, item.points)


def _survey(item: Item, rule: dict, src: Sources, out: Computed) -> None:
    index = src.survey_index
    if index is None:
        out.lines.append(Line(ZERO, _("No satisfaction data yet")))
        return
    for band in rule["bands"]:
        if Decimal(str(index)) >= Decimal(band["min"]):
            fraction = Decimal(band["fraction"])
            out.lines.append(
                Line(
                    q2(item.points * fraction),
                    _("Satisfaction index %(index)s: at least %(min)s earns %(pct)s%%")
                    % {"index": index, "min": band["min"], "pct": fmt(fraction * 100)},
                )
            )
            return
    out.lines.append(Line(ZERO, _("Satisfaction index %(index)s: below every band") % {"index": index}))


def entry_url(e: LedgerEntry) -> str:
    """The page of the entry's source record, when it has one (a finding)."""
    if e.source_id and e.source_type_id == ContentType.objects.get_for_model(Finding).pk:
        return reverse("inspections:finding_detail", args=[e.source_id])
    return ""


def entry_text(e: LedgerEntry) -> str:
    label = f"（{e.source_label}）" if e.source_label else ""
    return f"{e.occurred_on:%Y-%m-%d} {e.reason}{label}"


def _shown(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """The entries an explanation lists: all of them, except an entry and its counter-entry
    when the same source record has a live entry again (a deduction re-booked to the
    responsible department): the pair nets to zero and would only repeat the line."""
    cancelled = {e.reverses_id for e in entries if e.reverses_id}
    live: dict = defaultdict(int)
    for e in entries:
        if e.reverses_id is None and e.pk not in cancelled and e.source_id:
            live[e.source_type_id, e.source_id] += 1
    hidden = {e.pk for e in entries if e.pk in cancelled and live[e.source_type_id, e.source_id]}
    return [e for e in entries if e.pk not in hidden and e.reverses_id not in hidden]


def compute_item(item: Item, view: str, campaign: Campaign, src: Sources, today: datetime.date) -> Computed:
    rule = item.scoring or {}
    method = sr.method_of(rule)
    out = Computed(item=item, view=view, method=method, points=item.points, due=item.points)
    if method in JUDGED:
        _judged(item, rule, view, src, out)
    elif method == sr.PER_OCCURRENCE:
        out.lines.append(Line(item.points, _("Full points before deductions")))
    elif method == sr.PER_PERIOD:
        _periodic(item, rule, campaign, src, today, out)
    elif method == sr.SURVEY:
        _survey(item, rule, src, out)
    for e in _shown(src.entries.get(item.pk, [])):
        out.lines.append(Line(e.points, entry_text(e), entry_url(e)))
    total = out.score
    if total < 0:
        out.lines.append(Line(-total, _("Deductions stop at 0 (扣完为止)")))
    elif total > item.points:
        out.lines.append(Line(item.points - total, _("No more than the item's points")))
    return out


def compute(campaign: Campaign, items: Iterable[Item] | None = None, *, today: datetime.date | None = None):
    """The self and bureau scores of ``items`` (default: every item of the campaign's standard),
    in six queries whatever their number."""
    today = today or timezone.localdate()
    items = list(items) if items is not None else list(Item.objects.filter(standard_id=campaign.standard_id))
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the site's language
        src = _read_sources(campaign, items, today)
        return [compute_item(i, v, campaign, src, today) for i in items for v in (View.SELF, View.BUREAU)]


@transaction.atomic
def item_scores_refresh(
    *, campaign: Campaign, items: Iterable[Item] | None = None, today: datetime.date | None = None
) -> list[ItemScore]:
    """Recompute and store the ``ItemScore`` rows (self and bureau) of ``items`` of ``campaign``
    (default all its standard's items). Rows of items not of the campaign's standard are ignored."""
    today = today or timezone.localdate()
    if items is not None:
        items = [i for i in items if i is not None and i.standard_id == campaign.standard_id]
        if not items:
            return []
    # One refresh of a campaign at a time: the sources are read after the lock, so a concurrent
    # change committed meanwhile is counted (PostgreSQL reads committed data per statement).
    list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True))
    results = compute(campaign, items, today=today)
    ids = {r.item.pk for r in results}
    existing = {(s.item_id, s.view): s for s in ItemScore.objects.filter(campaign_id=campaign.pk, item_id__in=ids)}
    changed, new = [], []
    for r in results:
        values = {
            "unit_id": campaign.unit_id,
            "method": r.method,
            "points": q2(r.points),
            "due": q2(r.due),
            "score": r.score,
            "assessed": r.assessed,
            "lines": [ln.as_json() for ln in r.lines],
            "computed_on": today,
        }
        row = existing.get((r.item.pk, r.view))
        if row is None:
            new.append(ItemScore(campaign_id=campaign.pk, item_id=r.item.pk, view=r.view, **values))
            continue
        if any(getattr(row, k) != v for k, v in values.items() if k != "computed_on"):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = timezone.now()
            changed.append(row)
    fields = ["unit", "method", "points", "due", "score", "assessed", "lines", "computed_on", "updated_at"]
    ItemScore.objects.bulk_create(
        new, update_conflicts=True, unique_fields=["campaign", "item", "view"], update_fields=fields
    )
    if changed:
        ItemScore.objects.bulk_update(changed, fields)
    return [*new, *changed]


def refresh_for_evidence(evidence: Evidence) -> None:
    """After an evidence change: its item (compliance) and the items of its task (动态考核)."""
    items = {i.pk: i for i in evidence.task.items.all()}
    if evidence.item_id:
        items.setdefault(evidence.item_id, evidence.item)
    item_scores_refresh(campaign=evidence.campaign, items=list(items.values()))


def refresh_active(*, today: datetime.date | None = None) -> int:
    """Every campaign in progress (the daily job: periods roll over, windows move)."""
    n = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.ACTIVE).iterator():
        item_scores_refresh(campaign=campaign, today=today)
        n += 1
    return n
