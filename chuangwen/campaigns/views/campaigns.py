"""Pages of campaigns (创建方案): list, create and edit with their phases, detail with the
leading group and office. Task pages live in ``tasks``."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, get_visible_or_404
from chuangwen.core.views import ScopedDetailView, ScopedListView

from .. import selectors, services
from ..forms import (
    CampaignForm,
    MemberForm,
    PhaseCreateFormSet,
    PhaseFormSet,
    add_service_errors,
    phase_specs,
)
from ..models import Campaign, CampaignMember, Task


def campaign_for(request, pk: int, action: str = VIEW) -> Campaign:
    """A campaign through the user's scope: 404 outside it, 403 when it may only be viewed."""
    campaign = get_visible_or_404(Campaign.objects.select_related("unit", "standard"), request.user, VIEW, pk=pk)
    if action != VIEW and not can(request.user, campaign, action):
        raise PermissionDenied
    return campaign


class CampaignListView(ScopedListView):
    model = Campaign
    template_name = "campaigns/campaign_list.html"

    def base_queryset(self):
        return Campaign.objects.select_related("unit", "standard").order_by("-year", "unit__code", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaigns = list(ctx["object_list"])
        counts = selectors.campaign_task_counts([c.pk for c in campaigns])
        ctx["rows"] = [(c, counts[c.pk]) for c in campaigns]
        unit = self.request.current_unit
        ctx["can_create"] = (
            bool(unit) and selectors.units_for_new_campaign(self.request.user).filter(pk=unit.pk).exists()
        )
        return ctx


def _phase_formset_initial(starts_on: date, ends_on: date):
    return [
        {"name": p.name, "kind": p.kind, "starts_on": p.starts_on, "ends_on": p.ends_on}
        for p in services.default_phases(starts_on, ends_on)
    ]


@login_required
def campaign_create(request):
    unit = request.current_unit
    if not unit or not selectors.units_for_new_campaign(request.user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    year = timezone.localdate().year
    starts_on, ends_on = date(year, 2, 1), date(year, 11, 30)
    initial = {
        "name": f"{year}年创建文明单位",
        "year": year,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": Campaign.Status.PLANNING,
    }
    form = CampaignForm(request.POST or None, unit=unit, initial=initial)
    initial_phases = _phase_formset_initial(starts_on, ends_on)
    formset = PhaseCreateFormSet(request.POST or None, prefix="phases", initial=initial_phases)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            campaign = services.campaign_create(
                unit=unit, user=request.user, phases=phase_specs(formset) or None, **form.cleaned_data
            )
        except ValidationError as exc:
            _service_errors(form, formset, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "formset": formset, "object": None})


def _service_errors(form, formset, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict") and "phases" in exc.error_dict:
        for message in exc.message_dict.pop("phases"):
            formset._non_form_errors = formset.non_form_errors() + [message]
        rest = {k: v for k, v in exc.message_dict.items() if k != "phases"}
        if rest:
            add_service_errors(form, ValidationError(rest))
        return
    add_service_errors(form, exc)


@login_required
def campaign_update(request, pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    form = CampaignForm(request.POST or None, unit=campaign.unit, instance=campaign)
    formset = PhaseFormSet(request.POST or None, instance=campaign, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                services.campaign_update(
                    campaign=campaign, user=request.user, phases=phase_specs(formset), **form.cleaned_data
                )
        except ValidationError as exc:
            _service_errors(form, formset, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "formset": formset, "object": campaign})


class CampaignDetailView(ScopedDetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"

    def base_queryset(self):
        return selectors.campaign_detail_queryset()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.object
        today = timezone.localdate()
        phases = list(campaign.phases.all())
        ctx["phases"] = phases
        ctx["current_phase"] = next((p for p in phases if p.starts_on <= today <= p.ends_on), None)
        ctx["today"] = today
        members = list(campaign.members.all())
        ctx["leading_group"] = [m for m in members if m.group == CampaignMember.Group.LEADING]
        ctx["office_members"] = [m for m in members if m.group == CampaignMember.Group.OFFICE]
        counts = selectors.task_status_counts(campaign)
        ctx["counts"] = counts
        ctx["status_rows"] = [(value, label, counts[value]) for value, label in Task.Status.choices]
        ctx["can_change"] = can(self.request.user, campaign, CHANGE)
        if ctx["can_change"]:
            ctx["member_form"] = MemberForm(campaign=campaign)
        return ctx


@login_required
@require_POST
def member_add(request, pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    form = MemberForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            services.campaign_member_add(campaign=campaign, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for e in errors:
                    messages.error(request, e)
        else:
            messages.success(request, _("Member added."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("campaigns:campaign_detail", campaign.pk)


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    member = get_object_or_404(CampaignMember, pk=member_pk, campaign=campaign, archived_at__isnull=True)
    services.campaign_member_remove(member=member, user=request.user)
    messages.success(request, _("Member removed."))
    return redirect("campaigns:campaign_detail", campaign.pk)
