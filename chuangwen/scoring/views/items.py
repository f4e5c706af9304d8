"""Pages of item scores: 项目得分 (self and bureau side by side, with the gap per item and aspect,
and each score's explanation; the office confirms or changes a suggestion, the bureau assesses),
and a round's checklist scored item by item (实地测评 / 暗访, on a phone). Every read goes
through the scope: another unit's campaign or round is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.campaigns.models import Campaign
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.inspections.models import INSPECT, InspectionRound
from chuangwen.standards.models import Item

from .. import selectors
from ..services import items as item_services


def _campaign(request, pk: int) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("unit__region", "standard"), request.user, pk=pk)


@login_required
def campaign_item_scores(request, pk: int):
    campaign = _campaign(request, pk)
    aspects = selectors.side_by_side(campaign)
    return render(
        request,
        "scoring/item_scores.html",
        {
            "campaign": campaign,
            "aspects": aspects,
            "totals": {
                "points": sum(a.points for a in aspects),
                "self": sum(a.self_total for a in aspects),
                "bureau": sum(a.bureau_total for a in aspects),
                "gap": _sum_known(a.gap for a in aspects),
            },
            "assessor": item_services.assessor_for(request.user, campaign),
        },
    )


@login_required
@require_POST
def item_assess(request, pk: int, item_pk: int):
    """One item's score confirmed or changed (the office), or assessed (the bureau)."""
    campaign = _campaign(request, pk)
    item = get_object_or_404(Item.objects.filter(standard_id=campaign.standard_id), pk=item_pk)
    assessor = item_services.assessor_for(request.user, campaign)
    if assessor is None:
        raise PermissionDenied
    try:
        item_services.assessment_add(
            campaign=campaign,
            item=item,
            user=request.user,
            assessor=assessor,
            score=request.POST.get("score"),
            grade=request.POST.get("grade", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The score of item %(code)s is saved.") % {"code": item.code})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{_item_scores_url(campaign)}#item-{item.pk}")


def _sum_known(values):
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _item_scores_url(campaign: Campaign) -> str:
    from django.urls import reverse

    return reverse("scoring_items:campaign_item_scores", args=[campaign.pk])


@login_required
def round_scores(request, pk: int, campaign_pk: int):
    """The round's checklist items for one inspected unit's campaign, each with its score now,
    to grade or score (bureau round → the bureau's view, the unit's own round → self)."""
    rnd = get_visible_or_404(InspectionRound.objects.select_related("owner_unit"), request.user, INSPECT, pk=pk)
    campaign = _campaign(request, campaign_pk)
    if not rnd.target_units.filter(pk=campaign.unit_id).exists():
        raise PermissionDenied
    assessor = item_services.assessor_for(request.user, campaign, rnd)
    if assessor is None:
        raise PermissionDenied
    listed = list(
        Item.objects.filter(standard_id=campaign.standard_id, checklistentry__round=rnd).distinct().order_by("order")
    )
    if request.method == "POST":
        rows = [
            (
                item,
                request.POST.get(f"score-{item.pk}", ""),
                request.POST.get(f"grade-{item.pk}", ""),
                request.POST.get(f"reason-{item.pk}", ""),
            )
            for item in listed
        ]
        try:
            written = item_services.assessments_add_many(
                campaign=campaign, user=request.user, rows=rows, assessor=assessor, round=rnd
            )
            messages.success(request, _("%(count)s item scores saved.") % {"count": len(written)})
            return redirect("scoring_items:round_scores", pk=rnd.pk, campaign_pk=campaign.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    aspects = selectors.side_by_side(campaign, items=listed)
    return render(
        request,
        "scoring/round_scores.html",
        {
            "round": rnd,
            "campaign": campaign,
            "rows": [r for a in aspects for r in a.items],
            "view": assessor,
            "posted": request.POST if request.method == "POST" else {},
        },
    )
