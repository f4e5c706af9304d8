"""The form that creates a kiosk link: what it shows (a hospital the user's office keeps, or a
region the user supervises), its label, until when, and how often the screen refreshes."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import regions_user_can_screen, units_user_can_screen
from .services import end_of_day_after

LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("1 year"))]


class KioskLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=60,
        help_text=_("Where the screen hangs, e.g. 创建办大屏."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    target = forms.ChoiceField(label=_("Shows"), widget=forms.Select(attrs={"class": "form-select"}))
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=LIFETIMES,
        coerce=int,
        initial=365,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    refresh_seconds = forms.IntegerField(
        label=_("Refresh every (seconds)"),
        min_value=10,
        max_value=3600,
        initial=30,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {f"unit:{u.pk}": u for u in units_user_can_screen(user).order_by("code")}
        self.regions = {f"region:{r.pk}": r for r in regions_user_can_screen(user).order_by("path")}
        self.fields["target"].choices = [(k, u.name) for k, u in self.units.items()] + [
            (k, _("%(region)s (every hospital)") % {"region": r.name}) for k, r in self.regions.items()
        ]

    @property
    def offers_anything(self) -> bool:
        return bool(self.units or self.regions)

    def target_kwargs(self) -> dict:
        key = self.cleaned_data["target"]
        return {"unit": self.units[key]} if key in self.units else {"region": self.regions[key]}

    def expires_at(self) -> datetime:
        return end_of_day_after(self.cleaned_data["lifetime"])
