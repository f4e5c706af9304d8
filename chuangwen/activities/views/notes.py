"""Study notes: a person's notes and progress against the year's target, the notes form of a
study session, the department head's view of who is behind, and the office's targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Person

from .. import selectors, services
from ..forms import NoteForm, TargetForm
from ..models import StudyNote, StudyTarget
from .common import activity_or_404, errors_to_form


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def my_notes(request):
    person = Person.objects.filter(user=request.user).select_related("department").first()
    if person is None:
        raise PermissionDenied
    year = _year(request)
    notes = list(
        StudyNote.objects.filter(person=person, year=year)
        .select_related("activity__kind")
        .order_by("-activity__starts_at")
    )
    [progress] = selectors.notes_progress(Person.objects.filter(pk=person.pk), unit_id=person.unit_id, year=year)
    sessions = (
        selectors.visible_activities(request.user)
        .filter(kind__is_study=True, starts_at__year=year, archived_at__isnull=True, roster=person)
        .exclude(notes__person=person)
        .select_related("kind")
        .order_by("-starts_at")[:20]
    )
    return render(
        request,
        "activities/my_notes.html",
        {"person": person, "notes": notes, "progress": progress, "year": year, "missing": list(sessions)},
    )


@login_required
def note_edit(request, pk):
    activity = activity_or_404(request, pk)
    person = Person.objects.filter(user=request.user).first()
    note = StudyNote.objects.filter(activity=activity, person=person).first() if person else None
    form = NoteForm(request.POST or None, request.FILES or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_save(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Notes saved."))
            return redirect("activities:my_notes")
    return render(request, "activities/note_form.html", {"form": form, "activity": activity, "note": note})


@login_required
def notes_progress(request):
    """Who is behind: each visible person's words this year against the target (fixed queries)."""
    unit = request.current_unit
    if unit is None:
        raise PermissionDenied
    people = Person.objects.visible_to(request.user, VIEW).filter(unit=unit, is_active=True)
    year = _year(request)
    rows = sorted(
        selectors.notes_progress(people.order_by("department__sort_order", "employee_no"), unit_id=unit.pk, year=year),
        key=lambda r: (not r.behind, r.percent),
    )
    may_set = can_in_unit(request.user, StudyTarget, unit, CHANGE)
    form = TargetForm(request.POST or None, user=request.user, unit=unit, initial={"year": year}) if may_set else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.target_set(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    return render(
        request,
        "activities/notes_progress.html",
        {
            "rows": rows,
            "year": year,
            "form": form,
            "behind": sum(r.behind for r in rows),
            "targets": StudyTarget.objects.filter(unit=unit, year=year).select_related("kind"),
        },
    )
