"""The handling actions posted from the detail page: assign, record, reply, close, satisfaction,
reopen and archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    AssignForm,
    CloseForm,
    RecordForm,
    ReopenForm,
    ReplyForm,
    SatisfactionForm,
    add_service_errors,
)
from .complaints import complaint_for


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
        form_kwargs=lambda c: {"complaint": c},
        run=lambda c, d, u: services.complaint_close(
            complaint=c,
            satisfaction=d["satisfaction"],
            note=d["note"],
            outcome=d.get("outcome", ""),
            person=d.get("person"),
            user=u,
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
