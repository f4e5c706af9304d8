"""Downloads: a row's 考评表 (.docx from the unit's template, or ``?format=pdf``), the
evaluation's summary (.xlsx, the office), a person's 医德档案 (.xlsx). Each fetched through the
scope first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

from chuangwen.core.scoping import get_visible_or_404
from chuangwen.core.xlsx import XLSX_CONTENT_TYPE
from chuangwen.org.models import Person
from chuangwen.reports import documents

from ..documents import record_workbook, summary_workbook
from ..documents import row_form as form_docx
from ..models import Evaluation, EvaluationRow
from ..selectors import is_office, person_entries, person_rows, person_vetoes, rows_for_page


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def row_form(request, pk, row):
    row = get_visible_or_404(
        EvaluationRow.objects.select_related("evaluation__unit", "evaluation__rule_set", "person", "department"),
        request.user,
        pk=row,
        evaluation_id=pk,
    )
    return documents.download(
        form_docx(row),
        f"ethics-form-{row.evaluation.year}-{row.person.employee_no}",
        pdf=request.GET.get("format") == "pdf",
        unavailable=_("The PDF could not be made; download the Word document instead."),
        request=request,
        target=row,
        kind="ethics_form",
    )


@login_required
def summary(request, pk):
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit", "rule_set"), request.user, pk=pk)
    if not is_office(request.user, evaluation):
        raise PermissionDenied
    rows = rows_for_page(evaluation, request.user)
    return _download(summary_workbook(evaluation, rows), XLSX_CONTENT_TYPE, f"ethics-summary-{evaluation.year}.xlsx")


@login_required
def person_record(request, pk):
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    content = record_workbook(
        person, person_rows(person, request.user), person_entries(person), person_vetoes(person, request.user)
    )
    return _download(content, XLSX_CONTENT_TYPE, f"ethics-record-{person.employee_no}.xlsx")
