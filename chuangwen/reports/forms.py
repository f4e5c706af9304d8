"""Forms of the inspection materials."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PlanText, SummaryText


class PlanTextForm(forms.ModelForm):
    """The office's texts of the plan; one paragraph per line."""

    class Meta:
        model = PlanText
        fields = ["opening", "guiding_idea", "goals", "safeguards"]
        help_texts = {
            "opening": _("Why and on what basis the plan is made. One paragraph per line."),
            "guiding_idea": _("One paragraph per line."),
            "goals": _("One paragraph per line."),
            "safeguards": _("One paragraph per line; empty: the usual three safeguards."),
        }
        widgets = {name: forms.Textarea(attrs={"class": "form-control", "rows": 4}) for name in fields}


class SummaryTextForm(forms.ModelForm):
    """The office's wording of the year-end summary, one text per part; one paragraph per line.
    The figures of each part come from the data and are not typed here."""

    class Meta:
        model = SummaryText
        fields = [
            "opening", "organisation", "tasks", "inspections", "service", "activities", "ethics", "party",
            "problems", "measures",
        ]  # fmt: skip
        help_texts = {
            "opening": _("Empty: a generated opening sentence."),
            "measures": _("One measure per line; empty: the usual four measures."),
        }
        widgets = {name: forms.Textarea(attrs={"class": "form-control", "rows": 3}) for name in fields}


class DocumentTemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Template (.docx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )
