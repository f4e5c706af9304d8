"""Filters of the task list (责任分解): campaign, phase, department, status, overdue, text."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Department

from .models import Campaign, Phase, Task
from .selectors import overdue_q


class PhaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.year} · {obj.name}"


class PhaseFilter(django_filters.ModelChoiceFilter):
    field_class = PhaseChoiceField


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.none(), label=_("Campaign"))
    phase = PhaseFilter(queryset=Phase.objects.none(), label=_("Phase"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.none(), method="by_department", label=_("Department")
    )
    status = django_filters.ChoiceFilter(choices=Task.Status.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_("Overdue"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Overdue only")), ("false", _("Not overdue"))]),
    )

    class Meta:
        model = Task
        fields = ["q", "campaign", "phase", "department", "status", "overdue"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None) if request else None
        if request and unit:
            campaigns = Campaign.objects.visible_to(request.user, VIEW).filter(unit=unit)
            self.filters["campaign"].queryset = campaigns
            self.filters["phase"].queryset = (
                Phase.objects.filter(campaign__in=campaigns)
                .select_related("campaign")
                .order_by("-campaign__year", "order")
            )
            self.filters["department"].queryset = Department.objects.filter(unit=unit).order_by("sort_order", "id")
        for f in self.form.fields.values():
            f.widget.attrs.setdefault("class", "form-select" if isinstance(f.widget, forms.Select) else "form-control")

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__contains=value) | Q(code=value) | Q(deliverable__contains=value))

    def by_department(self, qs, name, value):
        """The responsible department or a co-operating one."""
        return qs.filter(Q(department=value) | Q(co_departments=value)).distinct() if value else qs

    def by_overdue(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())
