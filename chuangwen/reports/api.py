"""The inspection materials API (迎检材料), scoped like the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from ninja import File, Query, Router, Status, UploadedFile

from chuangwen.api.access import get_visible, referenced
from chuangwen.api.schemas import ErrorOut, Id
from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Campaign
from chuangwen.core.files import file_response
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.org.models import Unit

from . import documents, plan, services
from .models import DocumentTemplate, GeneratedDocument
from .schemas import DocumentOut, TemplateKindOut, TemplateVersionOut

router = Router(tags=["reports"])

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
        "sha256": d.sha256,
        "pdf_status": d.pdf_status,
        "pdf_error": d.pdf_error,
        "created_at": d.created_at,
        "docx_url": reverse("api:reports_document_docx", args=[d.pk]),
        "pdf_url": reverse("api:reports_document_pdf", args=[d.pk]) if done else None,
    }


@router.get("/templates", response=list[TemplateKindOut], summary="文档模板（各类文档的当前模板）")
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
    summary="下载模板（当前版本、指定版本或默认模板）",
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
    response={201: TemplateVersionOut, 403: ErrorOut},
    summary="上传新版模板（无法渲染的模板被拒绝并说明原因）",
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
