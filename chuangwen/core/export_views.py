"""Pages of 后台导出: a long export's progress (polled every 2 s through htmx) and its download.
Only the requester finds their job (``lookups.scoped``): anyone else gets 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from chuangwen.audit.services import export_record

from .export_jobs import ExportJob
from .files import file_response
from .lookups import scoped
from .xlsx import XLSX_CONTENT_TYPE


def _job(request, pk: int) -> ExportJob:
    job = scoped(ExportJob, request.user).select_related("unit").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def queued_response(job: ExportJob):
    """Where a view sends the user after queueing an export: the job's page."""
    return redirect(reverse("exports:export_status", args=[job.pk]))


@login_required
@require_GET
def export_status(request, pk: int):
    """The job's page; with htmx, only its panel (polling itself again while the job runs)."""
    job = _job(request, pk)
    template = "core/export_panel.html" if request.headers.get("HX-Request") else "core/export_job.html"
    return render(request, template, {"job": job, "keep_days": settings.EXPORT_KEEP_DAYS})


@login_required
@require_GET
def export_download(request, pk: int):
    """The finished file; taking it is the export, recorded in the audit log."""
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    export_record(
        request=request,
        kind=job.kind,
        target_repr=job.filename,
        unit=job.unit,
        rows=job.rows,
        via="background",
        **job.detail,
    )
    return file_response(job.file, content_type=XLSX_CONTENT_TYPE, filename=job.filename, inline=False)
