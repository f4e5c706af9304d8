"""Ledger pages: the list of entries (scoped: a department head sees their department's), the
office's manual entry and correction, and appeals (a head files one from a phone; the office
decides). Every write goes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.files import file_response
from chuangwen.core.lookups import resolve
from chuangwen.core.roles import CHANGE
from chuangwen.core.views import ScopedListView

from ..filtersets import AppealFilterSet, LedgerFilterSet
from ..forms import AppealForm, CorrectionForm, DecisionForm, ManualEntryForm
from ..models import Appeal, AppealFile, EntryFile, LedgerEntry, Source
from ..services import appeals as appeal_services
from ..services import departments as department_services
from .departments import page_unit


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class LedgerListView(ScopedListView):
    model = LedgerEntry
    template_name = "scoring/departments/ledger_list.html"
    filterset_class = LedgerFilterSet
    paginate_by = 50

    def base_queryset(self):
        cancelled = LedgerEntry.objects.filter(reverses=OuterRef("pk"))
        return (
            LedgerEntry.objects.select_related("unit", "department", "person", "appeal")
            .annotate(is_cancelled=Exists(cancelled))
            .order_by("-occurred_on", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.request.current_unit
        ctx["office"] = bool(unit) and department_services.may_manage(self.request.user, unit.pk)
        return ctx


@login_required
def entry_create(request):
    unit = page_unit(request)
    if not department_services.may_manage(request.user, unit.pk):
        raise PermissionDenied
    form = ManualEntryForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            department_services.manual_entry_add(
                user=request.user,
                unit=unit,
                department=d["department"],
                person=d["person"],
                points=d["points"],
                reason=d["reason"],
                occurred_on=d["occurred_on"],
                source=Source.HONOUR if d["honour"] else Source.MANUAL,
                uploads=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Entry added to the ledger."))
            return redirect("scoring_departments:ledger")
    return render(request, "scoring/departments/entry_form.html", {"form": form, "unit": unit})


@login_required
def entry_detail(request, pk: int):
    entry = resolve(LedgerEntry.objects.select_related("department", "person", "reverses"), pk, user=request.user)
    appeal = Appeal.objects.filter(entry=entry).first()
    counter = LedgerEntry.objects.filter(reverses=entry).first()
    can_correct = (
        counter is None
        and entry.reverses_id is None
        and (LedgerEntry.objects.visible_to(request.user, CHANGE).filter(pk=entry.pk).exists())
    )
    appeal_form = None
    if appeal is None and appeal_services.may_appeal(request.user, entry):
        if appeal_services.appeal_refusal(entry, today=timezone.localdate()) is None:
            appeal_form = AppealForm()
    ctx = {
        "entry": entry,
        "files": entry.files.all(),
        "appeal": appeal,
        "counter": counter,
        "correct_form": CorrectionForm() if can_correct else None,
        "appeal_form": appeal_form,
        "deadline": appeal_services.appeal_deadline(entry),
    }
    return render(request, "scoring/departments/entry_detail.html", ctx)


@login_required
@require_POST
def entry_correct(request, pk: int):
    entry = resolve(LedgerEntry.objects.all(), pk, user=request.user)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            department_services.ledger_correct(user=request.user, entry=entry, reason=form.cleaned_data["reason"])
            messages.success(request, _("Entry cancelled by a counter-entry."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Say why the entry is cancelled."))
    return redirect("scoring_departments:entry_detail", pk=entry.pk)


@login_required
@require_POST
def appeal_create(request, pk: int):
    entry = resolve(LedgerEntry.objects.all(), pk, user=request.user)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal = appeal_services.appeal_file(
                entry=entry, user=request.user, text=form.cleaned_data["text"], uploads=request.FILES.getlist("files")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Appeal filed; the office will decide."))
            return redirect("scoring_departments:appeal_detail", pk=appeal.pk)
    else:
        messages.error(request, _("Say why the entry is wrong."))
    return redirect("scoring_departments:entry_detail", pk=entry.pk)


class AppealListView(ScopedListView):
    model = Appeal
    template_name = "scoring/departments/appeal_list.html"
    filterset_class = AppealFilterSet
    paginate_by = 50

    def base_queryset(self):
        return Appeal.objects.select_related("department", "entry").order_by("status", "-created_at", "-id")


@login_required
def appeal_detail(request, pk: int):
    appeal = resolve(Appeal.objects.select_related("entry", "department", "filed_by"), pk, user=request.user)
    can_decide = appeal.status == Appeal.Status.FILED and (
        Appeal.objects.visible_to(request.user, CHANGE).filter(pk=appeal.pk).exists()
    )
    form = DecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                appeal_services.appeal_decide(
                    appeal=appeal,
                    user=request.user,
                    reverse=form.cleaned_data["reverse"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("scoring_departments:appeal_detail", pk=appeal.pk)
    ctx = {
        "appeal": appeal,
        "events": appeal.events.select_related("by"),
        "files": appeal.files.all(),
        "form": form,
    }
    return render(request, "scoring/departments/appeal_detail.html", ctx)


@login_required
def appeal_file_download(request, pk: int):
    f = resolve(AppealFile.objects.all(), pk, user=request.user)
    return file_response(f.file, content_type=f.content_type, filename=f.original_name, inline=True)


@login_required
def entry_file_download(request, pk: int):
    f = resolve(EntryFile.objects.all(), pk, user=request.user)
    return file_response(f.file, content_type=f.content_type, filename=f.original_name, inline=True)
