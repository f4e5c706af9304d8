"""Forms of the volunteer pages: they check input; the services and the import own the writes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Person
from chuangwen.standards.models import Item

from .imports import FIELDS, MAX_BYTES
from .models import Event, ServiceRule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HOURS = {"min": "0.1", "max": "24", "step": "0.1", "inputmode": "decimal"}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (unknown fields become form errors)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class EventForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.CharField(label=_("Kind of service"), max_length=20, widget=forms.TextInput(attrs={"list": "kinds"}))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    department = forms.ModelChoiceField(
        label=_("Organising department"), queryset=Department.objects.none(), required=False
    )
    organiser = forms.CharField(label=_("Organiser"), max_length=50, required=False)
    items = forms.ModelMultipleChoiceField(
        label=_("Standard items it serves"), queryset=Item.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, unit, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.fields["items"].queryset = (
            Item.objects.filter(standard__campaigns__unit=unit).distinct().order_by("standard_id", "order", "id")
        )
        self.fields["items"].widget.attrs["size"] = 6
        self.limit_choices(user)


class HoursForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none())
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, widget=forms.NumberInput(attrs=HOURS),
                               help_text=_("Actual service time, excluding travel."))  # fmt: skip
    served_on = forms.DateField(label=_("Date of service"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, unit, user, served_on=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("served_on", served_on or timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(unit=unit, is_active=True).select_related("department")
        self.limit_choices(user)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CorrectForm(BootstrapFormMixin, forms.Form):
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, widget=forms.NumberInput(attrs=HOURS))
    served_on = forms.DateField(label=_("Date of service"), widget=DATE)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=100)


class RuleForm(BootstrapFormMixin, forms.Form):
    """The unit's four targets for one year; an empty target switches that rule off."""

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in ServiceRule.Kind.choices:
            rule = rules.get(kind)
            self.fields[kind] = forms.DecimalField(
                label=label, required=False, min_value=Decimal("0.1"), max_digits=6, decimal_places=1,
                initial=rule.target if rule and rule.is_active else None,
            )  # fmt: skip
        self.fields["basis"] = forms.CharField(
            label=_("Basis"), max_length=200, required=False, help_text=_("The document the targets come from."),
            initial=next((r.basis for r in rules.values() if r.basis), ""),
        )  # fmt: skip


class StarLevelsForm(BootstrapFormMixin, forms.Form):
    levels = forms.CharField(
        label=_("Star levels"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One level a line, lowest first: name, cumulative hours (e.g. 一星志愿者, 100)."),
    )

    def clean_levels(self):
        out = []
        for number, line in enumerate(self.cleaned_data["levels"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                name, hours = parts[0], Decimal(parts[1])
            except (IndexError, InvalidOperation):
                raise ValidationError(
                    _("Line %(n)s: write the name and the hours, e.g. 一星志愿者, 100.") % {"n": number}
                ) from None
            if not name or not hours.is_finite() or hours < 1:
                raise ValidationError(_("Line %(n)s: the hours must be a number of at least 1.") % {"n": number})
            out.append((name[:20], hours))
        return out


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Platform export (.xlsx)"), help_text=_("At most 10 MB and 20,000 rows."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(limit)s MB, the limit for this import.") % {"limit": 10})
        return upload


class MappingForm(BootstrapFormMixin, forms.Form):
    """For each of our fields, the column of the file that holds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [(h, h) for h in headers]
        for f in FIELDS:
            self.fields[f"map_{f.key}"] = forms.ChoiceField(label=f.label, choices=choices, required=f.required)

    def mapping(self) -> dict[str, str]:
        return {f.key: self.cleaned_data.get(f"map_{f.key}") or "" for f in FIELDS}


EVENT_KINDS = Event.KIND_SUGGESTIONS
