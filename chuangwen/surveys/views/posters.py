"""QR posters (扫码评价) of a survey: one department's poster as PDF or PNG, and the sheet of
every department's link to print in one go."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from chuangwen.audit.services import download_record
from chuangwen.core import publicforms
from chuangwen.org.models import Department

from .. import posters, selectors
from ..models import SurveyTemplate
from .common import changeable


def _poster_target(request, pk, department_pk=None):
    template = changeable(request, SurveyTemplate.objects.select_related("unit"), pk)
    if department_pk is None:
        return template, None
    department = Department.objects.filter(unit=template.unit, is_active=True, pk=department_pk).first()
    if department is None:
        raise Http404
    return template, department


def public_url(request, template, department) -> str:
    token = publicforms.SURVEY.link(unit_id=template.unit_id, department_id=department.pk, template_id=template.pk)
    return request.build_absolute_uri(reverse("surveys_public:form", args=[token]))


def _poster_kwargs(request, template, department):
    return {
        "url": public_url(request, template, department),
        "unit_name": template.unit.name,
        "department_name": department.name,
        "survey_name": template.name,
    }


@login_required
def poster(request, pk, department_pk, fmt):
    template, department = _poster_target(request, pk, department_pk)
    kwargs = _poster_kwargs(request, template, department)
    filename = f"{template.unit.name}-{department.name}-扫码评价"
    download_record(request=request, target=template, kind="survey_poster", filename=f"{filename}.{fmt}")
    if fmt == "pdf":
        response = HttpResponse(posters.poster_pdf(**kwargs), content_type="application/pdf")
    else:
        response = HttpResponse(posters.poster_png(**kwargs), content_type="image/png")
    # Images may show in the browser; every other kind of file is an attachment (never rendered
    # from our own origin), as for uploads (core.files.file_response).
    response["Content-Disposition"] = content_disposition_header(fmt == "pdf", f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def poster_sheet(request, pk):
    """Every department's poster of one survey, to print in one go."""
    template, _d = _poster_target(request, pk)
    departments = selectors.poster_departments(user=request.user, unit=template.unit)
    rows = [(d, public_url(request, template, d)) for d in departments]
    return render(request, "surveys/poster_sheet.html", {"template": template, "rows": rows})
