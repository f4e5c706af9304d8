"""Writes to the ledger: ``entry_add`` (a deduction or bonus from a source) and
``entry_correct`` (a counter-entry cancelling one, with its reason). Nothing else writes
``LedgerEntry`` rows; nothing changes or removes one. What an entry moves follows it here, so no
feeder has to: an entry on a campaign's item refreshes that item's score in the same
transaction (the next page shows it), and an entry on a department queues the recompute of its
unit-month's department scores once committed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangwen.core.months import month_start

from ..models import LedgerEntry, Source


def entry_add(
    *,
    unit,
    points,
    source: str,
    reason: str,
    occurred_on: datetime.date,
    campaign=None,
    department=None,
    person=None,
    item=None,
    record=None,
    source_label: str = "",
    key: str | None = None,
    created_by=None,
) -> LedgerEntry:
    """One deduction (points < 0) or bonus (points > 0). With ``key``, a second call with the
    same key returns the first entry instead of writing another (feeders run more than once)."""
    points = Decimal(points)
    if points == 0:
        raise ValidationError({"points": _("Points must not be zero.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the entry.")})
    if source not in Source.values:
        raise ValidationError({"source": _("Unknown source “%(source)s”.") % {"source": source}})
    if department is not None and department.unit_id != unit.pk:
        raise ValidationError({"department": _("The department belongs to another unit.")})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": _("The person belongs to another unit.")})
    if key is not None:
        found = LedgerEntry.objects.filter(key=key).first()
        if found is not None:
            return found
    entry = LedgerEntry(
        unit=unit,
        campaign=campaign,
        department=department,
        person=person,
        item=item,
        period=month_start(occurred_on),
        occurred_on=occurred_on,
        points=points,
        source=source,
        source_type=ContentType.objects.get_for_model(record) if record is not None else None,
        source_id=record.pk if record is not None else None,
        source_label=source_label[:80],
        reason=reason.strip()[:500],
        key=key,
        created_by=created_by,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if key is not None:  # written by a concurrent run of the same feeder
            return LedgerEntry.objects.get(key=key)
        raise
    _scores_follow(entry)
    return entry


def _scores_follow(entry: LedgerEntry) -> None:
    if entry.item_id is not None and entry.campaign_id is not None:
        from ..items import item_scores_refresh

        item_scores_refresh(campaign=entry.campaign, items=[entry.item])
    if entry.department_id is not None:
        from ..department_scores import scores_recompute_on_commit

        scores_recompute_on_commit(unit_id=entry.unit_id, month=entry.period)


@transaction.atomic
def entry_correct(
    *, entry: LedgerEntry, reason: str, by=None, source: str = Source.CORRECTION, on: datetime.date | None = None
) -> LedgerEntry:
    """Cancel ``entry`` with a counter-entry of the opposite points, in the same unit,
    department, person, item and month. An entry is cancelled once; a counter-entry is not
    cancelled again (write a new entry instead)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ValidationError(_("A counter-entry cannot itself be cancelled; add a new entry instead."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been cancelled."))
    counter = LedgerEntry(
        unit_id=entry.unit_id,
        campaign_id=entry.campaign_id,
        department_id=entry.department_id,
        person_id=entry.person_id,
        item_id=entry.item_id,
        period=entry.period,
        occurred_on=on or entry.occurred_on,
        points=-entry.points,
        source=source,
        source_type_id=entry.source_type_id,
        source_id=entry.source_id,
        source_label=entry.source_label,
        reason=reason.strip()[:500],
        reverses=entry,
        created_by=by,
    )
    counter.save()
    _scores_follow(counter)
    return counter
