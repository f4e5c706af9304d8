"""The form that publishes a month's ranking as a bulletin."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"), widget=forms.Select(attrs={"class": "form-select"}))
    note = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text=_("One paragraph per line, printed under 工作要求 in the bulletin."),
    )

    def __init__(self, *args, months: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m.year}年{m.month}月") for m in months]
        self.fields["month"].error_messages["invalid_choice"] = _("Month: there are no ranking figures for this month.")
        self.fields["month"].error_messages["required"] = _("Month: choose the month to publish.")

    def clean_month(self) -> datetime.date:
        year, month = (int(p) for p in self.cleaned_data["month"].split("-"))
        return datetime.date(year, month, 1)
