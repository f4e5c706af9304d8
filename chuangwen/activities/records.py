"""Activities as evidence: an activity linked to a campaign's standard items is a record of those
items, with its photos, for the items' rules ("记录≥2/月", "照片≥3/条") — nothing uploaded twice.
Registered with ``chuangwen.evidence.rules`` in ``ActivitiesConfig.ready``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from chuangwen.evidence.rules import FileFacts, Record

PHOTO = FileFacts(kind="image", ext="jpg")


def item_records(campaign, item_ids) -> dict[int, list[Record]]:
    """The activities (not archived) of ``campaign`` linked to ``item_ids``, as records: their
    date, title, summary as the note and a photo fact per live photo (one query)."""
    from .models import Activity

    if not item_ids:
        return {}
    links = (
        Activity.items.through.objects.filter(
            item_id__in=list(item_ids), activity__campaign_id=campaign.pk, activity__archived_at__isnull=True
        )
        .values("item_id", "activity_id", "activity__title", "activity__starts_at", "activity__summary")
        .annotate(photos=Count("activity__photos", filter=Q(activity__photos__archived_at__isnull=True)))
        .order_by("item_id", "activity__starts_at")
    )
    out: dict[int, list[Record]] = {}
    for link in links:
        out.setdefault(link["item_id"], []).append(
            Record(
                occurred_on=timezone.localdate(link["activity__starts_at"]),
                title=link["activity__title"],
                note=link["activity__summary"] or "",
                files=(PHOTO,) * link["photos"],
            )
        )
    return out
