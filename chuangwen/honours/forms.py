"""Forms of 评先评优 pages; saves go through the services, model choices through the scope."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department, Person

from .models import HonourType, Nomination

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SelectionForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=80)
    honour_types = forms.ModelMultipleChoiceField(
        label=_("Honour types"), queryset=HonourType.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    nomination_until = forms.DateField(label=_("Nominations until"), widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honour_types"].queryset = HonourType.objects.filter(is_active=True).order_by("code")
        self.fields["honour_types"].widget.attrs["class"] = "form-check-input"
        self.limit_choices(user)


class NominationForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    honour_type = forms.ModelChoiceField(label=_("Honour"), queryset=HonourType.objects.none())
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department (department honours)"), queryset=Department.objects.none(), required=False
    )
    channel = forms.ChoiceField(label=_("Nominated by"), choices=Nomination.Channel.choices)
    reason = forms.CharField(label=_("Deeds and reasons"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, selection, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honour_type"].queryset = selection.honour_types.all()
        self.fields["person"].queryset = Person.objects.filter(
            unit_id=selection.unit_id, is_active=True
        ).select_related("department")
        self.fields["department"].queryset = Department.objects.filter(unit_id=selection.unit_id, is_active=True)
        self.limit_choices(user)


class VoteOpenForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    honour_type = forms.ModelChoiceField(label=_("Honour"), queryset=HonourType.objects.none())
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    choices_limit = forms.IntegerField(label=_("Choose at most"), min_value=1, max_value=100, initial=1)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percent of the roster)"), min_value=1, max_value=100, initial=67
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME)
    departments = forms.ModelMultipleChoiceField(
        label=_("Voters: staff of these departments"), queryset=Department.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    party_members = forms.BooleanField(label=_("Voters: the unit's party members"), required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("Voters: named people"), queryset=Person.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip

    def __init__(self, *args, selection, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_id = selection.unit_id
        self.fields["honour_type"].queryset = selection.honour_types.filter(uses_vote=True)
        self.fields["departments"].queryset = Department.objects.filter(unit_id=selection.unit_id, is_active=True)
        self.fields["people"].queryset = Person.objects.filter(unit_id=selection.unit_id, is_active=True)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + timezone.timedelta(days=2)
        self.limit_choices(user)

    def roster(self) -> list[Person]:
        d = self.cleaned_data
        people = Person.objects.filter(unit_id=self.unit_id, is_active=True)
        chosen = {p.pk: p for p in d.get("people") or []}
        if d.get("departments"):
            chosen.update({p.pk: p for p in people.filter(department__in=d["departments"])})
        if d.get("party_members"):
            party = (Person.Political.CPC, Person.Political.PROBATIONARY)
            chosen.update({p.pk: p for p in people.filter(political_status__in=party)})
        return list(chosen.values())


class ReviewForm(BootstrapFormMixin, forms.Form):
    approve = forms.BooleanField(required=False)
    note = forms.CharField(label=_("Review note"), max_length=500, required=False)


class ObjectionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    upheld = forms.BooleanField(label=_("Objection upheld (the nominee leaves the list)"), required=False)


class PaperVotersForm(ScopedChoicesMixin, BootstrapFormMixin, forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Voters who voted on paper"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Participation

        voted = Participation.objects.filter(session=session).values("person_id")
        self.fields["people"].queryset = (
            Person.objects.filter(pk__in=session.voters.values("person_id")).exclude(pk__in=voted).order_by("name")
        )
        self.fields["people"].widget.attrs["class"] = "form-check-input"
        self.limit_choices(user)


class PaperBallotForm(forms.Form):
    """One kind of paper ballot (the names ticked on it) and how many such ballots were counted."""

    choices = forms.MultipleChoiceField(
        label=_("Names ticked on the ballot"), required=False, widget=forms.CheckboxSelectMultiple
    )
    copies = forms.IntegerField(label=_("Number of such ballots"), min_value=1, max_value=5000, initial=1)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [
            (c.pk, f"{c.nominee_name}（{c.department.name}）")
            for c in session.candidates.select_related("person", "department").order_by("id")
        ]
        self.fields["choices"].widget.attrs["class"] = "form-check-input"
        self.fields["copies"].widget.attrs["class"] = "form-control"
