"""Filters of the development pipeline: branch, stage and status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .development_models import Stage
from .models import Applicant, Branch


class ApplicantFilterSet(django_filters.FilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=Branch.objects.none(), label=_("Party branch"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    status = django_filters.ChoiceFilter(choices=Applicant.Status.choices, label=_("Status"))

    class Meta:
        model = Applicant
        fields = ["branch", "stage", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["branch"].queryset = Branch.objects.visible_to(request.user).filter(is_active=True)
