"""Pages of the inspection materials: the campaigns' list, the 迎检台账 page (choose aspects,
build, progress polled through htmx, download, previous builds), the download itself (HTTP Range,
audited), and the 说明报告 pages (list, draft, edit with a live character count). Everything
through the scope: another hospital's campaign, build or report is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Campaign
from chuangwen.core.ranges import ranged_file_response
from chuangwen.core.scoping import get_visible_or_404

from .. import selectors, services
from ..drafts import drafts_for
from ..models import REPORT_MAX_CHARS, IndicatorReport, LedgerBuild

ZIP = "application/zip"


def _campaign(request, pk: int) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("unit__region", "standard"), request.user, pk=pk)


def _build(request, pk: int) -> LedgerBuild:
    return get_visible_or_404(LedgerBuild.objects.select_related("campaign__unit", "requested_by"), request.user, pk=pk)


@login_required
@require_GET
def home(request):
    """迎检材料: the campaigns whose ledger the user may build (their hospital's, the region's)."""
    campaigns = list(selectors.campaigns_for(request.user)[:200])
    return render(request, "reports/home.html", {"campaigns": campaigns})


@login_required
def ledger(request, pk: int):
    """迎检台账 of a campaign: GET the page; POST starts a build (or finds the one already made
    of the same evidence)."""
    campaign = _campaign(request, pk)
    if not selectors.may_build(request.user, campaign):
        raise PermissionDenied
    aspects = selectors.campaign_aspects(campaign)
    if request.method == "POST":
        chosen = [int(x) for x in request.POST.getlist("aspects") if x.isdigit()]
        try:
            build, created = services.ledger_build_start(
                user=request.user, campaign=campaign, aspects=chosen, rebuild=bool(request.POST.get("rebuild"))
            )
        except ValidationError as exc:
            messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
            return redirect("reports:ledger", pk=campaign.pk)
        if not created:
            messages.info(request, _("The evidence has not changed since this ledger was built; it is offered again."))
        return redirect("reports:ledger", pk=campaign.pk)
    builds = selectors.builds_of(campaign, request.user)
    names = {a.pk: a.title for a in aspects}
    latest = next((b for b in builds if b.status == LedgerBuild.Status.DONE), None)
    return render(
        request,
        "reports/ledger.html",
        {
            "campaign": campaign,
            "aspects": aspects,
            "builds": [(b, [names.get(i, "") for i in b.aspects]) for b in builds],
            "stale": latest is not None and not services.is_current(latest),
        },
    )


@login_required
@require_GET
def build_status(request, pk: int):
    """A build's panel (htmx polls it every 2 s while the job runs)."""
    build = _build(request, pk)
    return render(request, "reports/build_panel.html", {"build": build})


@login_required
@require_GET
def build_download(request, pk: int):
    """The built .zip, resumable (HTTP Range); every request is written in the audit log."""
    build = _build(request, pk)
    if build.status != LedgerBuild.Status.DONE or not build.file:
        raise Http404
    download_record(request=request, target=build, kind="ledger", via="page", filename=build.filename)
    return ledger_response(request, build)


def ledger_response(request, build: LedgerBuild):
    return ranged_file_response(
        request,
        build.file,
        filename=build.filename,
        content_type=ZIP,
        etag=f'"ledger-{build.pk}-{build.fingerprint[:16]}"',
        modified=build.finished_at,
    )


@login_required
def indicator_reports(request, pk: int):
    """说明报告 of a campaign: one per indicator; POST drafts those not written yet."""
    campaign = _campaign(request, pk)
    if not selectors.may_read_reports(request.user, campaign):
        raise PermissionDenied
    may_edit = selectors.may_edit_reports(request.user, campaign)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        n = services.reports_draft(user=request.user, campaign=campaign, redraft=bool(request.POST.get("redraft")))
        messages.success(request, _("%(n)d indicator reports drafted from the data.") % {"n": n})
        return redirect("reports:indicator_reports", pk=campaign.pk)
    rows = selectors.report_rows(campaign)
    return render(
        request,
        "reports/indicator_reports.html",
        {"campaign": campaign, "rows": rows, "may_edit": may_edit, "max_chars": REPORT_MAX_CHARS},
    )


@login_required
def report_edit(request, pk: int):
    """One report: the text with a live character count, the draft from today's data, and
    every earlier version with its date and author."""
    report = get_visible_or_404(
        IndicatorReport.objects.select_related("campaign__unit", "campaign__standard", "indicator__aspect"),
        request.user,
        pk=pk,
    )
    if not selectors.may_edit_reports(request.user, report.campaign):
        raise PermissionDenied
    text = report.text
    error = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.report_edit(user=request.user, report=report, text=text)
        except ValidationError as exc:
            error = "；".join(m for ms in exc.message_dict.values() for m in ms)
        else:
            messages.success(request, _("Report saved."))
            return redirect("reports:indicator_reports", pk=report.campaign_id)
    elif request.GET.get("draft"):
        text = drafts_for(report.campaign).get(report.indicator_id, text)
    history = list(report.history.select_related("history_user").order_by("-history_date")[:50])
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "text": text,
            "error": error,
            "history": history,
            "max_chars": REPORT_MAX_CHARS,
        },
        status=422 if error else 200,
    )


@login_required
@require_GET
def reports_menu(request):
    """说明报告 in the menu: the current unit's active campaign, else the campaigns' list."""
    from chuangwen.dashboard.progress import active_campaign

    unit = getattr(request, "current_unit", None)
    campaign = active_campaign(unit, request.user) if unit else None
    if campaign is not None:
        return redirect("reports:indicator_reports", pk=campaign.pk)
    return redirect("reports:home")
