"""A person's ethics page (医德档案): marks with their source, vetoes, the daily record from the
ledger, the evaluations of every year; the office records a veto or an entry from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit, get_visible_or_404
from chuangwen.core.workdays import local_today
from chuangwen.org.models import Person

from .. import services
from ..eligibility import marks_for
from ..forms import RecordEntryForm, VetoForm, WithdrawForm
from ..models import VetoRecord
from ..selectors import person_entries, person_rows, person_vetoes
from ..services.files import close, prepare_files
from .common import flash_errors, form_errors


@login_required
def me(request):
    """The signed-in person's own ethics page."""
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        return redirect("ethics:index")
    return redirect("ethics:person", person.pk)


def _page(request, person, veto_form=None, entry_form=None):
    year = local_today().year
    office = can_in_unit(request.user, VetoRecord, person.unit, CHANGE)
    marks = marks_for([person.pk], year).get(person.pk, []) + marks_for([person.pk], year - 1).get(person.pk, [])
    ctx = {
        "person": person,
        "year": year,
        "marks": marks,
        "vetoes": list(person_vetoes(person, request.user)),
        "entries": list(person_entries(person)[:200]),
        "rows": list(person_rows(person, request.user)),
        "office": office,
        "veto_form": veto_form or (VetoForm(unit=person.unit) if office else None),
        "entry_form": entry_form or (RecordEntryForm() if office else None),
        "withdraw_form": WithdrawForm() if office else None,
    }
    return render(request, "ethics/person.html", ctx)


@login_required
def person(request, pk):
    return _page(request, get_visible_or_404(Person.objects.select_related("unit", "department"), request.user, pk=pk))


def _office_person(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit", "department"), request.user, pk=pk)
    if not can_in_unit(request.user, VetoRecord, person.unit, CHANGE):
        raise PermissionDenied
    return person


@require_POST
@login_required
def person_veto(request, pk):
    person = _office_person(request, pk)
    form = VetoForm(request.POST, unit=person.unit)
    if form.is_valid():
        prepared = []
        try:
            prepared = prepare_files(request.FILES.getlist("files"))
            services.veto_record(person=person, by=request.user, files=prepared, **form.cleaned_data)
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("The veto is recorded."))
            return redirect("ethics:person", person.pk)
        finally:
            close(prepared)
    return _page(request, person, veto_form=form)


@require_POST
@login_required
def person_entry(request, pk):
    person = _office_person(request, pk)
    form = RecordEntryForm(request.POST)
    if form.is_valid():
        prepared = []
        try:
            prepared = prepare_files(request.FILES.getlist("files"))
            services.record_entry_add(person=person, by=request.user, files=prepared, **form.cleaned_data)
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("The entry is added to the ethics record."))
            return redirect("ethics:person", person.pk)
        finally:
            close(prepared)
    return _page(request, person, entry_form=form)


@require_POST
@login_required
def veto_withdraw(request, pk):
    record = get_visible_or_404(VetoRecord.objects.all(), request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason of the withdrawal."))
    else:
        try:
            services.veto_withdraw(record=record, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            flash_errors(request, e)
        else:
            messages.success(request, _("The veto record is withdrawn."))
    return redirect("ethics:person", record.person_id)


def get_person_or_404(user, pk):
    return get_object_or_404(Person.objects.visible_to(user), pk=pk)
