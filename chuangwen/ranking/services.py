"""Writes of the ranking: refreshing the snapshots and publishing the ranking as a bulletin.

``snapshots_refresh`` computes every figure of each unit live (``figures.live_figures``, the
units' own selectors) and upserts the month's row: one row per unit and month, guaranteed by
the database's unique constraint, so two refreshes at once leave one row each with the later
figures. ``bulletin_publish`` renders the month's ranking into the bureau's template of the
``ranking_bulletin`` kind, keeps the .docx with the figures as published, and notifies the
offices of the units it goes to."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role, Scope
from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit
from chuangwen.org.models import Membership, Region, Unit
from chuangwen.reports import documents

from . import bulletin as bulletin_doc
from .figures import Figures, live_figures, month_of
from .models import RankingBulletin, UnitSnapshot

BATCH = 200
FIELDS = [f for f in Figures.__dataclass_fields__ if f != "campaign_id"]


def ranked_units() -> Iterable[Unit]:
    """The units a ranking counts: active hospitals."""
    return Unit.objects.filter(kind=Unit.Kind.HOSPITAL, is_active=True).select_related("region")


def snapshots_refresh(*, units=None, on: datetime.date | None = None, computed_at=None) -> int:
    """Compute the figures of ``units`` (default: every active hospital) as of ``on`` (default
    today) and store them as the snapshots of ``on``'s month. Returns how many rows were written."""
    on = on or timezone.localdate()
    computed_at = computed_at or timezone.now()
    month = month_of(on)
    units = list(ranked_units() if units is None else units)
    written = 0
    for start in range(0, len(units), BATCH):
        rows = []
        for unit in units[start : start + BATCH]:
            f = live_figures(unit, on=on)
            values = {k: getattr(f, k) for k in FIELDS}
            rows.append(
                UnitSnapshot(unit=unit, month=month, computed_at=computed_at, campaign_id=f.campaign_id, **values)
            )
        with transaction.atomic():
            UnitSnapshot.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["unit", "month"],
                update_fields=["computed_at", "campaign", *FIELDS],
            )
        written += len(rows)
    return written


# --- the bulletin ------------------------------------------------------------------------------


def supervised(user) -> tuple[Region, Unit] | None:
    """The region ``user`` supervises and the bureau (authority unit) that speaks for it: the
    first active supervisor membership with a region; its unit, else the region's authority."""
    for m in user.scope_memberships():
        if m.role == Role.SUPERVISOR and m.scope == Scope.REGION and m.region_path:
            region = Region.objects.get(path=m.region_path)
            bureau = Unit.objects.filter(pk=m.unit_id).first() if m.unit_id else None
            bureau = bureau or Unit.objects.filter(region=region, kind=Unit.Kind.AUTHORITY).order_by("pk").first()
            if bureau is not None:
                return region, bureau
    return None


def may_publish(user) -> bool:
    return supervised(user) is not None


@transaction.atomic
def bulletin_publish(
    *, user, month: datetime.date, note: str = "", today: datetime.date | None = None
) -> RankingBulletin:
    """Publish ``month``'s ranking of the region ``user`` supervises to its units: the .docx from
    the bureau's current template (or the default), the figures as published, a notification to
    each recipient unit's campaign office. Refused (``ValidationError`` naming ``month``) when
    the month has no snapshots."""
    where = supervised(user)
    if where is None:
        raise PermissionDenied
    region, bureau = where
    from .selectors import region_rows  # selectors import nothing of services

    rows = list(region_rows(region, month=month_of(month)))
    if not rows:
        raise ValidationError({"month": _("There are no ranking figures for %(month)s yet: refresh them first.") % {
            "month": f"{month:%Y-%m}"}})  # fmt: skip
    Unit.objects.select_for_update().filter(pk=bureau.pk).first()  # one number at a time
    last = RankingBulletin.objects.filter(bureau=bureau, month=month_of(month)).aggregate(n=Max("number"))["n"] or 0
    kind = documents.kind_get(bulletin_doc.KIND)
    template = documents.current_template(kind, bureau)
    data = bulletin_doc.BulletinData(
        bureau=bureau, region=region, month=month_of(month), rows=rows, note=note.strip(), today=today, number=last + 1
    )
    content = documents.render(kind, template, bulletin_doc.fields(data))
    bulletin = RankingBulletin(
        bureau=bureau,
        region=region,
        month=month_of(month),
        number=last + 1,
        title=data.title,
        note=note.strip(),
        figures=[bulletin_doc.row_json(r) for r in rows],
        computed_at=max(r.computed_at for r in rows),
        sha256=hashlib.sha256(content).hexdigest(),
        template=template,
        created_by=user,
    )
    bulletin.file.save("bulletin.docx", ContentFile(content), save=False)
    bulletin.full_clean(exclude=["recipients"])
    bulletin.save()
    units = [r.unit for r in rows]
    bulletin.recipients.set(units)
    _notify(bulletin, units)
    return bulletin


def _notify(bulletin: RankingBulletin, units: list[Unit]) -> None:
    offices = (
        Membership.objects.filter(unit__in=units, role=Role.OFFICE, scope=Scope.UNIT, is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    url = reverse("ranking:bulletin_download", args=[bulletin.pk])
    notifications_send_on_commit(
        drafts=[
            NotificationDraft(
                user_id=user_id,
                kind="ranking_bulletin",
                title=_("%(bureau)s published %(title)s") % {"bureau": bulletin.bureau.name, "title": bulletin.title},
                body=_("Your unit's place and figures are in the bulletin; open it to read the whole ranking."),
                url=url,
                dedupe_key=f"ranking:bulletin:{bulletin.pk}:{user_id}",
            )
            for user_id in offices
        ]
    )
