"""Background jobs of volunteer service: after hours change, the unit's standard items asking for
hours per person ("志愿服务每人每月3小时") are re-checked, so their compliance and score follow."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .compliance import counts_hours


def items_refresh_on_commit(unit_id: int) -> None:
    """Queue the re-check of the unit's per-person hours items once the change is committed."""
    transaction.on_commit(lambda: per_person_items_refresh.enqueue(unit_id))


@task()
def per_person_items_refresh(unit_id: int) -> int:
    """Re-check the compliance of every item with a per-person hours rule in the unit's running
    campaigns; returns how many items were checked."""
    from chuangwen.campaigns.models import Campaign
    from chuangwen.evidence.services import compliance_recompute_many

    checked = 0
    today = timezone.localdate()
    campaigns = Campaign.objects.filter(unit_id=unit_id, starts_on__lte=today).exclude(status=Campaign.Status.CLOSED)
    for campaign in campaigns.select_related("standard"):
        items = [i for i in campaign.standard.items.all() if any(counts_hours(r) for r in i.rules or [])]
        if items:
            with transaction.atomic():
                compliance_recompute_many(campaign=campaign, items=items, today=today)
            checked += len(items)
    return checked
