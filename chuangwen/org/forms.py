from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW

from .models import Department, Person


class BootstrapFormMixin:
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


class DepartmentForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "kind", "head", "phone", "location", "sort_order", "is_active"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.instance.unit = unit
        self.fields["head"].queryset = Person.objects.filter(unit=unit, is_active=True).order_by("name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Department.objects.filter(unit=self.unit, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A department named %(name)s already exists in this unit."), params={"name": name}
            )
        return name


class PersonForm(BootstrapFormMixin, forms.ModelForm):
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
        self.instance.unit = unit
        self.fields["department"].queryset = Department.objects.visible_to(user, VIEW).filter(unit=unit, is_active=True)

    def clean_employee_no(self):
        no = self.cleaned_data["employee_no"].strip()
        clash = Person.objects.filter(unit=self.instance.unit, employee_no=no).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Employee number %(no)s is already used in this unit."), params={"no": no})
        return no
