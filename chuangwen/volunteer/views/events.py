"""Events and hours pages: the event list (the office adds events), an event with its people's
hours and photos, the list of hour records, and correcting or withdrawing one (never deleting)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.files import file_response
from chuangwen.core.lookups import resolve
from chuangwen.core.roles import CHANGE

from .. import services
from ..forms import EVENT_KINDS, CorrectForm, EventForm, HoursForm, ReasonForm, add_service_errors
from ..models import Event, EventPhoto, ServiceHours
from .common import is_office, page_unit, paged

PER_PAGE = 50


@login_required
def event_list(request):
    unit = page_unit(request)
    office = is_office(request.user, unit)
    form = EventForm(request.POST or None, unit=unit, user=request.user) if office else None
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = services.event_create(unit=unit, user=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Event “%(title)s” added.") % {"title": event.title})
                return redirect("volunteer:event_detail", pk=event.pk)
    live = Q(hours__withdrawn_at__isnull=True)
    events = (
        Event.objects.visible_to(request.user)
        .filter(unit=unit)
        .select_related("department")
        .annotate(people=Count("hours", filter=live), total=Sum("hours__hours", filter=live))
        .order_by("-held_on", "-id")
    )
    ctx = {"unit": unit, **paged(request, events, PER_PAGE), "form": form, "office": office, "kinds": EVENT_KINDS}
    return render(request, "volunteer/events.html", ctx)


@login_required
def event_detail(request, pk: int):
    event = resolve(Event.objects.select_related("unit", "department"), pk, user=request.user)
    office = is_office(request.user, event.unit)
    form = HoursForm(None, unit=event.unit, user=request.user, served_on=event.held_on) if office else None
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.event_withdraw(event=event, user=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The event was withdrawn."))
                return redirect("volunteer:event_detail", pk=event.pk)
            if action == "photos":
                added = services.event_photos_add(
                    event=event, user=request.user, uploads=request.FILES.getlist("photos")
                )
                messages.success(request, _("%(n)s photos added.") % {"n": len(added)})
                return redirect("volunteer:event_detail", pk=event.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("volunteer:event_detail", pk=event.pk)
        form = HoursForm(request.POST, unit=event.unit, user=request.user, served_on=event.held_on)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.hours_add(person=data["person"], user=request.user, hours=data["hours"],
                                   served_on=data["served_on"], event=event, note=data["note"])  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Hours of %(name)s recorded.") % {"name": data["person"].name})
                return redirect("volunteer:event_detail", pk=event.pk)
    hours = (
        ServiceHours.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("person", "department")
        .order_by("withdrawn_at", "department__sort_order", "person__employee_no")
    )
    ctx = {
        "event": event,
        "hours": hours,
        "photos": event.photos.all(),
        "items": event.items.all(),
        "form": form,
        "office": office,
        "withdraw_form": ReasonForm(),
    }
    return render(request, "volunteer/event_detail.html", ctx)


@login_required
def photo_file(request, pk: int):
    photo = resolve(EventPhoto.objects.all(), pk, user=request.user)
    if request.GET.get("thumbnail") and photo.thumbnail:
        return file_response(photo.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
    return file_response(photo.file, content_type=photo.content_type, filename=photo.original_name, inline=True)


@login_required
def hours_list(request):
    unit = page_unit(request)
    qs = ServiceHours.objects.visible_to(request.user).filter(unit=unit).select_related("person", "department", "event")
    source = request.GET.get("source")
    if source in ServiceHours.Source.values:
        qs = qs.filter(source=source)
    if q := (request.GET.get("q") or "").strip()[:30]:
        qs = qs.filter(Q(person__name__contains=q) | Q(person__employee_no=q) | Q(event_name__contains=q))
    if request.GET.get("withdrawn") != "1":
        qs = qs.filter(withdrawn_at__isnull=True)
    ctx = {
        "unit": unit,
        **paged(request, qs.order_by("-served_on", "-id"), PER_PAGE),
        "office": is_office(request.user, unit),
        "sources": ServiceHours.Source.choices,
        "source": source,
        "q": q,
    }
    return render(request, "volunteer/hours_list.html", ctx)


def _row(request, pk: int) -> ServiceHours:
    row = resolve(ServiceHours.objects.select_related("person", "unit"), pk, user=request.user)
    if not ServiceHours.objects.visible_to(request.user, CHANGE).filter(pk=row.pk).exists():
        raise PermissionDenied
    return row


@login_required
def hours_correct(request, pk: int):
    row = _row(request, pk)
    form = CorrectForm(request.POST or None, initial={"hours": row.hours, "served_on": row.served_on})
    withdraw = ReasonForm(request.POST or None, prefix="w")
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        if withdraw.is_valid():
            services.hours_withdraw(row=row, user=request.user, reason=withdraw.cleaned_data["reason"])
            messages.success(request, _("The record was withdrawn; it no longer counts."))
            return redirect("volunteer:hours")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hours_correct(row=row, user=request.user, hours=data["hours"], served_on=data["served_on"],
                                   reason=data["reason"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The record was corrected."))
            return redirect("volunteer:hours")
    history = row.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "volunteer/hours_correct.html", {"row": row, "form": form, "withdraw": withdraw, "history": history}
    )


@require_POST
@login_required
def hours_withdraw(request, pk: int):
    row = _row(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing."))
    else:
        services.hours_withdraw(row=row, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The record was withdrawn; it no longer counts."))
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/volunteer/") else "volunteer:hours"
    )
