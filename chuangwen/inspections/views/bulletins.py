"""Pages of 通报: the list of a unit's bulletins (rows still being generated poll their status
every 2 s through htmx), the request form, and the download. Every read goes through the scope
(``Bulletin.objects.visible_to``): another unit's bulletin is 404, and staff see none."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record, download_record
from chuangwen.core.files import file_response
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.core.views import ScopedListView

from ..bulletin_templates import FIELDS, bulletin_template_upload, current_template, template_content
from ..bulletins import bulletin_request, can_request, issuing_unit, may_request_somewhere
from ..models import Bulletin, BulletinTemplate

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


class BulletinForm(forms.Form):
    period_start = forms.DateField(
        label=gettext_lazy("Period from"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period to"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class BulletinListView(ScopedListView):
    """通报: bulletins of the current unit (or of every unit in a supervisor's region)."""

    model = Bulletin
    template_name = "inspections/bulletin_list.html"
    paginate_by = 30

    def base_queryset(self):
        return Bulletin.objects.select_related("unit", "created_by").order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["unit"] = self.request.current_unit
        ctx["may_request"] = can_request(self.request.user, self.request.current_unit)
        return ctx


@login_required
def bulletin_create(request):
    """The request form: a period (the last full month by default); the document is generated
    in the background and the list shows its progress."""
    unit = request.current_unit
    if not (can_request(request.user, unit) if unit is not None else may_request_somewhere(request.user)):
        raise PermissionDenied
    start, end = previous_month(timezone.localdate())
    form = BulletinForm(request.POST or None, initial={"period_start": start, "period_end": end})
    if unit is not None and request.method == "POST" and form.is_valid():
        try:
            bulletin_request(
                user=request.user,
                unit=unit,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The bulletin is being generated; it appears below when ready."))
            return redirect("inspections:bulletin_list")
    return render(request, "inspections/bulletin_form.html", {"form": form, "unit": unit})


def _bulletin(request, pk: int) -> Bulletin:
    return get_visible_or_404(Bulletin.objects.select_related("unit", "created_by"), request.user, pk=pk)


@login_required
def bulletin_status(request, pk: int):
    """htmx: one row of the list, polling itself again while the job runs."""
    return render(request, "inspections/bulletin_row.html", {"b": _bulletin(request, pk), "unit": request.current_unit})


@login_required
def bulletin_download(request, pk: int):
    """The .docx, once generated; before that (or after a failure) there is nothing to serve."""
    bulletin = _bulletin(request, pk)
    if bulletin.status != Bulletin.Status.DONE or not bulletin.file:
        raise Http404
    download_record(request=request, target=bulletin, kind="bulletin", filename=f"{bulletin.title}.docx")
    return file_response(bulletin.file, content_type=DOCX_TYPE, filename=f"{bulletin.title}.docx", inline=False)


@login_required
def bulletin_pdf(request, pk: int):
    """The PDF, once converted; before that (or after a failure) there is nothing to serve."""
    bulletin = _bulletin(request, pk)
    if bulletin.pdf_status != Bulletin.Status.DONE or not bulletin.pdf:
        raise Http404
    name = f"{bulletin.title}.pdf"
    download_record(request=request, target=bulletin, kind="bulletin_pdf", filename=name)
    return file_response(bulletin.pdf, content_type=PDF_TYPE, filename=name, inline=False)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Template (.docx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )


def _template_unit(request):
    """The office whose template the user edits: the one that issues their bulletins."""
    unit = issuing_unit(request.user, request.current_unit)
    if unit is None or not can_request(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
def bulletin_template(request):
    """通报模板: the current template (or the default), its versions, the fields it may use, and
    the upload of a new version (refused with the reason when it does not render)."""
    unit = _template_unit(request)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            bulletin_template_upload(user=request.user, unit=unit, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc)
        else:
            messages.success(request, _("The new template is saved; the next bulletins use it."))
            return redirect("inspections:bulletin_template")
    versions = BulletinTemplate.objects.filter(unit=unit).select_related("uploaded_by").order_by("-version")
    context = {"unit": unit, "form": form, "versions": versions, "current": versions.first(), "fields": FIELDS}
    return render(request, "inspections/bulletin_template.html", context)


@login_required
def bulletin_template_download(request):
    """The current template as .docx, to change in Word and upload back."""
    unit = _template_unit(request)
    template = current_template(unit)
    name = f"{unit.name}通报模板" + (f"（第{template.version}版）" if template else "（默认）") + ".docx"
    audit_record(
        action=Action.DOWNLOAD,
        request=request,
        target=template or unit,
        unit=unit,
        detail={"kind": "bulletin_template", "via": "page", "file": name},
    )
    response = HttpResponse(template_content(template), content_type=DOCX_TYPE)
    response["Content-Disposition"] = _attachment(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


def _attachment(name: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=name)
