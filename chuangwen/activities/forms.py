"""Forms of activities: an activity, a paper sign-in sheet, a leave, photos, study notes and the
office's targets. Forms only parse and offer what the user may see; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.campaigns.models import Campaign
from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.inspections.forms import PhotoField
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Person
from chuangwen.standards.models import Item

from . import selectors
from .models import Activity, ActivityKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(ScopedChoicesMixin, BootstrapFormMixin, forms.ModelForm):
    people = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        label=_("Invited people"),
        required=False,
        help_text=_("Named people besides the invited departments (a party branch's members, say)."),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "department",
            "organiser",
            "roster_departments",
            "summary",
            "campaign",
            "items",
            "signin_opens_minutes",
            "late_after_minutes",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["kind"].queryset = selectors.kinds_for(unit)
        self.fields["department"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.fields["roster_departments"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.fields["organiser"].queryset = Person.objects.filter(unit=unit, is_active=True)
        self.fields["people"].queryset = Person.objects.filter(unit=unit, is_active=True)
        self.fields["campaign"].queryset = Campaign.objects.filter(unit=unit)
        self.fields["items"].queryset = Item.objects.filter(
            standard__in=Campaign.objects.filter(unit=unit).values("standard_id")
        ).order_by("order", "id")
        self.fields["items"].required = False
        if self.instance.pk:
            self.fields["people"].initial = list(
                self.instance.roster.exclude(department__in=self.instance.roster_departments.all()).values_list(
                    "pk", flat=True
                )
            )
        self.limit_choices(user)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        return d


class SheetForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Sign-in sheet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "10023\n李娜 迟到\n10031 请假 外出进修"}),
        help_text=_("One staff member a line: employee number or name, then 迟到 or 请假 and its reason if so."),
    )
    sheet = forms.FileField(
        label=_("or an .xlsx sheet"), required=False, help_text=_("Columns 工号, 姓名, 状态, 请假原因.")
    )


class LeaveForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(Person.objects.none(), label=_("Staff member"))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, user, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = activity.roster.filter(is_active=True).order_by("employee_no")
        self.limit_choices(user)


class PhotosForm(forms.Form):
    photos = PhotoField()


class NoteForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Notes text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    photo = forms.FileField(
        label=_("or a photo of the handwritten page"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    word_count = forms.IntegerField(label=_("Words on the page"), required=False, min_value=1)


class TargetForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ModelChoiceField(
        ActivityKind.objects.none(), label=_("Kind"), required=False, empty_label=_("All study sessions")
    )
    words_per_person = forms.IntegerField(label=_("Words per person"), min_value=1)

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = selectors.kinds_for(unit).filter(is_study=True)
        self.limit_choices(user)
