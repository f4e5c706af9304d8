"""Filters of the audit log: who (username), what (action), when (a date range, in local days)
and, for a user who sees several units (the bureau), which unit."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Unit

from .models import Action, AuditEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEventFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(method="by_username", label=_("User"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), label=_("Unit"))
    # Whole local days as a range on the indexed column (not a date() of every row).
    date_from = django_filters.DateFilter(method="by_date_from", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(method="by_date_to", label=_("To"), widget=DATE)

    class Meta:
        model = AuditEvent
        fields = ["username", "action", "unit", "date_from", "date_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and getattr(request, "current_unit", None) is None:
            self.filters["unit"].queryset = Unit.objects.visible_to(request.user, VIEW).order_by("code", "id")
        else:
            del self.filters["unit"]
        self.form.fields["username"].widget.attrs["placeholder"] = _("Username")

    def by_username(self, qs, name, value):
        value = value.strip()
        return qs.filter(username__startswith=value) if value else qs

    def by_date_from(self, qs, name, value):
        return qs.filter(created_at__gte=_local_midnight(value))

    def by_date_to(self, qs, name, value):
        return qs.filter(created_at__lt=_local_midnight(value + datetime.timedelta(days=1)))
