"""Writes of the inspection materials: starting a ledger build, drafting and editing the
indicator reports. Each in a transaction; the reports keep every edit in their history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.campaigns.models import Campaign
from chuangwen.standards.models import Aspect

from .. import selectors
from ..drafts import drafts_for
from ..models import REPORT_MAX_CHARS, IndicatorReport, LedgerBuild

LIVE = (LedgerBuild.Status.QUEUED, LedgerBuild.Status.RUNNING, LedgerBuild.Status.DONE)


def _aspect_ids(campaign: Campaign, aspects) -> list[int]:
    """The chosen aspects' ids in the standard's order; every one must be of the campaign's
    standard. None or empty: the whole campaign."""
    wanted = {getattr(a, "pk", a) for a in aspects or []}
    if not wanted:
        return []
    ids = list(
        Aspect.objects.filter(standard_id=campaign.standard_id, pk__in=wanted)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    missing = sorted(wanted - set(ids))
    if missing:
        raise ValidationError(
            {
                "aspects": _("Aspects %(ids)s are not in this campaign's standard.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return ids


@transaction.atomic
def ledger_build_start(*, user, campaign: Campaign, aspects=None, rebuild: bool = False) -> tuple[LedgerBuild, bool]:
    """The ledger of ``campaign`` (or of the chosen ``aspects``) for ``user`` (its office, or the
    bureau over it). A build of the same aspects and the same evidence, scores and reports
    (fingerprint) that is ready or under way is returned as it is, unless ``rebuild`` asks for a
    new one of a ready build; otherwise a build is queued and its job enqueued after commit.
    Returns (build, whether it is new)."""
    from ..tasks import build_ledger

    if not selectors.may_build(user, campaign):
        raise PermissionDenied
    # One start at a time per campaign: two clicks make one build.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    ids = _aspect_ids(campaign, aspects)
    fp = selectors.fingerprint(campaign, ids)
    existing = (
        LedgerBuild.objects.filter(campaign_id=campaign.pk, fingerprint=fp, status__in=LIVE)
        .order_by("-created_at", "-id")
        .first()
    )
    if existing is not None and not (rebuild and existing.status == LedgerBuild.Status.DONE):
        return existing, False
    build = LedgerBuild.objects.create(
        campaign=campaign, unit_id=campaign.unit_id, requested_by=user, aspects=ids, fingerprint=fp
    )
    transaction.on_commit(lambda: build_ledger.enqueue(build_id=build.pk))
    return build, True


def is_current(build: LedgerBuild) -> bool:
    """Whether the evidence, scores and reports are still those the build was made from."""
    return build.fingerprint == selectors.fingerprint(build.campaign, build.aspects or [])


def clean_text(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def check_length(indicator, text: str) -> None:
    n = len(text)
    if n > REPORT_MAX_CHARS:
        raise ValidationError(
            {
                "text": _("The report of indicator %(indicator)s has %(n)d characters; at most %(max)d are allowed.")
                % {"indicator": f"{indicator.code} {indicator.title}".strip(), "n": n, "max": REPORT_MAX_CHARS}
            }
        )
    if not n:
        raise ValidationError(
            {"text": _("The report of indicator %(indicator)s is empty.") % {"indicator": indicator.title}}
        )


@transaction.atomic
def reports_draft(*, user, campaign: Campaign, redraft: bool = False) -> int:
    """Draft the report of every indicator of ``campaign`` that has none (with ``redraft``,
    also replace the drafts nobody edited). Returns how many were written."""
    if not selectors.may_edit_reports(user, campaign):
        raise PermissionDenied
    existing = selectors.reports_of(campaign)
    written = 0
    drafts = drafts_for(campaign)
    for ind in selectors.indicators_of(campaign):
        text = drafts.get(ind.pk)
        if text is None:
            continue
        report = existing.get(ind.pk)
        if report is None:
            report = IndicatorReport(campaign=campaign, unit_id=campaign.unit_id, indicator=ind, text=text)
        elif redraft and report.drafted and report.text != text:
            report.text = text
        else:
            continue
        report.drafted = True
        report.edited_by = user
        report._history_user = user
        report.save()
        written += 1
    return written


@transaction.atomic
def report_edit(*, user, report: IndicatorReport, text: str) -> IndicatorReport:
    """The office's new text of a report (≤ 500 characters); the old one stays in the history."""
    if not selectors.may_edit_reports(user, report.campaign):
        raise PermissionDenied
    text = clean_text(text)
    check_length(report.indicator, text)
    report = IndicatorReport.objects.select_for_update().get(pk=report.pk)
    if report.text == text:
        return report
    report.text = text
    report.drafted = False
    report.edited_by = user
    report._history_user = user
    report.save()
    return report
