"""FilterSets of the evidence ledger: the ledger list and the office's review queue."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Department

from .models import Evidence


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _text():
    return forms.TextInput(attrs={"class": "form-control"})


class ReviewQueueFilterSet(django_filters.FilterSet):
    """Filters of the review queue: department and item code."""

    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.none(), label=_("Department"), widget=_select()
    )
    item = django_filters.CharFilter(method="item_code", label=_("Item code"), widget=_text())

    class Meta:
        model = Evidence
        fields = ["department", "item"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None) if request else None
        departments = Department.objects.none()
        if unit is not None:
            departments = Department.objects.visible_to(request.user, VIEW).filter(unit=unit)
        self.filters["department"].queryset = departments

    def item_code(self, qs, name, value):
        value = value.strip()
        return qs.filter(item__code=value) if value else qs


class EvidenceFilterSet(ReviewQueueFilterSet):
    """Filters of the ledger list: text, status, department and item code."""

    q = django_filters.CharFilter(method="search", label=_("Title or document number"), widget=_text())
    status = django_filters.ChoiceFilter(choices=Evidence.Status.choices, label=_("Status"), widget=_select())

    class Meta:
        model = Evidence
        fields = ["q", "status", "department", "item"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__contains=value) | Q(doc_number__contains=value)) if value else qs
