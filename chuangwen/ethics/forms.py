"""Forms of the ethics pages; their saves go through the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Grade, VetoAct


def style_widgets(form) -> None:
    """Bootstrap classes on every widget (full-width inputs fit a 390 px phone)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class SelfEvaluationForm(BootstrapForm):
    self_text = forms.CharField(label=_("Self-evaluation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))
    self_grade = forms.ChoiceField(label=_("Self-assessed grade"), choices=Grade.choices, widget=forms.RadioSelect)
    self_score = forms.DecimalField(
        label=_("Self-evaluation score"), min_value=0, max_value=100, decimal_places=2, required=False
    )


class VetoForm(BootstrapForm):
    act = forms.ModelChoiceField(label=_("Veto act"), queryset=VetoAct.objects.none())
    occurred_on = forms.DateField(label=_("Occurred on"), widget=forms.DateInput(attrs={"type": "date"}))
    facts = forms.CharField(label=_("Facts"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].queryset = VetoAct.objects.filter(Q(unit__isnull=True) | Q(unit=unit), is_active=True)


class RecordEntryForm(BootstrapForm):
    points = forms.DecimalField(label=_("Points (negative for a deduction)"), max_digits=6, decimal_places=2)
    occurred_on = forms.DateField(label=_("Occurred on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class WithdrawForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason of the withdrawal"), max_length=300)


class DecideForm(BootstrapForm):
    grade = forms.ChoiceField(label=_("Decided grade"), choices=[("", "—"), *Grade.choices], required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ObjectionForm(BootstrapForm):
    text = forms.CharField(label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(BootstrapForm):
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
