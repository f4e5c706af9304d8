from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Lifetimes offered on the token page (days; 0 = never expires).
LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year")), (0, _("Never"))]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=50,
        help_text=_("What the token is for, e.g. the name of the script or system."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Expires"),
        choices=LIFETIMES,
        coerce=int,
        initial=90,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def expires_at(self):
        days = self.cleaned_data["lifetime"]
        return timezone.now() + timedelta(days=days) if days else None
