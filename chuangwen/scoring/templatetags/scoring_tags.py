from django import template

from chuangwen.campaigns.models import Campaign

register = template.Library()


@register.inclusion_tag("scoring/_round_score_links.html")
def round_score_links(round):
    """Links to score the round's checklist for each inspected unit's open campaign (one query)."""
    standards = round.checklist.filter(item__isnull=False).values("item__standard_id")
    campaigns = (
        Campaign.objects.filter(unit__in=round.target_units.all(), standard_id__in=standards)
        .exclude(status=Campaign.Status.CLOSED)
        .select_related("unit")
        .order_by("unit__code", "-year")
    )
    return {"round": round, "campaigns": list(campaigns)}
