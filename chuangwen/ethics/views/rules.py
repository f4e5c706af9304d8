"""Rule-set pages: the list, a new draft (the standard rules), a draft's editor with the checker's
report on every save (weights, mistakes, gaps and overlaps with an example point), publishing,
and a new version of a published set with its reason."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit, get_visible_or_404
from chuangwen.core.workdays import local_today

from .. import services
from ..forms import style_widgets
from ..models import Component, GradeRule, RuleSet, VetoAct
from ..rules_text import format_rules, parse
from .common import flash_errors


@login_required
def rule_list(request):
    rule_sets = RuleSet.objects.visible_to(request.user).select_related("unit")[:50]
    unit = getattr(request, "current_unit", None)
    office = bool(unit) and can_in_unit(request.user, RuleSet, unit, CHANGE)
    acts = VetoAct.objects.filter(Q(unit__isnull=True) | Q(unit=unit)) if unit else VetoAct.objects.none()
    ctx = {"rule_sets": rule_sets, "office": office, "year": local_today().year, "acts": acts}
    return render(request, "ethics/rules.html", ctx)


@require_POST
@login_required
def veto_act_create(request):
    unit = getattr(request, "current_unit", None)
    if unit is None:
        raise PermissionDenied
    try:
        services.veto_act_add(unit=unit, name=request.POST.get("name", ""), by=request.user)
    except ValidationError as e:
        flash_errors(request, e)
    else:
        messages.success(request, _("The veto act is added."))
    return redirect("ethics:rules")


@require_POST
@login_required
def rule_create(request):
    unit = getattr(request, "current_unit", None)
    if unit is None or not can_in_unit(request.user, RuleSet, unit, CHANGE):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year") or local_today().year)
    except ValueError:
        year = local_today().year
    rule_set = services.ruleset_create(unit=unit, year=year, by=request.user)
    return redirect("ethics:rule_detail", rule_set.pk)


class RuleSetForm(forms.Form):
    excellent_quota = forms.DecimalField(
        label=gettext_lazy("Excellent at most (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    quota_scope = forms.ChoiceField(label=gettext_lazy("Quota applies to"), choices=RuleSet.QuotaScope.choices)
    rules_text = forms.CharField(
        label=gettext_lazy("Grade rules (one a line)"),
        widget=forms.Textarea(attrs={"rows": 9, "class": "font-monospace"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Component.Kind.choices:
            self.fields[f"w_{kind}"] = forms.DecimalField(
                label=_("%(c)s weight (%%)") % {"c": label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
            )
        style_widgets(self)


def _initial(rule_set):
    initial = {
        "excellent_quota": rule_set.excellent_quota,
        "quota_scope": rule_set.quota_scope,
        "rules_text": format_rules(rule_set.grade_rules.all()),
    }
    for c in rule_set.components.all():
        initial[f"w_{c.kind}"] = c.weight
    return initial


@transaction.atomic
def _save(rule_set, data, rules):
    rule_set.excellent_quota = data["excellent_quota"]
    rule_set.quota_scope = data["quota_scope"]
    rule_set.save()
    rule_set.components.all().delete()
    rule_set.grade_rules.all().delete()
    for kind in Component.Kind.values:
        weight = data.get(f"w_{kind}")
        if weight:
            Component.objects.create(rule_set=rule_set, kind=kind, weight=weight)
    for n, (grade, conditions, on_veto) in enumerate(rules):
        GradeRule.objects.create(rule_set=rule_set, grade=grade, conditions=conditions, on_veto=on_veto, position=n)


@login_required
def rule_detail(request, pk):
    rule_set = get_visible_or_404(RuleSet.objects.select_related("unit"), request.user, pk=pk)
    office = can_in_unit(request.user, RuleSet, rule_set.unit, CHANGE)
    editable = office and not rule_set.frozen
    form = RuleSetForm(request.POST or None, initial=_initial(rule_set)) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            rules, errors = parse(form.cleaned_data["rules_text"])
            if errors:
                form.add_error("rules_text", errors)
            else:
                _save(rule_set, form.cleaned_data, rules)
                messages.success(request, _("The rule set is saved; see the check below."))
                return redirect("ethics:rule_detail", rule_set.pk)
    check = services.ruleset_check(rule_set)
    return render(
        request,
        "ethics/rule_detail.html",
        {
            "rule_set": rule_set,
            "components": list(rule_set.components.all()),
            "grade_rules_text": format_rules(rule_set.grade_rules.all()),
            "form": form,
            "check": check,
            "office": office,
            "versions": RuleSet.objects.filter(unit=rule_set.unit, year=rule_set.year).order_by("-version"),
            "total": sum((c.weight for c in rule_set.components.all()), Decimal(0)),
        },
    )


@require_POST
@login_required
def rule_publish(request, pk):
    rule_set = get_visible_or_404(RuleSet.objects.select_related("unit"), request.user, CHANGE, pk=pk)
    try:
        services.ruleset_publish(rule_set=rule_set, by=request.user)
    except ValidationError as e:
        flash_errors(request, e)
    else:
        messages.success(request, _("The rule set is published and frozen."))
    return redirect("ethics:rule_detail", rule_set.pk)


@require_POST
@login_required
def rule_version(request, pk):
    rule_set = get_visible_or_404(RuleSet.objects.select_related("unit"), request.user, CHANGE, pk=pk)
    try:
        new = services.ruleset_new_version(rule_set=rule_set, reason=request.POST.get("reason", ""), by=request.user)
    except ValidationError as e:
        flash_errors(request, e)
        return redirect("ethics:rule_detail", rule_set.pk)
    messages.success(request, _("A new draft version is made; publish it when ready."))
    return redirect("ethics:rule_detail", new.pk)
