"""The complaints lists (working list and archive, with filters and search) and their .xlsx export;
contacts masked unless the user may see them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.export_jobs import export_is_long, export_queue
from chuangwen.core.export_views import queued_response
from chuangwen.core.views import ScopedListView
from chuangwen.org.selectors import can_create_in_current_unit

from .. import exports, selectors
from ..audit import contact_seen
from ..filtersets import ComplaintFilterSet
from ..models import Complaint


class ComplaintListView(ScopedListView):
    model = Complaint
    filterset_class = ComplaintFilterSet
    template_name = "feedback/complaint_list.html"
    archived = False

    def base_queryset(self):
        return selectors.complaint_queryset().filter(archived_at__isnull=not self.archived)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = selectors.with_contacts(self.request.user, ctx["object_list"])
        for c in ctx["rows"]:
            if c.contact_visible:
                contact_seen(request=self.request, complaint=c, via="page")
        ctx["archived"] = self.archived
        ctx["can_create"] = can_create_in_current_unit(self.request, Complaint)
        ctx["today"] = timezone.localdate()
        return ctx


@login_required
def complaint_export(request):
    """The filtered list (live or archived) as .xlsx; contacts masked unless the user may see them."""
    archived = request.GET.get("archived") == "1"
    view = ComplaintListView(request=request, kwargs={}, archived=archived)
    qs = view.get_queryset()
    rows = qs.count()
    if rows > exports.MAX_ROWS:
        messages.error(
            request, _("More than %(n)s complaints match: narrow the filters to export.") % {"n": exports.MAX_ROWS}
        )
        return redirect("feedback:complaint_list")
    detail = {
        "clear_contacts": qs.filter(selectors.contact_rows_q(request.user)).count(),
        "filters": {k: v for k, v in request.GET.items() if v and k != "page"},
    }
    if export_is_long(rows):
        job = export_queue(
            user=request.user,
            kind="complaints",
            queryset=qs,
            filename=exports.filename(),
            unit=request.current_unit,
            detail=detail,
        )
        return queued_response(job)
    content = exports.complaints_workbook(qs, request.user)
    audit_record(
        action=Action.EXPORT,
        request=request,
        target_repr=exports.filename(),
        unit=request.current_unit,
        detail={"kind": "complaints", "rows": rows, **detail},
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, exports.filename())
    return response
