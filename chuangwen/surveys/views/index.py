"""The satisfaction index (满意度指数) of a unit, its alert settings and the acknowledgement of
an alert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.org.models import Department
from chuangwen.org.selectors import can_create_in_current_unit

from .. import selectors, services
from ..forms import SettingsForm
from ..models import SatisfactionAlert, SatisfactionSettings
from .common import changeable


@login_required
def dashboard(request):
    today = timezone.localdate().replace(day=1)
    month = selectors.parse_month(request.GET.get("month"), today)
    unit = request.current_unit
    template = department = None
    if unit is not None and request.GET.get("template", "").isdigit():
        template = selectors.templates(user=request.user, unit=unit).filter(pk=request.GET["template"]).first()
    if unit is not None and request.GET.get("department", "").isdigit():
        department = Department.objects.visible_to(request.user).filter(unit=unit, pk=request.GET["department"]).first()
    data = selectors.dashboard(user=request.user, unit=unit, month=month, template=template, department=department)
    chart = {
        "months": [f"{m:%Y-%m}" for m in data.months],
        "total": data.trend_total,
        "series": [{"name": r["name"], "data": r["trend"]} for r in data.rows],
        "lowest": [r["name"] for r in data.rows[:3]],
        "totalName": _("All departments") if unit is not None else _("All units"),
    }
    ctx = {
        "data": data,
        "month_value": f"{month:%Y-%m}",
        "previous_month": f"{selectors.add_months(month, -1):%Y-%m}",
        "next_month": f"{selectors.add_months(month, 1):%Y-%m}" if month < today else "",
        "chart": chart,
        "templates": selectors.templates(user=request.user, unit=unit) if unit else [],
        "departments": Department.objects.visible_to(request.user).filter(unit=unit) if unit else [],
        "template": template,
        "department": department,
        "alerts": selectors.alerts(user=request.user, unit=unit).filter(month__gte=data.months[0])[:20],
        "threshold": services.settings_for(unit.pk)[0] if unit else None,
        "can_settings": unit is not None and can_create_in_current_unit(request, SatisfactionSettings),
        "freshness": selectors.freshness(user=request.user, unit=unit),
    }
    return render(request, "surveys/dashboard.html", ctx)


@login_required
@require_POST
def alert_acknowledge(request, pk):
    alert = changeable(request, SatisfactionAlert.objects.all(), pk)
    services.alert_acknowledge(alert=alert, user=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect(request.POST.get("next") or reverse("surveys:dashboard"))


@login_required
def settings_edit(request):
    unit = request.current_unit
    if unit is None or not can_create_in_current_unit(request, SatisfactionSettings):
        raise PermissionDenied
    instance = SatisfactionSettings.objects.filter(unit=unit).first() or SatisfactionSettings(unit=unit)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.settings_update(unit=unit, user=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("surveys:dashboard")
    return render(request, "surveys/settings_form.html", {"form": form})
