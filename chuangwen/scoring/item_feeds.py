"""Findings → the ledger (问题扣分). A finding on a standard item writes one deduction on that
item: ``points_deducted`` when the inspector gave one, else the item's per-occurrence deduction
("发现一处扣1分"); nothing when neither says how much. Closing the finding (销号) gives the points
back only when the item's rule says so (``restore_on_close``, "整改后恢复"): a counter-entry; a
reopened finding (回头看) then deducts again. A finding archived as recorded in error is
cancelled by a counter-entry. Each change refreshes the item's score in the same transaction.

Called by ``inspections.services.findings``; entries are written only through
``scoring.services``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangwen.campaigns.models import Campaign
from chuangwen.inspections.models import Finding, InspectionRound
from chuangwen.standards import scoring_rules as sr

from .models import LedgerEntry, Source
from .services import entry_add, entry_correct


def finding_label(finding: Finding) -> str:
    return _("Finding #%(id)s") % {"id": finding.pk}


def deduction_of(finding: Finding) -> Decimal:
    if finding.points_deducted:
        return Decimal(finding.points_deducted)
    rule = finding.item.scoring or {} if finding.item_id else {}
    if sr.method_of(rule) == sr.PER_OCCURRENCE:
        return Decimal(rule["deduct"])
    return Decimal(0)


def campaign_of(finding: Finding) -> Campaign | None:
    """The unit's campaign against the item's standard, the one running on the day found first."""
    day = timezone.localdate(finding.found_at)
    qs = Campaign.objects.filter(unit_id=finding.unit_id, standard_id=finding.item.standard_id)
    return (
        qs.filter(starts_on__lte=day, ends_on__gte=day).order_by("-year", "-id").first()
        or qs.exclude(status=Campaign.Status.CLOSED).order_by("-year", "-id").first()
    )


def _live_entries(finding: Finding) -> list[LedgerEntry]:
    ct = ContentType.objects.get_for_model(Finding)
    return list(
        LedgerEntry.objects.filter(source_type=ct, source_id=finding.pk, reverses__isnull=True)
        .filter(Q(reversed_by__isnull=True))
        .order_by("id")
    )


def _reason(finding: Finding) -> str:
    kind = InspectionRound.Kind(finding.round.kind).label if finding.round_id else _("Inspection")
    where = f"{finding.location} " if finding.location else ""
    return _("%(kind)s found %(where)s%(problem)s") % {
        "kind": kind,
        "where": where,
        "problem": finding.description.strip()[:300],
    }


def finding_deduct(*, finding: Finding, user, key: str | None = None, on=None) -> LedgerEntry | None:
    """The finding's deduction on its item (once per key: ``finding:<id>`` the first time)."""
    if not finding.item_id:
        return None
    points = deduction_of(finding)
    if points <= 0:
        return None
    campaign = campaign_of(finding)
    with translation.override(settings.LANGUAGE_CODE):
        entry = entry_add(
            unit=finding.unit,
            campaign=campaign,
            department=finding.department,
            person=finding.responsible_person,
            item=finding.item,
            points=-points,
            source=Source.FINDING,
            reason=_reason(finding),
            occurred_on=on or timezone.localdate(finding.found_at),
            record=finding,
            source_label=finding_label(finding),
            key=key or f"finding:{finding.pk}",
            created_by=user,
        )
    return entry


def _cancel(finding: Finding, user, reason: str) -> None:
    for e in _live_entries(finding):
        entry_correct(entry=e, reason=reason, by=user, on=timezone.localdate())


def _restores(finding: Finding) -> bool:
    rule = finding.item.scoring or {} if finding.item_id else {}
    return sr.method_of(rule) == sr.PER_OCCURRENCE and bool(rule.get("restore_on_close"))


def finding_closed(*, finding: Finding, user) -> None:
    if _restores(finding):
        with translation.override(settings.LANGUAGE_CODE):
            _cancel(finding, user, _("Rectified and closed; the item's rule gives the points back"))


def finding_reopened(*, finding: Finding, user, event_id: int) -> None:
    if _restores(finding) and not _live_entries(finding):
        finding_deduct(
            finding=finding, user=user, key=f"finding:{finding.pk}:reopened:{event_id}", on=timezone.localdate()
        )


def finding_withdrawn(*, finding: Finding, user, reason: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Finding archived: %(reason)s") % {"reason": reason or _("recorded in error")}
        _cancel(finding, user, text)


def finding_dispatched(*, finding: Finding, user) -> None:
    """The office named the responsible department and person: a deduction booked without them
    (or on others) moves to them by a counter-entry and a new entry (量化考核 counts it there)."""
    entries = _live_entries(finding)
    person_id = finding.responsible_person_id
    if not entries or all(e.department_id == finding.department_id and e.person_id == person_id for e in entries):
        return
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Booked to the responsible department %(department)s") % {"department": finding.department.name}
        for e in entries:
            entry_correct(entry=e, reason=reason, by=user, on=timezone.localdate())
    key = f"finding:{finding.pk}:department:{finding.department_id}:person:{person_id or 0}"
    finding_deduct(finding=finding, user=user, key=key)
