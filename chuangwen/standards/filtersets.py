import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Standard, TitleLevel


class StandardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=TitleLevel.choices, label=_("Title level"))
    status = django_filters.ChoiceFilter(choices=Standard.Status.choices, label=_("Status"))

    class Meta:
        model = Standard
        fields = ["q", "level", "status"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(owner_unit__name__contains=value))
