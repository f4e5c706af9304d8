"""Filters of the complaint list: status, kind, category, channel, department, overdue, period
and the Chinese search box (search.py)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.org.models import Department

from . import search
from .models import Complaint
from .selectors import overdue_q

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ComplaintFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="by_text", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=Complaint.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Complaint.Kind.choices, label=_("Kind"))
    category = django_filters.ChoiceFilter(choices=Complaint.Category.choices, label=_("Category"))
    channel = django_filters.ChoiceFilter(choices=Complaint.Channel.choices, label=_("Channel"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_("Overdue"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Overdue only")), ("false", _("Not overdue"))]),
    )
    # The home page's "complaints due today" (their reply deadline is today, still unanswered).
    due = django_filters.ChoiceFilter(choices=[("today", _("Due today"))], method="by_due", label=_("Reply due"))
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("Received from"), widget=DATE
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("Received to"), widget=DATE
    )

    class Meta:
        model = Complaint
        fields = [
            "q",
            "status",
            "kind",
            "category",
            "channel",
            "department",
            "overdue",
            "due",
            "received_from",
            "received_to",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None) if request else None
        if unit:
            self.filters["department"].queryset = Department.objects.filter(unit=unit).order_by("sort_order", "id")
        else:
            del self.filters["department"]
        for f in self.form.fields.values():
            f.widget.attrs.setdefault("class", "form-select" if isinstance(f.widget, forms.Select) else "form-control")
        self.form.fields["q"].widget.attrs["placeholder"] = _("Name, department or words")

    def by_text(self, qs, name, value):
        user = self.request.user if self.request else None
        return search.search(qs, value, user)

    def by_due(self, qs, name, value):
        if value != "today":
            return qs
        return qs.filter(status__in=Complaint.OPEN_STATUSES, deadline=timezone.localdate())

    def by_overdue(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())
