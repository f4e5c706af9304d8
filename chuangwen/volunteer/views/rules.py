"""The office's rules page: the year's targets and the unit's star levels (data, with history)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import RuleForm, StarLevelsForm
from ..models import ServiceRule
from .common import is_office, page_unit, page_year, years


def _levels_text(levels) -> str:
    return "\n".join(f"{s.name}, {format(s.min_hours.normalize(), 'f')}" for s in levels)


@login_required
def rules(request):
    unit = page_unit(request)
    year = page_year(request)
    office = is_office(request.user, unit)
    existing = {r.kind: r for r in ServiceRule.objects.visible_to(request.user).filter(unit=unit, year=year)}
    levels = services.star_levels_seed(unit=unit)
    rule_form = RuleForm(None, rules=existing)
    star_form = StarLevelsForm(None, initial={"levels": _levels_text(levels)})
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        if request.POST.get("action") == "stars":
            star_form = StarLevelsForm(request.POST)
            if star_form.is_valid():
                try:
                    services.star_levels_set(unit=unit, user=request.user, levels=star_form.cleaned_data["levels"])
                except ValidationError as exc:
                    star_form.add_error("levels", exc.messages)
                else:
                    messages.success(request, _("Star levels saved."))
                    return redirect(f"{request.path}?year={year}")
        else:
            rule_form = RuleForm(request.POST, rules=existing)
            if rule_form.is_valid():
                data = rule_form.cleaned_data
                try:
                    with transaction.atomic():
                        _save_rules(request.user, unit, year, data, existing)
                except ValidationError as exc:
                    for errors in exc.message_dict.values():
                        rule_form.add_error(None, errors)
                else:
                    messages.success(request, _("Targets for %(year)s saved.") % {"year": year})
                    return redirect(f"{request.path}?year={year}")
    ctx = {"unit": unit, "year": year, "years": years(year), "office": office, "rule_form": rule_form,
           "star_form": star_form, "levels": levels}  # fmt: skip
    return render(request, "volunteer/rules.html", ctx)


def _save_rules(user, unit, year, data, existing) -> None:
    for kind in ServiceRule.Kind.values:
        if data[kind] is not None:
            services.rule_set(unit=unit, user=user, year=year, kind=kind, target=data[kind], basis=data["basis"])
        elif kind in existing:
            old = existing[kind]
            services.rule_set(unit=unit, user=user, year=year, kind=kind, target=old.target, is_active=False,
                              basis=old.basis)  # fmt: skip
