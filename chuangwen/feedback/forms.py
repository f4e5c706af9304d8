"""Forms of the feedback app: the public form, staff intake and the handling actions. They check
input and hand it to the services, which own the writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.publicforms import ReadableTextMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Person, phone_validator

from .models import Complaint
from .services import handler_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PUBLIC_CONTENT_MAX = 1000
STAFF_CHANNELS = [
    (v, label)
    for v, label in Complaint.Channel.choices
    if v not in (Complaint.Channel.PUBLIC, Complaint.Channel.SURVEY)
]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (unknown fields become form errors)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _departments(unit):
    return Department.objects.filter(unit=unit, is_active=True).order_by("sort_order", "id")


class PublicComplaintForm(ReadableTextMixin, forms.Form):
    """What a patient fills in on a phone: short, with the contact optional."""

    kind = forms.ChoiceField(
        label=_("This is a"), choices=Complaint.Kind.choices, initial=Complaint.Kind.COMPLAINT, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    department = forms.ModelChoiceField(
        label=_("Department (optional)"), queryset=Department.objects.none(), required=False
    )
    content = forms.CharField(
        label=_("What happened"),
        max_length=PUBLIC_CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": PUBLIC_CONTENT_MAX}),
        error_messages={"max_length": _("Please keep it within %(limit_value)d characters.")},
    )
    occurred_on = forms.DateField(label=_("When (optional)"), required=False, widget=DATE)
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False)
    contact_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the hospital contacts me at this number about this feedback only."), required=False
    )
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, unit, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_department = department
        if department is not None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = _departments(unit).exclude(kind=Department.Kind.LOGISTICS)
        for name, field in self.fields.items():
            if name in ("kind", "form_token"):
                continue
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control form-control-lg"
            if isinstance(widget, forms.Select):
                css = "form-select form-select-lg"
            widget.attrs.setdefault("class", css)

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def clean_occurred_on(self):
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date it happened is in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("contact_phone") and not data.get("consent"):
            self.add_error("consent", _("Tick the box so we may call you back, or leave the phone empty."))
        return data


class IntakeForm(BootstrapFormMixin, forms.Form):
    """Staff intake of a call, letter, visit or 12345 hotline ticket: one screen, few fields."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    kind = forms.ChoiceField(label=_("Kind"), choices=Complaint.Kind.choices, initial=Complaint.Kind.COMPLAINT)
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    department = forms.ModelChoiceField(
        label=_("Department involved"), queryset=Department.objects.none(), required=False
    )
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=DATE)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    content = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    complainant_name = forms.CharField(label=_("Complainant's name"), max_length=30, required=False)
    complainant_phone = forms.CharField(
        label=_("Complainant's phone"), max_length=20, required=False, validators=[phone_validator]
    )
    contact_consent = forms.BooleanField(label=_("Agreed to be contacted"), required=False, initial=True)

    def __init__(self, *args, unit, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(unit)

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date of receipt is in the future."))
        return day


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class AssignForm(BootstrapFormMixin, forms.Form):
    handler = HandlerChoiceField(label=_("Handler"), queryset=None)
    handling_department = forms.ModelChoiceField(
        label=_("Handling department"), queryset=Department.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {}).update(
            handler=complaint.handler_id,
            handling_department=complaint.handling_department_id or complaint.department_id,
        )
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_choices(complaint.unit)
        self.fields["handling_department"].queryset = _departments(complaint.unit)


class RecordForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("How it was handled"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(BootstrapFormMixin, forms.Form):
    reply_text = forms.CharField(
        label=_("Reply to the complainant"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    channel = forms.ChoiceField(label=_("Replied by"), choices=Complaint.ReplyChannel.choices)


class CloseForm(BootstrapFormMixin, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Complainant's satisfaction"),
        choices=[("", _("Not asked yet")), *Complaint.Satisfaction.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome of the check"),
        choices=[("", _("Not checked")), *Complaint.Outcome.choices],
        required=False,
        help_text=_("A substantiated complaint costs its department points in the monthly assessment."),
    )
    person = forms.ModelChoiceField(
        label=_("Staff member concerned"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("When the complaint names a staff member: the deduction goes on their record too."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("person", complaint.person_id)
        super().__init__(*args, **kwargs)
        # The complaint's department first, then the rest of the unit; only people in service.
        self.fields["person"].queryset = (
            Person.objects.filter(unit_id=complaint.unit_id, is_active=True)
            .select_related("department")
            .order_by("department__sort_order", "department__name", "name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.department.name} · {p.name}（{p.employee_no}）"


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it reopened"), max_length=500)


class SatisfactionForm(BootstrapFormMixin, forms.Form):
    satisfaction = forms.ChoiceField(label=_("Complainant's satisfaction"), choices=Complaint.Satisfaction.choices)
