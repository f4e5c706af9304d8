"""Forms of the inspections app: planning a round, recording a finding on a phone, and the
forms of the loop (dispatch, answer, re-check, reopen, archive). Forms only parse; the services
decide (permissions, transitions, versions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Membership, Person, Unit, User
from chuangwen.standards.models import Item

from . import selectors
from .models import Finding, InspectionRound
from .services.photos import prepare_photos


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos in one input; on a phone it opens the camera. Checked by content in the
    form (``prepared``), JPEG or PNG only."""

    def __init__(self, *args, **kwargs):
        attrs = {"accept": "image/*", "capture": "environment", "class": "form-control"}
        kwargs.setdefault("widget", MultiplePhotoInput(attrs=attrs))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotoField, self).clean(f, initial) for f in files]


class PhotoFormMixin:
    """Stages the photos (``self.prepared``) once the form is valid; the caller hands them to a
    service and closes them (``close_prepared``) whatever happens."""

    def clean_photos(self):
        try:
            self.prepared = prepare_photos(self.cleaned_data.get("photos") or [])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("photos", exc.messages)) from None
        return self.prepared

    def close_prepared(self) -> None:
        for p in getattr(self, "prepared", []):
            p.close()
        self.prepared = []


def _textarea(rows: int):
    return forms.Textarea(attrs={"rows": rows})


def _date_input():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class RoundForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    """A round: what kind, who organises it, which units and departments, inspectors, checklist."""

    owner_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Organised by"))
    kind = forms.ChoiceField(choices=InspectionRound.Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=_("Title"))
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_input())
    ends_on = forms.DateField(label=_("Ends on"), widget=_date_input())
    status = forms.ChoiceField(choices=InspectionRound.Status.choices, label=_("Status"))
    target_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Inspected units"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    target_departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Inspected departments"),
        help_text=_("Leave empty to inspect every department."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Inspectors"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    items = forms.ModelMultipleChoiceField(
        queryset=Item.objects.none(),
        required=False,
        label=_("Checklist: standard items"),
        help_text=_("Items of the inspected units' active campaign standard."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    free_checks = forms.CharField(
        required=False,
        label=_("Checklist: other checks"),
        help_text=_("One check a line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(required=False, label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, instance: InspectionRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        plannable = selectors.units_user_can_plan(user)
        own = plannable.filter(pk__in=[m.unit_id for m in user.scope_memberships() if m.unit_id])
        owners = own if own.exists() else plannable
        self.fields["owner_unit"].queryset = owners
        if instance is not None:
            del self.fields["owner_unit"]
        else:
            del self.fields["status"]
            if owners.count() == 1:
                self.fields["owner_unit"].initial = owners.first()
                self.fields["owner_unit"].widget = forms.HiddenInput()
        units = selectors.units_user_can_inspect(user).order_by("kind", "code")
        self.fields["target_units"].queryset = units
        unit_ids = list(units.values_list("pk", flat=True)[:2])
        if len(unit_ids) == 1:
            self.fields["target_units"].initial = unit_ids
            self.fields["target_departments"].queryset = Department.objects.filter(
                unit_id=unit_ids[0], is_active=True
            ).order_by("sort_order", "id")
        else:
            # A bureau inspects whole units; departments are chosen per finding.
            del self.fields["target_departments"]
        owner_ids = list(owners.values_list("pk", flat=True)) + ([instance.owner_unit_id] if instance else [])
        self.fields["inspectors"].queryset = (
            User.objects.filter(
                pk__in=Membership.objects.filter(unit_id__in=owner_ids, is_active=True).values("user_id"),
                is_active=True,
            )
            .select_related("person__department")
            .order_by("person__department__sort_order", "person__name", "username")
        )
        self.fields["inspectors"].label_from_instance = _user_label
        self.fields["items"].queryset = selectors.campaign_items(units)
        self.fields["items"].label_from_instance = lambda i: f"{i.code} {i.title[:36]}"
        if instance is not None:
            self.initial.update(
                {
                    "kind": instance.kind,
                    "title": instance.title,
                    "starts_on": instance.starts_on,
                    "ends_on": instance.ends_on,
                    "status": instance.status,
                    "target_units": list(instance.target_units.all()),
                    "target_departments": list(instance.target_departments.all()),
                    "inspectors": list(instance.inspectors.all()),
                    "items": [e.item for e in instance.checklist.all() if e.item_id],
                    "free_checks": "\n".join(e.text for e in instance.checklist.all() if not e.item_id),
                    "notes": instance.notes,
                }
            )
        self.limit_choices(user)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs = {
            "kind": d["kind"],
            "title": d["title"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
            "target_units": list(d["target_units"]),
            "target_departments": list(d.get("target_departments") or []),
            "inspectors": list(d["inspectors"]),
            "items": list(d["items"]),
            "free_checks": (d["free_checks"] or "").splitlines(),
            "notes": d["notes"],
        }
        if self.instance is None:
            kwargs["owner_unit"] = d["owner_unit"]
        else:
            kwargs["status"] = d["status"]
        return kwargs


def _user_label(u) -> str:
    """方志峰（创文办）: the name people know and where they work, never the login name."""
    person = getattr(u, "person", None)
    if person is None:
        return u.get_full_name() or str(u)
    return f"{person.name}（{person.department.name}）" if person.department_id else person.name


class FindingForm(ScopedChoicesMixin, PhotoFormMixin, BootstrapFormMixin, forms.Form):
    """记录问题 on a phone: where, what, how bad, photos from the camera. The office may give the
    responsible person and a deadline to send the order at once."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, label=_("Department"))
    item = forms.ModelChoiceField(queryset=Item.objects.none(), required=False, label=_("Standard item"))
    description = forms.CharField(
        label=_("Problem"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"})
    )
    location = forms.CharField(
        required=False, max_length=200, label=_("Location"), help_text=_("e.g. 住院部3楼东侧走廊")
    )
    severity = forms.ChoiceField(
        choices=Finding.Severity.choices, initial=Finding.Severity.GENERAL, label=_("Severity")
    )
    points_deducted = forms.DecimalField(
        min_value=0, max_digits=6, decimal_places=2, initial=0, label=_("Points deducted")
    )
    photos = PhotoField(help_text=_("JPEG or PNG; several at once. On a phone the camera opens."))
    responsible_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Responsible person")
    )
    deadline = forms.DateField(
        required=False,
        label=_("Rectification deadline"),
        help_text=_("Give the department and a deadline to send the order at once."),
        widget=_date_input(),
    )

    def __init__(self, *args, user, round: InspectionRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.prepared = []
        if round is not None:
            units = round.target_units.filter(is_active=True)
            items = selectors.checklist_items(round)
        else:
            units = selectors.units_user_can_inspect(user).filter(kind=Unit.Kind.HOSPITAL)
            items = selectors.campaign_items(units)
        units = units.order_by("code")
        self.fields["unit"].queryset = units
        unit_list = list(units[:2])
        several = len(unit_list) > 1
        if not several and unit_list:
            self.fields["unit"].initial = unit_list[0]
            self.fields["unit"].widget = forms.HiddenInput()
        departments = Department.objects.filter(unit__in=units, is_active=True).select_related("unit")
        if round is not None and round.target_departments.exists():
            departments = departments.filter(pk__in=round.target_departments.values("pk"))
        self.fields["department"].queryset = departments.order_by("unit__code", "sort_order", "id")
        if several:
            self.fields["department"].label_from_instance = lambda d: f"{d.unit.short_name or d.unit.name} · {d.name}"
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.code} {i.title[:30]}"
        dispatch_units = selectors.units_user_can_dispatch(user).filter(pk__in=[u.pk for u in unit_list])
        if not several and unit_list and dispatch_units.exists():
            self.fields["responsible_person"].queryset = selectors.assignable_people(unit_list[0])
            self.fields["responsible_person"].label_from_instance = lambda p: f"{p.department.name} · {p.name}"
        else:
            del self.fields["responsible_person"]
            del self.fields["deadline"]
        self.limit_choices(user)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "unit": d["unit"],
            "round": self.round,
            "department": d.get("department"),
            "item": d.get("item"),
            "description": d["description"],
            "location": d.get("location") or "",
            "severity": d["severity"],
            "points_deducted": d["points_deducted"],
            "photos": self.prepared,
            "responsible_person": d.get("responsible_person"),
            "deadline": d.get("deadline"),
        }


class VersionForm(forms.Form):
    """Every form of the loop carries the version it was read at (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DispatchForm(BootstrapFormMixin, VersionForm):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Responsible department"))
    responsible_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Responsible person")
    )
    deadline = forms.DateField(label=_("Rectification deadline"), widget=_date_input())
    note = forms.CharField(
        required=False, max_length=2000, label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(unit_id=finding.unit_id, is_active=True)
        self.fields["responsible_person"].queryset = selectors.assignable_people(finding.unit)
        self.fields["responsible_person"].label_from_instance = lambda p: f"{p.department.name} · {p.name}"
        self.initial.setdefault("version", finding.version)
        if finding.department_id:
            self.initial.setdefault("department", finding.department_id)


class RespondForm(PhotoFormMixin, BootstrapFormMixin, VersionForm):
    text = forms.CharField(label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotoField(help_text=_("Photos after the rectification."))

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = []
        self.initial.setdefault("version", finding.version)


class RecheckForm(PhotoFormMixin, BootstrapFormMixin, VersionForm):
    decision = forms.ChoiceField(
        label=_("Re-check result"),
        choices=[("pass", _("Passed: close it")), ("fail", _("Failed: send it back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Reason (required when it fails)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline = forms.DateField(required=False, label=_("New deadline"), widget=_date_input())
    photos = PhotoField(help_text=_("Photos of the re-check."))

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = []
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.initial.setdefault("version", finding.version)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "fail" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required when the re-check fails."))
            self.close_prepared()
        return data


class ReopenForm(PhotoFormMixin, BootstrapFormMixin, VersionForm):
    reason = forms.CharField(
        max_length=2000, label=_("What the follow-up check found"), widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("New deadline"), widget=_date_input())
    photos = PhotoField()

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = []
        self.initial.setdefault("version", finding.version)


class ArchiveForm(BootstrapFormMixin, VersionForm):
    reason = forms.CharField(required=False, max_length=500, label=_("Why it is archived"))

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", finding.version)
