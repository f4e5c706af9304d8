import django_filters
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Department

from .models import Response, SurveyTemplate


class ResponseFilterSet(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    template = django_filters.ModelChoiceFilter(queryset=SurveyTemplate.objects.none(), label=_("Survey"))
    channel = django_filters.ChoiceFilter(choices=Response.Channel.choices, label=_("Channel"))
    month = django_filters.DateFilter(
        field_name="month",
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=django_filters.widgets.forms.TextInput(attrs={"type": "month"}),
    )
    q = django_filters.CharFilter(field_name="suggestion", lookup_expr="contains", label=_("Words in the suggestion"))

    class Meta:
        model = Response
        fields = ["department", "template", "channel", "month", "q"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        unit = getattr(request, "current_unit", None)
        if unit is not None:
            self.filters["department"].queryset = Department.objects.visible_to(request.user, VIEW).filter(unit=unit)
            self.filters["template"].queryset = SurveyTemplate.objects.filter(unit=unit)
        for f in self.form.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if hasattr(f, "queryset") or hasattr(f, "choices") else "form-control"
            )
