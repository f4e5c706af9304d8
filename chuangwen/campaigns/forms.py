"""Forms of the campaigns app. They validate input and hand it to the services, which own the
writes; a ValidationError from a service is put back on the named field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.standards.models import Item

from . import selectors
from .models import Campaign, CampaignMember, Phase, Task
from .services import PhaseSpec, standards_for_unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (unknown fields become form errors)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class CampaignForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "year", "target_level", "standard", "status", "starts_on", "ends_on", "guiding_idea"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "guiding_idea": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["standard"].queryset = standards_for_unit(unit).order_by("-created_at")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data

    def _post_clean(self):
        # The services validate and save; the model instance is not touched here.
        pass


class PhaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "kind", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


PhaseFormSet = forms.inlineformset_factory(Campaign, Phase, form=PhaseForm, extra=1, can_delete=True)
# A new campaign starts with the three default phases filled in (editable).
PhaseCreateFormSet = forms.inlineformset_factory(Campaign, Phase, form=PhaseForm, extra=0, min_num=3, can_delete=False)


def phase_specs(formset) -> list[PhaseSpec]:
    """The phases a valid formset describes, in the order shown, without deleted ones."""
    specs = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("name"):
            continue
        specs.append(
            PhaseSpec(
                name=data["name"],
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                id=form.instance.pk if form.instance.pk else None,
            )
        )
    return specs


class MemberForm(BootstrapFormMixin, forms.Form):
    group = forms.ChoiceField(label=_("group"), choices=CampaignMember.Group.choices)
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    duty = forms.CharField(label=_("duty"), max_length=30, help_text=_("e.g. 组长, 副组长, 成员, 办公室主任"))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.unit_people(campaign.unit)


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class PersonSelect(forms.Select):
    """Each option says its person's department, so the page narrows the list to the chosen
    responsible department (``data-cw-filter-by``, core/static/js/cw_select.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person = getattr(value, "instance", None)
        if person is not None and person.department_id:
            option["attrs"]["data-department"] = str(person.department_id)
        return option


def searchable(form: forms.Form, department_field: str = "department") -> None:
    """The responsible person searchable and narrowed to the department; 对应测评项目 and 配合科室
    as searchable lists of checkboxes with their full names."""
    person = form.fields["person"]
    person.widget = PersonSelect(
        attrs={
            "class": "form-select",
            "data-cw-search": "",
            "data-cw-filter-by": f"id_{department_field}",
            "data-cw-search-placeholder": _("Search by name or employee no."),
        }
    )
    person.widget.choices = person.choices
    person.label_from_instance = lambda p: f"{p.name}（{p.department.name if p.department_id else p.employee_no}）"
    for name in ("items", "co_departments"):
        if name in form.fields and isinstance(form.fields[name].widget, forms.SelectMultiple):
            form.fields[name].widget.attrs.update(
                {
                    "data-cw-multiselect": "",
                    "data-cw-search-placeholder": _("Search…"),
                    "data-cw-count": _("%s chosen"),
                }
            )


def deadline_warning(campaign: Campaign, phase: Phase | None, deadline) -> str:
    """Warned, not refused: a deadline after the phase's or the campaign's end is sometimes meant."""
    if not deadline:
        return ""
    if phase is not None and phase.ends_on and deadline > phase.ends_on:
        return _("The deadline %(deadline)s is after the end of the phase “%(phase)s” (%(end)s).") % {
            "deadline": deadline,
            "phase": phase.name,
            "end": phase.ends_on,
        }
    if campaign.ends_on and deadline > campaign.ends_on:
        return _("The deadline %(deadline)s is after the end of the campaign (%(end)s).") % {
            "deadline": deadline,
            "end": campaign.ends_on,
        }
    return ""


class TaskForm(BootstrapFormMixin, forms.ModelForm):
    items = ItemChoiceField(label=_("standard items"), queryset=Item.objects.none(), required=False)

    class Meta:
        model = Task
        fields = [
            "code",
            "title",
            "phase",
            "description",
            "items",
            "department",
            "person",
            "co_departments",
            "deadline",
            "deliverable",
            "recurrence",
        ]
        widgets = {
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "items": forms.SelectMultiple(attrs={"size": 8}),
            "co_departments": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"code": _("Left blank, the next free number is given.")}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        departments = selectors.unit_departments(campaign.unit)
        self.fields["phase"].queryset = campaign.phases.order_by("order")
        self.fields["items"].queryset = Item.objects.filter(standard_id=campaign.standard_id).order_by("order", "id")
        self.fields["items"].widget.attrs["size"] = 8
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments
        self.fields["person"].queryset = selectors.unit_people(campaign.unit)
        self.fields["code"].required = False
        searchable(self)

    def _post_clean(self):
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["code"] = data.get("code") or ""
        return data


class BulkAssignForm(BootstrapFormMixin, forms.Form):
    MODE_PER_ITEM = "per_item"
    MODE_COMBINED = "combined"

    items = forms.ModelMultipleChoiceField(
        label=_("standard items"), queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(
        label=_("How to create tasks"),
        choices=[(MODE_PER_ITEM, _("One task per item")), (MODE_COMBINED, _("One task covering all selected items"))],
        initial=MODE_PER_ITEM,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("task"), max_length=200, required=False, help_text=_("For one task covering the items.")
    )
    department = forms.ModelChoiceField(label=_("responsible department"), queryset=None)
    person = forms.ModelChoiceField(label=_("responsible person"), queryset=None, required=False)
    co_departments = forms.ModelMultipleChoiceField(label=_("co-operating departments"), queryset=None, required=False)
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    phase = forms.ModelChoiceField(label=_("phase"), queryset=None, required=False)
    recurrence = forms.ChoiceField(label=_("recurrence"), choices=Task.Recurrence.choices)
    deliverable = forms.CharField(label=_("deliverable"), max_length=200, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        departments = selectors.unit_departments(campaign.unit)
        self.fields["items"].queryset = Item.objects.filter(standard_id=campaign.standard_id)
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments
        self.fields["person"].queryset = selectors.unit_people(campaign.unit)
        self.fields["phase"].queryset = campaign.phases.order_by("order")
        searchable(self)
        for name in ("items", "mode"):
            self.fields[name].widget.attrs.pop("class", None)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Responsibility table (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )
