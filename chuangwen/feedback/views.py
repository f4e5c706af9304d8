"""Staff pages of complaints: list with filters and search, intake, detail with its timeline and
the handling actions, the archive, the .xlsx export and the public links (QR codes).

Every page goes through the scope: a complaint outside it is 404; one the user may see but not
act on is 403 for the action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.export_jobs import export_is_long, export_queue
from chuangwen.core.export_views import queued_response
from chuangwen.core.publicforms import COMPLAINT
from chuangwen.core.roles import VIEW
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.core.views import ScopedListView
from chuangwen.org.models import Department
from chuangwen.org.selectors import can_create_in_current_unit

from . import exports, selectors, services
from .audit import contact_seen
from .filtersets import ComplaintFilterSet
from .forms import (
    AssignForm,
    CloseForm,
    IntakeForm,
    RecordForm,
    ReopenForm,
    ReplyForm,
    SatisfactionForm,
    add_service_errors,
)
from .models import Complaint


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


def complaint_for(request, pk: int) -> Complaint:
    """A complaint (live or archived) through the user's scope, else 404."""
    return get_visible_or_404(selectors.complaint_queryset(), request.user, VIEW, pk=pk)


@login_required
def complaint_create(request):
    """Staff intake of a call, letter, visit or 12345 ticket, in the unit being worked in."""
    if not can_create_in_current_unit(request, Complaint):
        raise PermissionDenied
    unit = request.current_unit
    form = IntakeForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_on = data["received_on"]
        now = timezone.localtime()
        received_at = (
            now
            if received_on == now.date()
            else now.replace(
                year=received_on.year, month=received_on.month, day=received_on.day, hour=9, minute=0, second=0
            )
        )
        try:
            complaint = services.complaint_create(
                unit=unit,
                channel=data["channel"],
                kind=data["kind"],
                category=data["category"],
                department=data["department"],
                occurred_on=data["occurred_on"],
                content=data["content"],
                complainant_name=data["complainant_name"],
                complainant_phone=data["complainant_phone"],
                contact_consent=data["contact_consent"],
                received_at=received_at,
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recorded as %(ref)s; reply due by %(deadline)s.")
                % {"ref": complaint.reference, "deadline": complaint.deadline.isoformat()},
            )
            if "another" in request.POST:
                return redirect("feedback:complaint_create")
            return redirect("feedback:complaint_detail", complaint.pk)
    return render(request, "feedback/complaint_form.html", {"form": form})


@login_required
def complaint_detail(request, pk: int):
    complaint = complaint_for(request, pk)
    user = request.user
    manage = selectors.may_manage(user, complaint) and not complaint.is_archived
    handle = selectors.may_handle(user, complaint) and not complaint.is_archived
    contact_visible = selectors.may_see_contact(user, complaint)
    name, phone = selectors.contact_for(user, complaint, contact_visible)
    if contact_visible:
        contact_seen(request=request, complaint=complaint, via="page")
    ctx = {
        "complaint": complaint,
        "contact_name": name,
        "contact_phone": phone,
        "contact_visible": contact_visible,
        "timeline": selectors.timeline(complaint),
        "can_manage": manage,
        "can_handle": handle,
    }
    if manage and complaint.is_open:
        ctx["assign_form"] = AssignForm(complaint=complaint)
    if handle and complaint.status in (*Complaint.OPEN_STATUSES, Complaint.Status.REPLIED):
        ctx["record_form"] = RecordForm()
    if handle and complaint.status in (Complaint.Status.ASSIGNED, Complaint.Status.REOPENED):
        ctx["reply_form"] = ReplyForm()
    if handle and complaint.status == Complaint.Status.REPLIED:
        ctx["close_form"] = CloseForm()
    if handle and complaint.status in (Complaint.Status.REPLIED, Complaint.Status.CLOSED):
        ctx["satisfaction_form"] = SatisfactionForm(initial={"satisfaction": complaint.satisfaction})
    if manage and complaint.status in (Complaint.Status.REPLIED, Complaint.Status.CLOSED):
        ctx["reopen_form"] = ReopenForm()
    return render(request, "feedback/complaint_detail.html", ctx)


def _action(request, pk: int, *, manage: bool, form_class, run, done: str, form_kwargs=None):
    """Run one handling action posted from the detail page: 404 outside the scope, 403 when the
    user may only look, a message with the reason when the form or the service refuses."""
    complaint = complaint_for(request, pk)
    allowed = selectors.may_manage if manage else selectors.may_handle
    if not allowed(request.user, complaint):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(complaint) if form_kwargs else {}))
    if form.is_valid():
        try:
            run(complaint, form.cleaned_data, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("feedback:complaint_detail", complaint.pk)
    errors = [str(e) for errs in form.errors.values() for e in errs]
    messages.error(request, "；".join(errors))
    return redirect("feedback:complaint_detail", complaint.pk)


@login_required
@require_POST
def complaint_assign(request, pk: int):
    return _action(
        request,
        pk,
        manage=True,
        form_class=AssignForm,
        form_kwargs=lambda c: {"complaint": c},
        run=lambda c, d, u: services.complaint_assign(
            complaint=c, handler=d["handler"], handling_department=d["handling_department"], note=d["note"], user=u
        ),
        done=_("Complaint assigned."),
    )


@login_required
@require_POST
def complaint_record(request, pk: int):
    return _action(
        request,
        pk,
        manage=False,
        form_class=RecordForm,
        run=lambda c, d, u: services.complaint_record_add(complaint=c, text=d["text"], user=u),
        done=_("Handling record added."),
    )


@login_required
@require_POST
def complaint_reply(request, pk: int):
    return _action(
        request,
        pk,
        manage=False,
        form_class=ReplyForm,
        run=lambda c, d, u: services.complaint_reply(complaint=c, text=d["reply_text"], channel=d["channel"], user=u),
        done=_("Reply recorded."),
    )


@login_required
@require_POST
def complaint_close(request, pk: int):
    return _action(
        request,
        pk,
        manage=False,
        form_class=CloseForm,
        run=lambda c, d, u: services.complaint_close(
            complaint=c, satisfaction=d["satisfaction"], note=d["note"], user=u
        ),
        done=_("Complaint closed."),
    )


@login_required
@require_POST
def complaint_satisfaction(request, pk: int):
    return _action(
        request,
        pk,
        manage=False,
        form_class=SatisfactionForm,
        run=lambda c, d, u: services.complaint_satisfaction_set(complaint=c, satisfaction=d["satisfaction"], user=u),
        done=_("Satisfaction recorded."),
    )


@login_required
@require_POST
def complaint_reopen(request, pk: int):
    return _action(
        request,
        pk,
        manage=True,
        form_class=ReopenForm,
        run=lambda c, d, u: services.complaint_reopen(complaint=c, reason=d["reason"], user=u),
        done=_("Complaint reopened with a new deadline."),
    )


@login_required
@require_POST
def complaint_archive(request, pk: int):
    complaint = complaint_for(request, pk)
    if not selectors.may_manage(request.user, complaint):
        raise PermissionDenied
    services.complaint_archive(complaint=complaint, user=request.user)
    messages.success(request, _("Complaint archived: it left the working list; the archive keeps it and its history."))
    return redirect("feedback:complaint_list")


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


@login_required
def public_links(request):
    """The office's page of public links: one for the unit, one per department, with QR codes."""
    if not can_create_in_current_unit(request, Complaint):
        raise PermissionDenied
    import segno

    unit = request.current_unit

    def link(department=None):
        token = COMPLAINT.link(unit_id=unit.pk, department_id=department.pk if department else None)
        url = request.build_absolute_uri(reverse("feedback_public:form", args=[token]))
        return {"department": department, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=3)}

    departments = Department.objects.filter(unit=unit, is_active=True).exclude(kind=Department.Kind.LOGISTICS)
    rows = [link()] + [link(d) for d in departments.order_by("sort_order", "id")]
    return render(request, "feedback/public_links.html", {"rows": rows, "unit": unit})
