"""A complaint through the user's scope, staff intake, and the detail page with its timeline and
the forms of the actions the user may take.

Every page goes through the scope: a complaint outside it is 404; one the user may see but not
act on is 403 for the action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import VIEW
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.org.selectors import can_create_in_current_unit

from .. import selectors, services
from ..audit import contact_seen
from ..forms import (
    AssignForm,
    CloseForm,
    IntakeForm,
    RecordForm,
    ReopenForm,
    ReplyForm,
    SatisfactionForm,
    add_service_errors,
)
from ..models import Complaint


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
        ctx["close_form"] = CloseForm(complaint=complaint)
    if handle and complaint.status in (Complaint.Status.REPLIED, Complaint.Status.CLOSED):
        ctx["satisfaction_form"] = SatisfactionForm(initial={"satisfaction": complaint.satisfaction})
    if manage and complaint.status in (Complaint.Status.REPLIED, Complaint.Status.CLOSED):
        ctx["reopen_form"] = ReopenForm()
    return render(request, "feedback/complaint_detail.html", ctx)
