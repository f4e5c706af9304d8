from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin

from . import services
from .models import Department, Person


class BootstrapFormMixin:
    """The house's form look: Bootstrap classes on every widget, and errors naming their field
    ("请填写“完成时限”。" rather than Django's "这个字段是必填项。"), since on a phone or in a
    long form the message is read away from its label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-select"
                if isinstance(widget, forms.Select)
                else "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-control"
            )
            widget.attrs.setdefault("class", css)
            name_field_errors(field)
            _blank_choice(field)


DASHES = "---------"


def _blank_choice(field: forms.Field) -> None:
    """请选择… instead of Django's dashes as a select's empty choice (never evaluating a queryset)."""
    if getattr(field, "empty_label", None) == DASHES:
        field.empty_label = _("Choose…")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DASHES):
            field.choices = [("", _("Choose…")), *choices[1:]]


def name_field_errors(field: forms.Field) -> None:
    """Field errors that say which field: read the label when the message is shown, so a label
    set after the form's ``__init__`` is the one named."""
    messages = dict(field.error_messages)
    messages["required"] = _field_message(field, _("Please fill in “%(label)s”."))
    for code in ("invalid", "invalid_choice", "invalid_list", "invalid_pk_value"):
        if code in messages:
            messages[code] = _field_message(field, _("“%(label)s”: %(error)s"), messages[code])
    field.error_messages = messages


def _field_message(field, template, original=None):
    def text():
        label = str(field.label or "").rstrip("：:")
        # The original may hold %(value)s for the validation error's own params: keep it as is.
        return str(template) % {"label": label, "error": str(original or "")}

    return lazy(text, str)()


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Django's checks (the old password, the validators of settings) in the house's look."""


class ServiceSaveMixin:
    """A model form whose ``save`` goes through the app's services (``create`` / ``update``),
    so a page writes exactly as the API does, with the acting user in the history."""

    def save(self, commit: bool = True):
        if not commit:
            return super().save(commit=False)
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        self.instance = self.update(**fields) if self.instance.pk else self.create(**fields)
        return self.instance


class DepartmentForm(ScopedChoicesMixin, ServiceSaveMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "kind", "head", "phone", "location", "sort_order", "is_active"]

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.user = user
        self.instance.unit = unit
        self.fields["head"].queryset = Person.objects.filter(unit=unit, is_active=True).order_by("name")
        self.limit_choices(user)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Department.objects.filter(unit=self.unit, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A department named %(name)s already exists in this unit."), params={"name": name}
            )
        return name

    def create(self, **fields) -> Department:
        return services.department_create(unit=self.unit, user=self.user, **fields)

    def update(self, **fields) -> Department:
        return services.department_update(department=self.instance, user=self.user, **fields)


class PersonForm(ScopedChoicesMixin, ServiceSaveMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "employee_no",
            "name",
            "gender",
            "department",
            "title",
            "position",
            "phone",
            "political_status",
            "hired_on",
            "is_active",
        ]
        widgets = {"hired_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.unit = unit
        self.fields["department"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.limit_choices(user)

    def clean_employee_no(self):
        no = self.cleaned_data["employee_no"].strip()
        clash = Person.objects.filter(unit=self.instance.unit, employee_no=no).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Employee number %(no)s is already used in this unit."), params={"no": no})
        return no

    def create(self, **fields) -> Person:
        return services.person_create(unit=self.instance.unit, user=self.user, **fields)

    def update(self, **fields) -> Person:
        return services.person_update(person=self.instance, user=self.user, **fields)
