"""Filters of the inspection lists. Every filter is a plain column condition that one of the
``Finding`` indexes serves (unit + state + found_at, department + state, state + deadline, the
list order); nothing searches text across a region."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Department, Unit

from . import selectors
from .models import Finding, InspectionRound


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _month(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        start = datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


MAX_UNIT_CHOICES = 200


class FindingFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), label=_("Unit"), widget=_select())
    unit_name = django_filters.CharFilter(field_name="unit__name", lookup_expr="contains", label=_("Unit name"))
    state = django_filters.ChoiceFilter(choices=Finding.State.choices, label=_("State"), widget=_select())
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.none(), label=_("Department"), widget=_select()
    )
    severity = django_filters.ChoiceFilter(choices=Finding.Severity.choices, label=_("Severity"), widget=_select())
    round = django_filters.ModelChoiceFilter(
        queryset=InspectionRound.objects.none(), label=_("Round"), widget=_select()
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[("", "—"), ("true", _("Overdue only")), ("false", _("Not overdue"))],
        ),
    )
    period = django_filters.CharFilter(
        method="filter_period",
        label=_("Month found"),
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}),
    )
    archived = django_filters.BooleanFilter(
        method="filter_archived",
        label=_("Archived"),
        widget=forms.Select(attrs={"class": "form-select"}, choices=[("", _("Not archived")), ("true", _("Archived"))]),
    )

    class Meta:
        model = Finding
        fields = ["unit", "unit_name", "state", "department", "severity", "round", "overdue", "period", "archived"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user
        current = getattr(request, "current_unit", None)
        if current is not None:
            del self.filters["unit"]
            del self.filters["unit_name"]
            departments = Department.objects.visible_to(user, VIEW).filter(unit=current)
        else:
            hospitals = Unit.objects.visible_to(user, VIEW).filter(kind=Unit.Kind.HOSPITAL)
            self.filters["unit"].queryset = hospitals
            if hospitals[: MAX_UNIT_CHOICES + 1].count() > MAX_UNIT_CHOICES:
                # A province has thousands of hospitals: a drop-down of them all costs more to
                # render than the page's queries. Pick by name instead (links still pass ?unit=id).
                self.filters["unit"].field.widget = forms.HiddenInput()
            else:
                del self.filters["unit_name"]
            unit_id = (data or {}).get("unit")
            departments = Department.objects.filter(unit_id=unit_id) if unit_id and unit_id.isdigit() else None
        if departments is None:
            del self.filters["department"]
        else:
            self.filters["department"].queryset = departments.order_by("sort_order", "id")
        # The most recent rounds only: an old round is reached from its own page.
        recent = selectors.visible_rounds(user).order_by("-starts_on", "-id").values_list("pk", flat=True)[:50]
        self.filters["round"].queryset = InspectionRound.objects.filter(pk__in=list(recent)).order_by("-starts_on")

    @property
    def qs(self):
        qs = super().qs
        if not (self.form.is_bound and self.form.is_valid() and self.form.cleaned_data.get("archived")):
            qs = qs.filter(archived_at__isnull=True)
        return qs

    def filter_archived(self, qs, name, value):
        return qs.filter(archived_at__isnull=False) if value else qs

    def filter_overdue(self, qs, name, value):
        overdue = selectors.overdue_q(timezone.localdate())
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_period(self, qs, name, value):
        bounds = _month((value or "").strip())
        if bounds is None:
            return qs
        tz = timezone.get_current_timezone()
        start, end = (datetime.datetime.combine(b, datetime.time.min, tzinfo=tz) for b in bounds)
        return qs.filter(found_at__gte=start, found_at__lt=end)


class RoundFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionRound.Kind.choices, label=_("Kind"), widget=_select())
    status = django_filters.ChoiceFilter(choices=InspectionRound.Status.choices, label=_("Status"), widget=_select())

    class Meta:
        model = InspectionRound
        fields = ["kind", "status"]
