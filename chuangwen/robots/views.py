"""Pages of the robots app: the office's robots (list, new, edit, test message), their messages
with the failures, and everyone's notification settings (通知设置)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.views import ScopedListView

from . import kinds, selectors, services, webhooks
from .filtersets import DeliveryFilterSet
from .forms import PreferencesForm, RobotForm
from .models import Delivery, Robot


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _robot_or_404(request, pk, action=CHANGE) -> Robot:
    robot = Robot.objects.visible_to(request.user).select_related("unit", "department").filter(pk=pk).first()
    if robot is None:
        raise Http404
    if action == CHANGE and not can(request.user, robot, CHANGE):
        raise PermissionDenied
    return robot


def _office_unit(request):
    unit = request.current_unit
    if unit is None or not can_in_unit(request.user, Robot, unit, CHANGE):
        raise PermissionDenied
    return unit


READERS = {"office", "admin", "supervisor"}


def _may_read(user) -> bool:
    return user.is_superuser or any(m.role in READERS for m in user.scope_memberships())


@login_required
def robot_list(request):
    if not _may_read(request.user):
        raise PermissionDenied
    unit = request.current_unit
    may_change = unit is not None and can_in_unit(request.user, Robot, unit, CHANGE)
    robots = list(selectors.robots_for(request.user, unit))
    for r in robots:
        r.kind_labels = [kinds.label(k) for k in r.kinds]
    return render(
        request,
        "robots/robot_list.html",
        {
            "robots": robots,
            "may_change": may_change,
            "failed": selectors.failed_count(request.user, unit),
        },
    )


@login_required
def robot_create(request):
    unit = _office_unit(request)
    form = RobotForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.robot_create(unit=unit, user=request.user, **form.service_fields())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Robot saved."))
            return redirect("robots:robot_list")
    return render(request, "robots/robot_form.html", {"form": form, "examples": webhooks.EXAMPLES})


@login_required
def robot_update(request, pk):
    robot = _robot_or_404(request, pk)
    form = RobotForm(request.POST or None, user=request.user, unit=robot.unit, instance=robot)
    if request.method == "POST" and form.is_valid():
        try:
            services.robot_update(robot=robot, user=request.user, **form.service_fields())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Robot saved."))
            return redirect("robots:robot_list")
    return render(request, "robots/robot_form.html", {"form": form, "robot": robot, "examples": webhooks.EXAMPLES})


@login_required
@require_POST
def robot_test(request, pk):
    robot = _robot_or_404(request, pk)
    delivery = services.robot_test(robot=robot, user=request.user)
    if delivery.status == Delivery.Status.SENT:
        messages.success(request, _("Test message sent to “%(robot)s”.") % {"robot": robot.name})
    else:
        messages.error(
            request,
            _("The test message to “%(robot)s” failed: %(error)s")
            % {"robot": robot.name, "error": delivery.last_error},
        )
    return redirect("robots:robot_list")


class DeliveryListView(ScopedListView):
    template_name = "robots/delivery_list.html"
    filterset_class = DeliveryFilterSet
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return Delivery.objects.select_related("robot", "robot__department", "unit").order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for d in ctx["object_list"]:
            d.kind_label = kinds.label(d.kind) if d.kind != "robot_test" else _("Test message")
        ctx["may_retry"] = bool(
            self.request.current_unit and can_in_unit(self.request.user, Robot, self.request.current_unit, CHANGE)
        )
        return ctx


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = selectors.deliveries_for(request.user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    if not can(request.user, delivery, CHANGE):
        raise PermissionDenied
    try:
        services.delivery_retry(delivery=delivery, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The message is being sent again."))
    return redirect(f"{reverse('robots:delivery_list')}?status=failed")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(
            user=request.user, in_app=form.cleaned_data["in_app"], email=form.cleaned_data["email"]
        )
        messages.success(request, _("Notification settings saved."))
        return redirect("robots:preferences")
    return render(
        request,
        "robots/preferences.html",
        {"groups": selectors.preferences_of(request.user), "has_email": bool(request.user.email)},
    )
