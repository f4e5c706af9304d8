"""FilterSets of the robots app: the messages list (status, robot, kind)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Delivery, Robot


class DeliveryFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Delivery.Status.choices, label=_("Status"), empty_label=_("All"))
    robot = django_filters.ModelChoiceFilter(queryset=Robot.objects.none(), label=_("Group robot"))
    kind = django_filters.ChoiceFilter(choices=(), label=_("Kind"), method="of_kind", empty_label=_("All"))

    class Meta:
        model = Delivery
        fields = ["status", "robot", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["kind"].extra["choices"] = kinds.choices()
        if request is not None:
            robots = Robot.objects.visible_to(request.user)
            unit = getattr(request, "current_unit", None)
            self.filters["robot"].queryset = robots.filter(unit=unit) if unit else robots

    def of_kind(self, queryset, name, value):
        return queryset.filter(kind__startswith=value) if value else queryset
