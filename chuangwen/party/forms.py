"""Forms of party work: a meeting record (with the roster's attendance and the resolutions'
votes), an applicant, a development step. Their choices are limited to the branch (and through
the user's scope: ``ScopedChoicesMixin``); saving goes through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from chuangwen.core import files
from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.evidence.forms import MultipleFileField
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Person
from chuangwen.standards.models import Item

from .access import MEMBER_STATUSES
from .models import DevelopmentStep, MeetingAttendance, MeetingType, PartyGroup
from .services import AttendanceIn, ResolutionIn, campaign_items

MAX_PHOTOS = 9
PHOTO_TYPES = files.PHOTO_TYPES


def prepare_photos(uploads, field: str = "photos") -> list[files.PreparedUpload]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({field: _g("At most %(n)s files.") % {"n": MAX_PHOTOS}})
    return files.prepare_all(
        uploads,
        lambda u: files.prepare_upload(
            u,
            allowed=(*PHOTO_TYPES, "pdf"),
            refusal=_g("The file “%(name)s” is not a photo or a PDF; it cannot be attached."),
        ),
        field=field,
    )


def parse_resolutions(text: str) -> list[ResolutionIn]:
    """Lines "决议内容 | 赞成 | 反对 | 弃权" (the counts optional), errors naming the line."""
    out, errors = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        counts = parts[1:4] + ["0"] * (3 - len(parts[1:4]))
        if not all(c.isdigit() for c in counts) or len(parts) > 4:
            errors.append(
                _g("Line %(n)s: the votes must be whole numbers: text | for | against | abstained.") % {"n": n}
            )
            continue
        out.append(ResolutionIn(parts[0], *(int(c) for c in counts)))
    if errors:
        raise ValidationError(errors)
    return out


class MeetingForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    type = forms.ModelChoiceField(label=_("Meeting type"), queryset=MeetingType.objects.none())
    group = forms.ModelChoiceField(label=_("Party group"), queryset=PartyGroup.objects.none(), required=False)
    title = forms.CharField(label=_("Topic"), max_length=120)
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=60)
    host = forms.ModelChoiceField(label=_("Chaired by"), queryset=Person.objects.none())
    recorder = forms.ModelChoiceField(label=_("Recorded by"), queryset=Person.objects.none())
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}))
    discussion = forms.CharField(label=_("Discussion"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    resolutions = forms.CharField(
        label=_("Resolutions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One a line: text | for | against | abstained."),
    )
    photos = MultipleFileField(label=_("Photos"), help_text=_("Photos or PDF of the sign-in sheet; several at once."))
    items = forms.ModelMultipleChoiceField(
        label=_("Standard items served"),
        queryset=Item.objects.none(),
        required=False,
        help_text=_("The meeting's record goes into these items' folders of the ledger."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, user, branch, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.roster = roster
        self.prepared: list[files.PreparedUpload] = []
        self.fields["type"].queryset = MeetingType.objects.filter(is_active=True)
        self.fields["group"].queryset = PartyGroup.objects.filter(branch=branch, is_active=True)
        people = Person.objects.filter(unit=branch.unit, pk__in=[p.pk for p in roster])
        self.fields["host"].queryset = people
        self.fields["recorder"].queryset = people
        self.fields["items"].queryset = campaign_items(branch.unit_id).order_by("order", "id")
        self.fields["items"].label_from_instance = lambda it: f"{it.code} {it.title}"
        for p in roster:
            self.fields[f"att_{p.pk}"] = forms.ChoiceField(
                label=p.name,
                choices=MeetingAttendance.Status.choices,
                initial=MeetingAttendance.Status.PRESENT,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"reason_{p.pk}"] = forms.CharField(
                label=_("Reason for leave"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
        self.limit_choices(user)

    def attendance_rows(self):
        return [(p, self[f"att_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.roster]

    def visible_main_fields(self):
        return [f for f in self if not f.name.startswith(("att_", "reason_"))]

    def clean_resolutions(self):
        return parse_resolutions(self.cleaned_data.get("resolutions", ""))

    def clean_photos(self):
        self.close_prepared()
        self.prepared = prepare_photos(self.cleaned_data.get("photos"))
        return self.prepared

    def attendance(self) -> list[AttendanceIn]:
        return [
            AttendanceIn(p, self.cleaned_data[f"att_{p.pk}"], self.cleaned_data.get(f"reason_{p.pk}", ""))
            for p in self.roster
        ]

    def close_prepared(self) -> None:
        for p in self.prepared:
            p.close()
        self.prepared = []


class ApplicantForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none())
    applied_on = forms.DateField(
        label=_("Application handed in on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(unit=branch.unit, is_active=True)
            .exclude(political_status__in=MEMBER_STATUSES)
            .select_related("department")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.department.name}）"
        self.limit_choices(user)


class StepForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    step = forms.ModelChoiceField(label=_("Step"), queryset=DevelopmentStep.objects.none())
    done_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    people = forms.ModelMultipleChoiceField(
        label=_("People responsible"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("培养联系人 at step 5, 入党介绍人 at step 9."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    training_days = forms.IntegerField(label=_("Training days"), min_value=0, required=False)
    training_hours = forms.IntegerField(label=_("Class hours"), min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    documents = MultipleFileField(label=_("Documents"), help_text=_("Photos or PDF; several at once."))

    def __init__(self, *args, user, applicant, done_numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared: list[files.PreparedUpload] = []
        self.fields["step"].queryset = DevelopmentStep.objects.exclude(number__in=done_numbers)
        self.fields["people"].queryset = Person.objects.filter(
            unit_id=applicant.unit_id, political_status__in=MEMBER_STATUSES, is_active=True
        )
        self.limit_choices(user)

    def clean_documents(self):
        self.close_prepared()
        self.prepared = prepare_photos(self.cleaned_data.get("documents"), field="documents")
        return self.prepared

    def close_prepared(self) -> None:
        for p in self.prepared:
            p.close()
        self.prepared = []
