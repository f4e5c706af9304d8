"""The item page (the activities that serve a campaign's standard item, with its compliance)
and the bureau's summary per unit: activities per kind, participation rates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from chuangwen.campaigns.models import Campaign
from chuangwen.evidence.selectors import item_rules
from chuangwen.org.models import Unit
from chuangwen.standards.models import Item

from .. import selectors
from ..models import Activity


@login_required
def item_activities(request, campaign_pk, item_pk):
    campaign = Campaign.objects.visible_to(request.user).filter(pk=campaign_pk).first()
    item = Item.objects.filter(pk=item_pk, standard_id=campaign.standard_id).first() if campaign else None
    if item is None:
        raise Http404
    [rules] = item_rules(campaign, [item])
    activities = list(
        selectors.activity_list(request.user)
        .filter(campaign=campaign, items=item)
        .annotate(n_photos=Count("photos", distinct=True))
        .order_by("-starts_at")
    )
    for a in activities:
        a.participation = selectors.participation(a)
    return render(
        request,
        "activities/item_activities.html",
        {"campaign": campaign, "item": item, "rules": rules, "activities": activities},
    )


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def bureau(request):
    """Per unit of the user's scope: activities of the year by kind, rated activities, their
    mean participation rate and how many fell below their kind's required rate; and the months
    × kinds of all of them (two queries)."""
    year = _year(request)
    units = {u.pk: u for u in Unit.objects.visible_to(request.user).filter(kind=Unit.Kind.HOSPITAL)}
    activities = Activity.objects.visible_to(request.user).filter(unit_id__in=list(units), starts_at__year=year)
    figures, months = selectors.year_figures(activities, list(units))
    kinds = sorted(months)
    table = []
    for pk, u in sorted(units.items(), key=lambda x: x[1].name):
        row = {"unit": u, **figures[pk]}
        row["kind_counts"] = [row["kinds"].get(k, 0) for k in kinds]
        table.append(row)
    return render(
        request,
        "activities/bureau.html",
        {"year": year, "kinds": kinds, "table": table, "months": sorted(months.items()), "month_numbers": range(1, 13)},
    )
