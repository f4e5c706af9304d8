"""Inspection rounds (检查轮次): the list, planning one, editing it, and its page with its findings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedListView

from .. import selectors
from ..filtersets import RoundFilterSet
from ..forms import RoundForm
from ..models import INSPECT, Finding, InspectionRound
from ..services import rounds as round_services
from .common import errors_to_form

ROUND_FINDINGS_SHOWN = 200


class RoundListView(ScopedListView):
    """检查轮次: the rounds the user organises or inspects in, newest first."""

    model = InspectionRound
    unit_field = None
    filterset_class = RoundFilterSet
    template_name = "inspections/round_list.html"
    paginate_by = 30

    def base_queryset(self):
        live = Q(findings__archived_at__isnull=True)
        return (
            InspectionRound.objects.filter(archived_at__isnull=True)
            .select_related("owner_unit")
            .annotate(
                finding_count=Count("findings", filter=live),
                closed_count=Count("findings", filter=live & Q(findings__state=Finding.State.CLOSED)),
            )
            .order_by("-starts_on", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = selectors.units_user_can_plan(self.request.user).exists()
        return ctx


@login_required
def round_create(request):
    if not selectors.units_user_can_plan(request.user).exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = round_services.round_create(user=request.user, **form.service_kwargs())
            messages.success(request, _("Inspection round saved."))
            return redirect("inspections:round_detail", rnd.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "inspections/round_form.html", {"form": form})


@login_required
def round_update(request, pk):
    rnd = selectors.round_detail(request.user, pk)
    if rnd is None:
        raise Http404
    if not can(request.user, rnd, CHANGE):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            round_services.round_update(round=rnd, user=request.user, **form.service_kwargs())
            messages.success(request, _("Inspection round saved."))
            return redirect("inspections:round_detail", rnd.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "inspections/round_form.html", {"form": form, "round": rnd})


@login_required
def round_detail(request, pk):
    rnd = selectors.round_detail(request.user, pk)
    if rnd is None:
        raise Http404
    findings = selectors.finding_rows(selectors.visible_findings(request.user).filter(round=rnd))
    counts = dict(findings.order_by().values_list("state").annotate(n=Count("id")))
    ctx = {
        "round": rnd,
        "findings": findings[:ROUND_FINDINGS_SHOWN],
        "counts": [(s.value, s.label, counts.get(s.value, 0)) for s in Finding.State],
        "total": sum(counts.values()),
        "shown": ROUND_FINDINGS_SHOWN,
        "can_record": rnd.status != InspectionRound.Status.FINISHED
        and selectors.visible_rounds(request.user, INSPECT).filter(pk=rnd.pk).exists(),
        "can_change": can(request.user, rnd, CHANGE),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/round_detail.html", ctx)
