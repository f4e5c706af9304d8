"""Filters of the ledger list: department, source, month."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.org.models import Department

from .models import Appeal, LedgerEntry, Source


class LedgerFilterSet(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("Source"))
    month = django_filters.DateFilter(
        method="by_month", label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )

    class Meta:
        model = LedgerEntry
        fields = ["department", "source", "month"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None) if request else None
        if unit:
            self.filters["department"].queryset = Department.objects.filter(unit=unit).order_by("sort_order", "id")
        else:
            del self.filters["department"]

    def by_month(self, qs, name, value):
        return qs.filter(period=value.replace(day=1)) if value else qs


class AppealFilterSet(django_filters.FilterSet):
    """Filters of the appeals list: status (the home page links to those waiting for a decision)."""

    status = django_filters.ChoiceFilter(choices=Appeal.Status.choices, label=_("Status"))

    class Meta:
        model = Appeal
        fields = ["status"]
