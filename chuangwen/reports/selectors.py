"""Reads of the inspection materials shared by the pages, the API and the ledger job."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q

from chuangwen.campaigns.models import Campaign
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can_in_unit
from chuangwen.dashboard import progress
from chuangwen.evidence.models import Evidence, EvidenceFile
from chuangwen.scoring.models import ItemScore
from chuangwen.scoring.selectors import side_by_side
from chuangwen.standards.models import Aspect, Indicator

from . import linked
from .models import IndicatorReport, LedgerBuild

ZERO = Decimal("0")


@dataclass
class ItemFigures:
    """An item's line of the ledger's index: the progress page's figures, and the bureau's score."""

    points: Decimal
    self_score: Decimal
    bureau_score: Decimal | None
    state: str
    state_label: str
    gaps: list[str] = field(default_factory=list)
    lines: list = field(default_factory=list)
    rule: str = ""


def item_figures(campaign: Campaign) -> dict[int, ItemFigures]:
    """Item id → its figures, read from the selectors the progress page and the side-by-side
    score page use (so the index cannot disagree with them)."""
    bureau = {}
    for aspect in side_by_side(campaign):
        for row in aspect.items:
            s = row.bureau_score
            bureau[row.item.pk] = s.score if s is not None and s.assessed else None
    out = {}
    for aspect in progress.item_tree(campaign):
        for ind in aspect.indicators:
            for it in ind.items:
                out[it.id] = ItemFigures(
                    points=it.points,
                    self_score=it.score,
                    bureau_score=bureau.get(it.id),
                    state=it.state,
                    state_label=str(it.state_label),
                    gaps=[str(g) for g in it.unmet_reasons],
                    lines=list(it.lines),
                    rule=str(it.rule),
                )
    return out


def ledger_files(campaign: Campaign, item_ids):
    """The files that go into the ledger: of accepted, not archived evidence of the campaign on
    these items, the current round's files that are not archived (never a returned round's),
    in the items' evidence order (date, record, file)."""
    return (
        EvidenceFile.objects.filter(
            evidence__campaign_id=campaign.pk,
            evidence__item_id__in=item_ids,
            evidence__status=Evidence.Status.ACCEPTED,
            evidence__archived_at__isnull=True,
            archived_at__isnull=True,
            version=F("evidence__version"),
        )
        .select_related("evidence")
        .order_by("evidence__occurred_on", "evidence_id", "id")
    )


def fingerprint(campaign: Campaign, aspects: list[int]) -> str:
    """What the ledger of ``campaign`` depends on, as one hash: a build whose fingerprint equals
        the current one holds the same evidence, scores, reports and linked records (each provider's
    ``linked`` fingerprint), and is served again."""
    ev = Evidence.objects.filter(campaign_id=campaign.pk).aggregate(
        n=Count("pk"), u=Max("updated_at"), a=Max("archived_at"), r=Max("reviewed_at")
    )
    files = EvidenceFile.objects.filter(evidence__campaign_id=campaign.pk).aggregate(
        n=Count("pk"), m=Max("pk"), a=Max("archived_at"), u=Max("updated_at")
    )
    scores = ItemScore.objects.filter(campaign_id=campaign.pk).aggregate(u=Max("updated_at"), n=Count("pk"))
    reports = IndicatorReport.objects.filter(campaign_id=campaign.pk).aggregate(u=Max("updated_at"), n=Count("pk"))
    raw = repr((sorted(aspects), ev, files, scores, reports, linked.fingerprint(campaign)))
    return hashlib.sha256(raw.encode()).hexdigest()


def campaign_aspects(campaign: Campaign) -> list[Aspect]:
    return list(Aspect.objects.filter(standard_id=campaign.standard_id).order_by("order", "id"))


def builds_of(campaign: Campaign, user, *, limit: int = 10) -> list[LedgerBuild]:
    qs = LedgerBuild.objects.visible_to(user).filter(campaign_id=campaign.pk).select_related("campaign", "requested_by")
    return list(qs.order_by("-created_at", "-id")[:limit])


def may_build(user, campaign: Campaign) -> bool:
    """The office of the campaign's unit, or the bureau (supervisor) over it."""
    return can_in_unit(user, LedgerBuild, campaign.unit, CHANGE)


def may_edit_reports(user, campaign: Campaign) -> bool:
    return can_in_unit(user, IndicatorReport, campaign.unit, CHANGE)


def may_read_reports(user, campaign: Campaign) -> bool:
    return can_in_unit(user, IndicatorReport, campaign.unit, VIEW)


def campaigns_for(user):
    """The campaigns whose ledger ``user`` may build: their units' and their region's."""
    return (
        Campaign.objects.visible_to(user)
        .filter(Q(unit__in=_ledger_units(user)))
        .select_related("unit", "standard")
        .order_by("-year", "unit__name", "-id")
    )


def _ledger_units(user):
    from chuangwen.org.models import Unit

    return [u.pk for u in Unit.objects.visible_to(user).select_related("region") if can_in_unit(user, LedgerBuild, u)]


def indicators_of(campaign: Campaign) -> list[Indicator]:
    """The campaign's indicators in the standard's order (hidden ones of two-level standards
    included: their report is the aspect's)."""
    return list(
        Indicator.objects.filter(aspect__standard_id=campaign.standard_id)
        .select_related("aspect")
        .order_by("aspect__order", "aspect_id", "order", "id")
    )


def reports_of(campaign: Campaign) -> dict[int, IndicatorReport]:
    """Indicator id → its report."""
    qs = IndicatorReport.objects.filter(campaign_id=campaign.pk).select_related("edited_by")
    return {r.indicator_id: r for r in qs}


def report_rows(campaign: Campaign) -> list[tuple[Indicator, IndicatorReport | None]]:
    reports = reports_of(campaign)
    return [(ind, reports.get(ind.pk)) for ind in indicators_of(campaign)]
