import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW

from .models import Department, Person, Unit


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ChoiceFilter(choices=Unit.Category.choices, label=_("Category"))

    class Meta:
        model = Unit
        fields = ["q", "category"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(short_name__contains=value) | Q(code__startswith=value))


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Department name"))
    kind = django_filters.ChoiceFilter(choices=Department.Kind.choices, label=_("Kind"))

    class Meta:
        model = Department
        fields = ["q", "kind"]


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, number or mobile"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    political_status = django_filters.ChoiceFilter(choices=Person.Political.choices, label=_("Political status"))
    is_active = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("1", _("In service")), ("0", _("Left"))], method="filter_active"
    )

    class Meta:
        model = Person
        fields = ["q", "department", "political_status", "is_active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        departments = Department.objects.none()
        unit = getattr(request, "current_unit", None) if request else None
        if request and unit:
            departments = Department.objects.visible_to(request.user, VIEW).filter(unit=unit)
        self.filters["department"].queryset = departments

    def filter_active(self, qs, name, value):
        return qs.filter(is_active=value == "1")

    def search(self, qs, name, value):
        """Within one unit any part of a name matches; across a whole region (up to hundreds of
        thousands of people) names match from the start (surname first), which an index serves."""
        value = value.strip()
        if getattr(self.request, "current_unit", None):
            by_name = Q(name__contains=value)
        else:
            by_name = Q(name__gte=value, name__lt=value + "\uffff")
        return qs.filter(by_name | Q(employee_no=value) | Q(phone=value))
