"""花名册 pages: import a unit's staff roster from .xlsx, export the staff list, download the template."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chuangwen.audit.services import export_record
from chuangwen.core.export_jobs import export_is_long, export_queue
from chuangwen.core.export_views import queued_response

from . import exports, roster, selectors
from .filtersets import PersonFilterSet
from .models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_unit(request):
    """The unit the user imports into, or None when they must first choose one.

    Users who may change staff nowhere get 403, whether or not a unit is chosen."""
    unit = request.current_unit
    if unit:
        if not selectors.can_create_in_current_unit(request, Person):
            raise PermissionDenied
        return unit
    if not selectors.units_user_can_change(request.user, Person).exists():
        raise PermissionDenied
    return None


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    unit = _import_unit(request)
    ctx = {"unit": unit, "max_mb": settings.ROSTER_MAX_BYTES // (1024 * 1024), "max_rows": settings.ROSTER_MAX_ROWS}
    if unit and request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            ctx["error"] = _("Choose an .xlsx file to upload.")
        else:
            ctx["filename"] = uploaded.name
            try:
                ctx["result"] = roster.roster_import(unit=unit, uploaded_file=uploaded, user=request.user)
            except roster.RosterImportError as exc:
                ctx["error"] = exc.message
                ctx["errors"] = exc.errors
    return render(request, "org/roster_import.html", ctx)


@login_required
@require_GET
def roster_template(request):
    unit = _import_unit(request)
    if unit is None:
        return redirect("org:roster_import")
    filename = f"职工花名册模板-{unit.short_name or unit.name}.xlsx"
    return _xlsx_response(exports.roster_template(unit=unit), filename)


@login_required
@require_GET
def roster_export(request):
    """The staff list the user sees, with the same filters as the staff page, as an .xlsx roster."""
    unit = request.current_unit
    qs = Person.objects.visible_to(request.user)
    if unit:
        qs = qs.filter(unit=unit)
    qs = PersonFilterSet(request.GET or None, queryset=qs, request=request).qs
    qs = qs.order_by("unit__code", "department__sort_order", "department_id", "employee_no")
    filename = exports.export_filename(unit)
    rows = qs.count()
    filters = {k: v for k, v in request.GET.items() if v and k != "page"}
    if export_is_long(rows):
        job = export_queue(
            user=request.user,
            kind="staff",
            queryset=qs,
            filename=filename,
            unit=unit,
            options={"with_unit": not unit},
            detail={"filters": filters},
        )
        return queued_response(job)
    content = exports.roster_export(qs, with_unit=not unit)
    export_record(request=request, kind="staff", target_repr=filename, rows=rows, filters=filters)
    return _xlsx_response(content, filename)


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
