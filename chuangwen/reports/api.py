"""The inspection materials API (迎检材料), scoped like the pages: outside the scope 404, visible
but not yours to act on 403. Start a ledger build, follow it, download it (HTTP Range, audited);
list, draft and edit the indicator reports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from chuangwen.api.access import get_visible
from chuangwen.api.errors import field_error
from chuangwen.api.schemas import ErrorOut
from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Campaign

from . import selectors, services
from .models import IndicatorReport, LedgerBuild
from .schemas import DraftOut, IndicatorReportIn, IndicatorReportOut, LedgerBuildIn, LedgerBuildOut
from .views import ledger_response

router = Router(tags=["reports"])


def _campaign(request, campaign_id: int) -> Campaign:
    return get_visible(request, Campaign.objects.select_related("unit__region", "standard"), campaign_id)


def _first_error(exc: ValidationError):
    for field, msgs in exc.message_dict.items():
        return field_error(field, msgs[0])
    return field_error(None, str(exc))


@router.get(
    "/campaigns/{int:campaign_id}/ledger",
    response={200: list[LedgerBuildOut], 403: ErrorOut},
    summary="迎检台账生成记录",
)
def ledger_builds(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not selectors.may_build(request.auth_user, campaign):
        raise PermissionDenied
    return selectors.builds_of(campaign, request.auth_user, limit=50)


@router.post(
    "/campaigns/{int:campaign_id}/ledger", response={200: LedgerBuildOut, 201: LedgerBuildOut}, summary="生成迎检台账"
)
def ledger_build(request, campaign_id: int, payload: LedgerBuildIn):
    """Queue a build (201), or return the one already made of the same evidence (200)."""
    campaign = _campaign(request, campaign_id)
    try:
        build, created = services.ledger_build_start(
            user=request.auth_user, campaign=campaign, aspects=payload.aspects, rebuild=payload.rebuild
        )
    except ValidationError as exc:
        raise _first_error(exc) from None
    return Status(201 if created else 200, build)


@router.get("/ledger/{int:build_id}", response=LedgerBuildOut, summary="迎检台账生成进度")
def ledger_status(request, build_id: int):
    return get_visible(request, LedgerBuild.objects.all(), build_id)


@router.get("/ledger/{int:build_id}/file", summary="下载迎检台账（支持断点续传）", url_name="reports_ledger_file")
def ledger_file(request, build_id: int):
    build = get_visible(request, LedgerBuild.objects.select_related("campaign"), build_id)
    if build.status != LedgerBuild.Status.DONE or not build.file:
        raise field_error(None, _("The ledger is not ready yet."))
    download_record(request=request, target=build, kind="ledger", via="api", filename=build.filename)
    return ledger_response(request, build)


def _reports(campaign):
    return (
        IndicatorReport.objects.filter(campaign_id=campaign.pk)
        .select_related("indicator__aspect", "edited_by")
        .order_by("indicator__aspect__order", "indicator__aspect_id", "indicator__order", "indicator_id")
    )


@router.get(
    "/campaigns/{int:campaign_id}/indicator-reports",
    response={200: list[IndicatorReportOut], 403: ErrorOut},
    summary="说明报告列表",
)
def reports_list(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not selectors.may_read_reports(request.auth_user, campaign):
        raise PermissionDenied
    return list(_reports(campaign))


@router.post("/campaigns/{int:campaign_id}/indicator-reports/draft", response=DraftOut, summary="起草说明报告")
def reports_draft(request, campaign_id: int, redraft: bool = False):
    campaign = _campaign(request, campaign_id)
    return {"drafted": services.reports_draft(user=request.auth_user, campaign=campaign, redraft=redraft)}


@router.put("/indicator-reports/{int:report_id}", response=IndicatorReportOut, summary="修改说明报告")
def report_update(request, report_id: int, payload: IndicatorReportIn):
    report = get_visible(
        request, IndicatorReport.objects.select_related("campaign__unit", "indicator__aspect"), report_id
    )
    try:
        report = services.report_edit(user=request.auth_user, report=report, text=payload.text)
    except ValidationError as exc:
        raise _first_error(exc) from None
    return IndicatorReport.objects.select_related("indicator__aspect", "edited_by").get(pk=report.pk)
