"""The activity list, an activity's page, creating and changing one, its photos, the paper
sign-in sheet and leave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.views import ScopedListView

from .. import selectors, services
from ..filtersets import ActivityFilterSet
from ..forms import ActivityForm, LeaveForm, PhotosForm, SheetForm
from ..models import Activity, ActivityPhoto
from .common import activity_or_404, errors_to_form


class ActivityListView(ScopedListView):
    template_name = "activities/activity_list.html"
    filterset_class = ActivityFilterSet
    paginate_by = 30

    def base_queryset(self):
        # The scope is applied once, by ScopedMixin.
        live = Activity.objects.filter(archived_at__isnull=True)
        return selectors.with_counts(live).order_by("-starts_at", "-id")

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "department", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for a in ctx["object_list"]:
            a.participation = selectors.participation(a)
        unit = self.request.current_unit
        ctx["can_create"] = unit is not None and _may_create(self.request.user, unit)
        return ctx


def _may_create(user, unit) -> bool:
    if can_in_unit(user, Activity, unit, CHANGE):
        return True
    return any(m.role == "dept_head" and m.unit_id == unit.pk for m in user.scope_memberships())


def _unit_or_403(request):
    unit = request.current_unit
    if unit is None or not _may_create(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
def activity_create(request):
    unit = _unit_or_403(request)
    form = ActivityForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.activity_create(user=request.user, unit=unit, **_kwargs(d))
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied:
            form.add_error("department", _("You may organise activities of your own department only."))
        else:
            messages.success(request, _("Activity saved."))
            return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form})


def _kwargs(d: dict) -> dict:
    out = dict(d)
    out["items"] = list(d.get("items") or [])
    out["roster_departments"] = list(d.get("roster_departments") or [])
    out["people"] = list(d.pop("people", None) or [])
    return out


@login_required
def activity_update(request, pk):
    activity = activity_or_404(request, pk, CHANGE)
    form = ActivityForm(request.POST or None, user=request.user, unit=activity.unit, instance=activity)
    if request.method == "POST" and form.is_valid():
        kw = _kwargs(form.cleaned_data)
        links = {k: kw.pop(k) for k in ("items", "roster_departments", "people")}
        try:
            services.activity_update(activity=activity, user=request.user, **links, **kw)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@login_required
def activity_detail(request, pk):
    activity = activity_or_404(request, pk)
    activity = (
        selectors.with_counts(Activity.objects.filter(pk=activity.pk))
        .select_related("kind", "unit", "department", "organiser", "campaign")
        .prefetch_related(
            "items",
            Prefetch("photos", queryset=ActivityPhoto.objects.filter(archived_at__isnull=True), to_attr="live_photos"),
        )
        .get()
    )
    may_change = not activity.is_archived and can(request.user, activity, CHANGE)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "participation": selectors.participation(activity),
            "rows": selectors.attendance_rows(request.user, activity),
            "may_change": may_change,
            "leave_form": LeaveForm(user=request.user, activity=activity) if may_change else None,
            "photos_form": PhotosForm() if may_change else None,
            "my_note_allowed": activity.kind.is_study and _invited_or_came(request.user, activity),
        },
    )


def _invited_or_came(user, activity) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return False
    return activity.roster.filter(pk=person.pk).exists() or activity.attendance.filter(person=person).exists()


@login_required
def activity_sheet(request, pk):
    """A paper sign-in sheet typed in afterwards: checked whole, nothing written on an error."""
    activity = activity_or_404(request, pk, CHANGE)
    form = SheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.paper_rows(text=form.cleaned_data["text"], upload=form.cleaned_data.get("sheet"))
            result = services.attendance_paper(activity=activity, user=request.user, rows=rows)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            text = _("%(n)s sign-ins recorded.") % {"n": result.added}
            if result.skipped:
                text += " " + _("Already recorded, skipped: %(names)s") % {"names": "、".join(result.skipped)}
            messages.success(request, text)
            return redirect(activity)
    return render(request, "activities/activity_sheet.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_leave(request, pk):
    activity = activity_or_404(request, pk, CHANGE)
    form = LeaveForm(request.POST, user=request.user, activity=activity)
    if form.is_valid():
        try:
            services.attendance_leave(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Leave recorded."))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(activity)


@login_required
@require_POST
def activity_photos(request, pk):
    activity = activity_or_404(request, pk, CHANGE)
    form = PhotosForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photos = services.activity_add_photos(
                activity=activity, user=request.user, uploads=form.cleaned_data["photos"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("%(n)s photos added.") % {"n": len(photos)})
    return redirect(activity)


@login_required
@require_POST
def activity_archive(request, pk):
    activity = activity_or_404(request, pk, CHANGE)
    services.activity_archive(activity=activity, user=request.user)
    messages.success(request, _("Activity archived; it no longer counts for its items."))
    return redirect("activities:activity_list")


def _photo(request, pk):
    photo = ActivityPhoto.objects.visible_to(request.user).filter(pk=pk).first()
    if photo is None:
        raise Http404
    return photo


@login_required
def photo(request, pk):
    """The only way to a stored activity photo: through the user's scope (404 outside it)."""
    p = _photo(request, pk)
    download_record(request=request, target=p, kind="activity_photo", filename=p.original_name)
    return file_response(p.file, content_type=p.content_type, filename=p.original_name, inline=True)


@login_required
def photo_thumbnail(request, pk):
    p = _photo(request, pk)
    if not p.thumbnail:
        raise Http404
    return file_response(p.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
