"""The platform import pages (the office only): upload, map the columns (the unit's remembered
mapping offered), see every bad row or what would be imported, then import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangwen.core.lookups import resolve

from .. import imports
from ..forms import ImportForm, MappingForm
from ..models import ImportBatch
from .common import is_office, page_unit


@login_required
def import_start(request):
    unit = page_unit(request)
    if not is_office(request.user, unit):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.import_upload(unit=unit, user=request.user, upload=form.cleaned_data["file"])
        except imports.ImportRefused as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("volunteer:import_detail", pk=batch.pk)
    recent = ImportBatch.objects.visible_to(request.user).filter(unit=unit).select_related("uploaded_by")[:20]
    return render(request, "volunteer/import.html", {"unit": unit, "form": form, "recent": recent})


@login_required
def import_detail(request, pk: int):
    batch = resolve(ImportBatch.objects.select_related("unit"), pk, user=request.user)
    headers = imports.batch_headers(batch) if batch.status != ImportBatch.Status.COMMITTED else []
    initial = batch.mapping or imports.suggest_mapping(headers, imports.remembered_mapping(batch.unit))
    form = MappingForm(None, headers=headers, initial={f"map_{k}": v for k, v in initial.items()})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "commit":
                batch = imports.import_commit(batch=batch, user=request.user)
                if batch.status == ImportBatch.Status.COMMITTED:
                    messages.success(request, _("%(n)s records imported.") % {"n": batch.new_rows})
                return redirect("volunteer:import_detail", pk=batch.pk)
            form = MappingForm(request.POST, headers=headers)
            if form.is_valid():
                imports.import_check(batch=batch, user=request.user, mapping=form.mapping())
                return redirect("volunteer:import_detail", pk=batch.pk)
        except imports.ImportRefused as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    remembered = bool(imports.remembered_mapping(batch.unit))
    ctx = {"batch": batch, "form": form, "headers": headers, "remembered": remembered, "Status": ImportBatch.Status}
    return render(request, "volunteer/import_detail.html", ctx)
