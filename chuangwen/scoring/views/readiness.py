"""创建达标 page: the pass lines of the user's region (a bureau sets them) and the title vetoes
recorded on units (a bureau or the hospital's office records them, and withdraws one recorded in
error with the reason). Anyone else finds no such page (404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.org.models import Unit
from chuangwen.standards.models import TitleLevel

from ..models import PassLine, UnitVeto, VetoCondition
from ..readiness import pass_line_for, pass_line_set, supervised_regions, veto_record, veto_withdraw

_INPUT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class PassLineForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("title level"), choices=TitleLevel.choices, widget=forms.Select(_SELECT)
    )
    percent = forms.DecimalField(
        label=gettext_lazy("pass line (% of the points)"),
        min_value=1,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput({**_INPUT, "step": "0.5"}),
    )
    note = forms.CharField(label=gettext_lazy("source"), max_length=200, required=False, widget=forms.TextInput(_INPUT))


class VetoForm(ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = UnitVeto
        fields = ["unit", "condition", "occurred_on", "description", "record"]
        widgets = {
            "unit": forms.Select(_SELECT),
            "condition": forms.Select(_SELECT),
            "occurred_on": forms.DateInput({**_INPUT, "type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea({**_INPUT, "rows": 2}),
            "record": forms.TextInput(_INPUT),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(kind=Unit.Kind.HOSPITAL, is_active=True).order_by("name")
        self.fields["condition"].queryset = VetoCondition.objects.filter(is_active=True)
        self.limit_choices(user)


def _may_open(user) -> bool:
    """A bureau (sets lines) or any role that may see unit vetoes; others find no page."""
    return bool(supervised_regions(user)) or any(
        VIEW in UnitVeto.scoping.perms.get(m.role, ()) for m in user.scope_memberships()
    )


@login_required
def readiness_page(request):
    if not _may_open(request.user):
        raise Http404
    regions = supervised_regions(request.user)
    line_form = PassLineForm(request.POST if request.POST.get("form") == "line" else None)
    veto_form = VetoForm(request.POST if request.POST.get("form") == "veto" else None, user=request.user)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "line" and regions and line_form.is_valid():
                data = line_form.cleaned_data
                pass_line_set(
                    user=request.user,
                    region=regions[0],
                    level=data["level"],
                    percent=data["percent"],
                    note=data["note"],
                )
                messages.success(request, _("The pass line is saved."))
                return redirect("readiness:page")
            if request.POST.get("form") == "veto" and veto_form.is_valid():
                data = veto_form.cleaned_data
                veto_record(user=request.user, **data)
                messages.success(request, _("The veto is recorded; the unit is shown as ineligible."))
                return redirect("readiness:page")
        except ValidationError as exc:
            target = line_form if request.POST.get("form") == "line" else veto_form
            for field, errors in exc.message_dict.items():
                target.add_error(field if field in target.fields else None, errors)
    lines = PassLine.objects.filter(region__in=regions).select_related("region") if regions else []
    unit = request.current_unit
    own_lines = (
        [(label, pass_line_for(unit, level)) for level, label in TitleLevel.choices]
        if unit is not None and unit.kind == Unit.Kind.HOSPITAL
        else []
    )
    vetoes = (
        UnitVeto.objects.visible_to(request.user)
        .select_related("unit", "condition", "recorded_by", "withdrawn_by")
        .order_by("-occurred_on", "-id")[:200]
    )
    today = timezone.localdate()
    context = {
        "regions": regions,
        "lines": lines,
        "own_lines": own_lines,
        "line_form": line_form,
        "veto_form": veto_form,
        "vetoes": [(v, v.withdrawn_at is None and v.occurred_on <= today <= v.ends_on) for v in vetoes],
        "may_record": bool(veto_form.fields["unit"].queryset.exists()) and _records_somewhere(request.user),
    }
    return render(request, "scoring/readiness.html", context)


def _records_somewhere(user) -> bool:
    return any(CHANGE in UnitVeto.scoping.perms.get(m.role, ()) for m in user.scope_memberships())


@login_required
@require_POST
def veto_withdraw_view(request, pk: int):
    veto = get_visible_or_404(UnitVeto.objects.all(), request.user, CHANGE, pk=pk)
    try:
        veto_withdraw(user=request.user, veto=veto, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The veto is withdrawn; it stays in the record."))
    return redirect("readiness:page")
