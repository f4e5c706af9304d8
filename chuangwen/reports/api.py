"""The inspection materials API (迎检材料), scoped like the pages: outside the scope 404, visible
but not yours to act on 403. Start a ledger build, follow it, download it (HTTP Range, audited);
list, draft and edit the indicator reports; the plan and generated documents; document templates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from chuangwen.api.access import get_visible, referenced
from chuangwen.api.errors import field_error
from chuangwen.api.schemas import ErrorOut, Id
from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Campaign
from chuangwen.core.files import file_response
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.org.models import Unit

from . import documents, plan, selectors, services, summary, summary_docx
from .models import DocumentTemplate, GeneratedDocument, IndicatorReport, LedgerBuild, PlanText, SummaryText
from .schemas import (
    DocumentOut,
    DraftOut,
    IndicatorReportIn,
    IndicatorReportOut,
    LedgerBuildIn,
    LedgerBuildOut,
    PlanTextIO,
    SummaryFigureOut,
    SummaryTextIO,
    TemplateKindOut,
    TemplateVersionOut,
)
from .views.ledger import ledger_response

router = Router(tags=["reports"])

# The ledger (迎检台账) and indicator reports (说明报告)


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


# Document templates and generated documents


def _template_unit(request, unit_id: int) -> Unit:
    """The unit named by ``unit``: another hospital's is "not found"; a unit the caller sees but
    whose templates their role does not reach is 403."""
    unit = referenced(request, Unit.objects.all(), unit_id, "unit")
    if not can_in_unit(request.auth_user, DocumentTemplate, unit, VIEW):
        raise PermissionDenied
    return unit


def _kind(name: str) -> documents.Kind:
    kind = documents.kind_get(name)
    if kind is None:
        raise Http404
    return kind


def _document_out(d: GeneratedDocument) -> dict:
    done = d.pdf_status == GeneratedDocument.PdfStatus.DONE
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "campaign": d.campaign_id,
        "template_version": d.template.version if d.template_id else None,
        "status": d.status,
        "error": d.error,
        "sha256": d.sha256,
        "pdf_status": d.pdf_status,
        "pdf_error": d.pdf_error,
        "created_at": d.created_at,
        "docx_url": reverse("api:reports_document_docx", args=[d.pk]) if d.status == d.Status.DONE else None,
        "pdf_url": reverse("api:reports_document_pdf", args=[d.pk]) if done else None,
    }


@router.get(
    "/templates", response={200: list[TemplateKindOut], 403: ErrorOut}, summary="文档模板（各类文档的当前模板）"
)
def template_list(request, unit: Query[Id]):
    u = _template_unit(request, unit)
    rows = []
    for k in documents.kinds():
        current = documents.current_template(k, u)
        rows.append(
            {
                "kind": k.name,
                "label": str(k.label),
                "version": current.version if current else None,
                "uploaded_at": current.created_at if current else None,
                "may_upload": k.may_upload(request.auth_user, u),
                "fields": [name for name, _label in k.fields],
            }
        )
    return rows


@router.get(
    "/templates/download",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="下载模板（当前版本、指定版本或默认模板）；未知的文档类型或版本为 404",
    url_name="reports_template_download",
)
def template_download(request, unit: Query[Id], kind: str, version: Query[Id | None] = None, default: bool = False):
    u = _template_unit(request, unit)
    k = _kind(kind)
    if default:
        template = None
    elif version is not None:
        template = k.versions(u).filter(version=version).first()
        if template is None:
            raise Http404
    else:
        template = documents.current_template(k, u)
    name = documents.template_filename(k, u, template)
    download_record(request=request, target=template or u, kind=f"{k.name}_template", via="api", filename=name)
    response = HttpResponse(documents.template_content(k, template), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/templates",
    response={201: TemplateVersionOut, 403: ErrorOut, 404: ErrorOut},
    summary="上传新版模板（无法渲染的模板被拒绝并说明原因）；未知的文档类型为 404",
)
def template_upload(request, unit: Query[Id], kind: str, file: File[UploadedFile]):
    u = _template_unit(request, unit)
    k = _kind(kind)
    t = documents.template_upload(user=request.auth_user, unit=u, kind=k, upload=file)
    return Status(
        201,
        {
            "kind": k.name,
            "version": t.version,
            "original_name": t.original_name,
            "sha256": t.sha256,
            "uploaded_at": t.created_at,
        },
    )


@router.post(
    "/campaigns/{int:campaign_id}/plan",
    response={201: DocumentOut, 403: ErrorOut},
    summary="生成工作方案（.docx；PDF 随后由后台任务生成）",
)
def plan_generate(request, campaign_id: int):
    campaign = get_visible(request, Campaign.objects.all(), campaign_id)
    if not can(request.auth_user, campaign, CHANGE):
        raise PermissionDenied
    document = services.plan_generate(user=request.auth_user, campaign=campaign)
    return Status(201, _document_out(document))


@router.get("/campaigns/{int:campaign_id}/plans", response=list[DocumentOut], summary="已生成的工作方案")
def plan_list(request, campaign_id: int):
    campaign = get_visible(request, Campaign.objects.all(), campaign_id)
    qs = (
        GeneratedDocument.objects.visible_to(request.auth_user)
        .filter(campaign=campaign, kind=plan.KIND)
        .select_related("template")
        .order_by("-created_at", "-id")[:50]
    )
    return [_document_out(d) for d in qs]


@router.get("/documents/{int:document_id}", response=DocumentOut, summary="生成的文档及其 PDF 任务状态")
def document_detail(request, document_id: int):
    return _document_out(get_visible(request, GeneratedDocument.objects.select_related("template"), document_id))


@router.get("/documents/{int:document_id}/docx", summary="下载文档（.docx）", url_name="reports_document_docx")
def document_docx(request, document_id: int):
    d = get_visible(request, GeneratedDocument.objects.all(), document_id)
    if d.status != GeneratedDocument.Status.DONE or not d.docx:
        raise Http404
    name = f"{d.title}.docx"
    download_record(request=request, target=d, kind=f"document_{d.kind}", via="api", filename=name)
    return file_response(d.docx, content_type=documents.DOCX_TYPE, filename=name, inline=False)


@router.get("/documents/{int:document_id}/pdf", summary="下载文档（PDF，就绪后）", url_name="reports_document_pdf")
def document_pdf(request, document_id: int):
    d = get_visible(request, GeneratedDocument.objects.all(), document_id)
    if d.pdf_status != GeneratedDocument.PdfStatus.DONE or not d.pdf:
        raise Http404
    name = f"{d.title}.pdf"
    download_record(request=request, target=d, kind=f"document_{d.kind}_pdf", via="api", filename=name)
    return file_response(d.pdf, content_type="application/pdf", filename=name, inline=False)


# The office's texts of the plan and the summary; the summary's figures and its generation


def _texts_out(text, names) -> dict:
    return {name: getattr(text, name, "") if text else "" for name in names}


def _readable(request, campaign_id: int, model) -> Campaign:
    """The campaign, if the caller's role reaches ``model`` (the texts) in its unit; else 403."""
    campaign = _campaign(request, campaign_id)
    if not can_in_unit(request.auth_user, model, campaign.unit, VIEW):
        raise PermissionDenied
    return campaign


def _changeable(request, campaign_id: int) -> Campaign:
    campaign = _campaign(request, campaign_id)
    if not can(request.auth_user, campaign, CHANGE):
        raise PermissionDenied
    return campaign


@router.get(
    "/campaigns/{int:campaign_id}/plan-text", response={200: PlanTextIO, 403: ErrorOut}, summary="工作方案的文字"
)
def plan_text_get(request, campaign_id: int):
    campaign = _readable(request, campaign_id, PlanText)
    return _texts_out(PlanText.objects.filter(campaign=campaign).first(), services.PLAN_TEXT_FIELDS)


@router.put(
    "/campaigns/{int:campaign_id}/plan-text", response={200: PlanTextIO, 403: ErrorOut}, summary="修改工作方案的文字"
)
def plan_text_put(request, campaign_id: int, payload: PlanTextIO):
    campaign = _changeable(request, campaign_id)
    try:
        text = services.plan_text_save(user=request.auth_user, campaign=campaign, **payload.dict())
    except ValidationError as exc:
        raise _first_error(exc) from None
    return _texts_out(text, services.PLAN_TEXT_FIELDS)


@router.get(
    "/campaigns/{int:campaign_id}/summary-text", response={200: SummaryTextIO, 403: ErrorOut}, summary="工作总结的文字"
)
def summary_text_get(request, campaign_id: int):
    campaign = _readable(request, campaign_id, SummaryText)
    return _texts_out(SummaryText.objects.filter(campaign=campaign).first(), services.SUMMARY_TEXT_FIELDS)


@router.put(
    "/campaigns/{int:campaign_id}/summary-text",
    response={200: SummaryTextIO, 403: ErrorOut},
    summary="修改工作总结的文字",
)
def summary_text_put(request, campaign_id: int, payload: SummaryTextIO):
    campaign = _changeable(request, campaign_id)
    try:
        text = services.summary_text_save(user=request.auth_user, campaign=campaign, **payload.dict())
    except ValidationError as exc:
        raise _first_error(exc) from None
    return _texts_out(text, services.SUMMARY_TEXT_FIELDS)


@router.get(
    "/campaigns/{int:campaign_id}/summary/figures",
    response={200: list[SummaryFigureOut], 403: ErrorOut},
    summary="工作总结的各项数据（与各页面一致）",
)
def summary_figures(request, campaign_id: int):
    data = summary.collect(_readable(request, campaign_id, SummaryText))
    return [
        {"section": s.key, "heading": summary_docx.HEADINGS[s.key], "label": f.label, "text": f.text}
        for s in data.sections
        for f in s.figures
    ]


@router.post(
    "/campaigns/{int:campaign_id}/summary",
    response={201: DocumentOut, 403: ErrorOut},
    summary="生成工作总结（后台任务：先生成 .docx，再生成 PDF）",
)
def summary_generate(request, campaign_id: int):
    campaign = _changeable(request, campaign_id)
    document = services.summary_generate(user=request.auth_user, campaign=campaign)
    return Status(201, _document_out(document))


@router.get("/campaigns/{int:campaign_id}/summaries", response=list[DocumentOut], summary="已生成的工作总结")
def summary_list(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    qs = (
        GeneratedDocument.objects.visible_to(request.auth_user)
        .filter(campaign=campaign, kind=summary_docx.KIND)
        .select_related("template")
        .order_by("-created_at", "-id")[:50]
    )
    return [_document_out(d) for d in qs]
