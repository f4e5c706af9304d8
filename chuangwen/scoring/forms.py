"""Forms of 量化考核 pages: the scheme, a manual entry, a correction, an appeal and its decision.
Saves go through the services; model choices through the user's scope."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Person

from .models import Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchemeForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    base_score = forms.DecimalField(label=_("Base score"), max_digits=6, decimal_places=2)
    bonus_cap = forms.DecimalField(label=_("Bonus cap per month"), max_digits=6, decimal_places=2, required=False)
    floor = forms.DecimalField(label=_("Lowest score"), max_digits=6, decimal_places=2, initial=0)
    appeal_days = forms.IntegerField(label=_("Appeal window (working days)"), min_value=1, max_value=30)
    warning_line = forms.DecimalField(
        label=_("Warning line"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("A department whose mean monthly score of the year is below it is named in the year-end summary."),
    )
    rules = forms.CharField(
        label=_("Rules"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        help_text=_("One rule a line: source, points per entry (empty: the entry's own points), monthly cap."),
    )

    def clean_rules(self) -> list[dict]:
        out = []
        for line in self.cleaned_data["rules"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            parts += [""] * (3 - len(parts))
            source = next((s.value for s in Source if parts[0] in (s.value, str(s.label))), parts[0])
            out.append({"source": source, "points": parts[1] or None, "cap": parts[2] or None})
        return out


def rules_as_text(rules: list[dict]) -> str:
    return "\n".join(
        ", ".join([str(Source(r["source"]).label), r.get("points") or "", r.get("cap") or ""]).rstrip(", ")
        for r in rules
    )


def rules_as_json(rules: list[dict]) -> str:
    return json.dumps(rules, ensure_ascii=False)


class ManualEntryForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    points = forms.DecimalField(
        label=_("Points"), max_digits=8, decimal_places=2, help_text=_("Negative deducts, positive adds.")
    )
    honour = forms.BooleanField(label=_("Honour (bonus for an award)"), required=False)
    occurred_on = forms.DateField(label=_("Occurred on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(unit=unit).order_by("sort_order", "id")
        self.fields["person"].queryset = Person.objects.filter(unit=unit, is_active=True).order_by("name", "id")
        self.limit_choices(user)


class CorrectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled"), max_length=500)


class AppealForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Grounds of the appeal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(BootstrapFormMixin, forms.Form):
    reverse = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("Uphold the entry")), ("1", _("Reverse the entry"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason of the decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
