"""FilterSets of activities: the activity list (kind, department, month, title)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.org.models import Department

from . import selectors
from .models import Activity, ActivityKind


class ActivityFilterSet(django_filters.FilterSet):
    kind = django_filters.ModelChoiceFilter(queryset=ActivityKind.objects.none(), label=_("Kind"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    month = django_filters.CharFilter(
        method="in_month", label=_("Month"), widget=forms.DateInput(attrs={"type": "month"})
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))

    class Meta:
        model = Activity
        fields = ["kind", "department", "month", "q"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None) if request else None
        self.filters["kind"].queryset = selectors.kinds_for(unit)
        if unit is not None:
            self.filters["department"].queryset = Department.objects.filter(unit=unit)

    def in_month(self, queryset, name, value):
        try:
            year, month = (int(v) for v in value.split("-")[:2])
        except ValueError:
            return queryset.none()
        return queryset.filter(starts_at__year=year, starts_at__month=month)
