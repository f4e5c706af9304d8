"""The audit log page: who saw and took what, filtered and paginated in SQL, and its .xlsx
export (itself recorded). Only the roles that read a log reach it; for anyone else it does not
exist (404), like a record outside their scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from chuangwen.core.views import ScopedListView

from . import exports, selectors
from .filtersets import AuditEventFilterSet
from .models import Action, AuditEvent
from .services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AuditEventListView(ScopedListView):
    model = AuditEvent
    filterset_class = AuditEventFilterSet
    template_name = "audit/event_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_read_log(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return selectors.event_queryset()


def _filter_values(filterset) -> dict:
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.form.is_valid() else {}
    return {k: str(getattr(v, "pk", v)) for k, v in data.items() if v not in (None, "")}


@login_required
def event_export(request):
    """The filtered log as .xlsx; the export is an event of the log too."""
    view = AuditEventListView(request=request, kwargs={})
    if not selectors.may_read_log(request.user):
        raise Http404
    qs = view.get_queryset()
    rows = qs.count()
    if rows > exports.MAX_ROWS:
        messages.error(
            request, _("More than %(n)s events match: narrow the filters to export.") % {"n": exports.MAX_ROWS}
        )
        return redirect("audit:event_list")
    content = exports.events_workbook(qs)
    audit_record(
        action=Action.EXPORT,
        request=request,
        target_repr=_("Audit log"),
        unit=request.current_unit,
        detail={"kind": "audit_log", "rows": rows, "filters": _filter_values(view.filterset)},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, exports.filename())
    return response
