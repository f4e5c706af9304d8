"""Pages of the generated documents: the campaign's 工作方案 (its texts, generating the .docx and
its PDF, downloads) and the unit's 文档模板 (every kind: current or default template, upload,
versions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from chuangwen.audit.services import download_record
from chuangwen.campaigns.models import Campaign
from chuangwen.core.files import file_response
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, can_in_unit, get_visible_or_404

from .. import documents, plan, services, summary, summary_docx
from ..forms import DocumentTemplateUploadForm, PlanTextForm, SummaryTextForm
from ..models import DocumentTemplate, GeneratedDocument, PlanText, SummaryText

PDF_TYPE = "application/pdf"
RECENT_DOCUMENTS = 10


def _newest_campaign_page(request, url_name: str):
    """A menu entry's target: ``url_name`` for the unit's newest campaign, or the campaign list."""
    campaign = (
        Campaign.objects.visible_to(request.user).filter(unit=request.current_unit).order_by("-year", "-id").first()
    )
    if campaign is None:
        messages.info(request, _("There is no campaign yet; create one first."))
        return redirect("campaigns:campaign_list")
    return redirect(url_name, pk=campaign.pk)


@login_required
def plan_current(request):
    """The menu's 工作方案: the plan page of the unit's newest campaign."""
    return _newest_campaign_page(request, "reports:campaign_plan")


@login_required
def campaign_plan(request, pk: int):
    """工作方案: the office's texts (saved with history), the generated versions and their PDFs."""
    campaign = get_visible_or_404(Campaign.objects.select_related("unit"), request.user, pk=pk)
    may_change = can(request.user, campaign, CHANGE)
    text = PlanText.objects.filter(campaign=campaign).first() or PlanText(
        campaign=campaign, guiding_idea=campaign.guiding_idea
    )
    form = PlanTextForm(request.POST or None, instance=text)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.PLAN_TEXT_FIELDS}
            services.plan_text_save(user=request.user, campaign=campaign, **values)
            if "generate" in request.POST:
                services.plan_generate(user=request.user, campaign=campaign)
                messages.success(request, _("The plan is generated; its PDF follows in a moment."))
            else:
                messages.success(request, _("The plan's texts are saved."))
            return redirect("reports:campaign_plan", pk=campaign.pk)
    recent = list(
        GeneratedDocument.objects.visible_to(request.user)
        .filter(campaign=campaign, kind=plan.KIND)
        .select_related("created_by", "template")
        .order_by("-created_at", "-id")[:RECENT_DOCUMENTS]
    )
    context = {"campaign": campaign, "form": form, "may_change": may_change, "documents": recent}
    return render(request, "reports/campaign_plan.html", context)


@login_required
def summary_current(request):
    """The menu's 工作总结: the summary page of the unit's newest campaign."""
    return _newest_campaign_page(request, "reports:campaign_summary")


@login_required
def campaign_summary(request, pk: int):
    """工作总结: the office's wording per part (saved with history) beside the figures each part
    will show (read from the data now), the generated versions, their progress and PDFs."""
    campaign = get_visible_or_404(Campaign.objects.select_related("unit", "standard"), request.user, pk=pk)
    if not can_in_unit(request.user, SummaryText, campaign.unit, VIEW):
        raise PermissionDenied
    may_change = can(request.user, campaign, CHANGE)
    text = SummaryText.objects.filter(campaign=campaign).first() or SummaryText(campaign=campaign)
    form = SummaryTextForm(request.POST or None, instance=text)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.SUMMARY_TEXT_FIELDS}
            services.summary_text_save(user=request.user, campaign=campaign, **values)
            if "generate" in request.POST:
                services.summary_generate(user=request.user, campaign=campaign)
                messages.success(request, _("The summary is being generated from this year's data."))
            else:
                messages.success(request, _("The summary's wording is saved."))
            return redirect("reports:campaign_summary", pk=campaign.pk)
    data = summary.collect(campaign)
    parts = [{"field": form[s.key], "heading": summary_docx.HEADINGS[s.key], "section": s} for s in data.sections]
    recent = list(
        GeneratedDocument.objects.visible_to(request.user)
        .filter(campaign=campaign, kind=summary_docx.KIND)
        .select_related("created_by", "template")
        .order_by("-created_at", "-id")[:RECENT_DOCUMENTS]
    )
    context = {
        "campaign": campaign,
        "form": form,
        "parts": parts,
        "data": data,
        "may_change": may_change,
        "documents": recent,
    }
    return render(request, "reports/campaign_summary.html", context)


def _document(request, pk: int) -> GeneratedDocument:
    return get_visible_or_404(GeneratedDocument.objects.all(), request.user, pk=pk)


@login_required
def document_status(request, pk: int):
    """A generated document's panel (htmx polls it while its .docx or PDF is being made)."""
    return render(request, "reports/document_panel.html", {"d": _document(request, pk)})


@login_required
def document_docx(request, pk: int):
    document = _document(request, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.docx:
        raise Http404
    name = f"{document.title}.docx"
    download_record(request=request, target=document, kind=f"document_{document.kind}", filename=name)
    return file_response(document.docx, content_type=documents.DOCX_TYPE, filename=name, inline=False)


@login_required
def document_pdf(request, pk: int):
    document = _document(request, pk)
    if document.pdf_status != GeneratedDocument.PdfStatus.DONE or not document.pdf:
        raise Http404
    name = f"{document.title}.pdf"
    download_record(request=request, target=document, kind=f"document_{document.kind}_pdf", filename=name)
    return file_response(document.pdf, content_type=PDF_TYPE, filename=name, inline=False)


# --- templates ---------------------------------------------------------------------------------


def _template_unit(request):
    """The unit whose templates the page shows: the one being worked in, if the user's role
    reaches its templates."""
    unit = request.current_unit
    if unit is None or not can_in_unit(request.user, DocumentTemplate, unit, VIEW):
        raise PermissionDenied
    return unit


def _kind(name: str) -> documents.Kind:
    kind = documents.kind_get(name)
    if kind is None:
        raise Http404
    return kind


@login_required
def template_list(request):
    """文档模板: every kind of document, the template it is generated from now."""
    unit = _template_unit(request)
    kinds = documents.kinds()
    current = documents.current_templates(kinds, unit)
    rows = [{"kind": k, "current": current[k.name], "may_upload": k.may_upload(request.user, unit)} for k in kinds]
    return render(request, "reports/template_list.html", {"unit": unit, "rows": rows})


@login_required
def template_detail(request, kind: str):
    """One kind's template: its versions, the fields it may use, the upload of a new version
    (refused with the reason when it does not render). Re-uploading an older version reverts."""
    unit = _template_unit(request)
    k = _kind(kind)
    may_upload = k.may_upload(request.user, unit)
    form = DocumentTemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        if form.is_valid():
            try:
                documents.template_upload(user=request.user, unit=unit, kind=k, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error(
                    "file", exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc
                )
            else:
                messages.success(request, _("The new template is saved; the next documents use it."))
                return redirect("reports:template_detail", kind=k.name)
    versions = list(k.versions(unit).select_related("uploaded_by"))
    context = {
        "unit": unit,
        "kind": k,
        "form": form,
        "versions": versions,
        "current": versions[0] if versions else None,
        "may_upload": may_upload,
    }
    return render(request, "reports/template_detail.html", context)


@login_required
def template_download(request, kind: str):
    """The current template (``?version=N``: that version; ``?default=1``: the built-in one) as
    .docx, to change in Word and upload back."""
    unit = _template_unit(request)
    k = _kind(kind)
    if request.GET.get("default"):
        template = None
    elif request.GET.get("version"):
        try:
            number = int(request.GET["version"])
        except ValueError:
            raise Http404 from None
        template = k.versions(unit).filter(version=number).first()
        if template is None:
            raise Http404
    else:
        template = documents.current_template(k, unit)
    name = documents.template_filename(k, unit, template)
    download_record(request=request, target=template or unit, kind=f"{k.name}_template", filename=name)
    response = HttpResponse(documents.template_content(k, template), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
