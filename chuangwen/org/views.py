"""Pages of the org app: units (for supervisors), departments, staff and the user's profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from chuangwen.core.middleware import SESSION_KEY
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView

from . import selectors, two_factor
from .filtersets import DepartmentFilterSet, PersonFilterSet, UnitFilterSet
from .forms import DepartmentForm, PasswordChangeForm, PersonForm
from .models import Department, Person, Unit


class UnitListView(ScopedListView):
    model = Unit
    unit_field = None
    filterset_class = UnitFilterSet
    template_name = "org/unit_list.html"

    def base_queryset(self):
        return Unit.objects.select_related("region").order_by("region__path", "code")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        units = list(ctx["object_list"])
        counts = selectors.unit_staff_counts([u.pk for u in units])
        ctx["rows"] = [(u, counts[u.pk]) for u in units]
        return ctx


@login_required
@require_POST
def unit_switch(request, pk=None):
    """Work in one unit (pk) or, with no pk, in all units of the user's region."""
    if pk is None:
        request.session.pop(SESSION_KEY, None)
        return redirect("home")
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    request.session[SESSION_KEY] = unit.pk
    messages.success(request, _("You are now working in %(unit)s.") % {"unit": unit.name})
    return redirect("home")


class DepartmentListView(ScopedListView):
    model = Department
    filterset_class = DepartmentFilterSet
    template_name = "org/department_list.html"

    def base_queryset(self):
        return Department.objects.select_related("unit", "head").order_by("unit__code", "sort_order", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        departments = list(ctx["object_list"])
        counts = selectors.department_staff_counts([d.pk for d in departments])
        ctx["rows"] = [(d, counts.get(d.pk, 0)) for d in departments]
        ctx["can_create"] = selectors.can_create_in_current_unit(self.request, Department)
        return ctx


class DepartmentFormMixin:
    model = Department
    form_class = DepartmentForm
    template_name = "org/department_form.html"
    success_url = reverse_lazy("org:department_list")
    success_message = _("Department saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["unit"] = self.object.unit if getattr(self, "object", None) else self.request.current_unit
        kwargs["user"] = self.request.user
        return kwargs


class DepartmentCreateView(DepartmentFormMixin, ScopedCreateView):
    def check_can_create(self):
        return selectors.can_create_in_current_unit(self.request, Department)


class DepartmentUpdateView(DepartmentFormMixin, ScopedUpdateView):
    pass


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    template_name = "org/person_list.html"

    def base_queryset(self):
        return Person.objects.select_related("department", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = selectors.can_create_in_current_unit(self.request, Person)
        return ctx


class PersonDetailView(ScopedDetailView):
    model = Person
    template_name = "org/person_detail.html"

    def base_queryset(self):
        return Person.objects.select_related("department", "unit", "user")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = can(self.request.user, self.object, CHANGE)
        ctx["history"] = self.object.history.select_related("history_user").order_by("-history_date")[:20]
        return ctx


class PersonFormMixin:
    model = Person
    form_class = PersonForm
    template_name = "org/person_form.html"
    success_message = _("Staff member saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["unit"] = self.object.unit if getattr(self, "object", None) else self.request.current_unit
        kwargs["user"] = self.request.user
        return kwargs

    def get_success_url(self):
        return reverse("org:person_detail", args=[self.object.pk])


class PersonCreateView(PersonFormMixin, ScopedCreateView):
    def check_can_create(self):
        return selectors.can_create_in_current_unit(self.request, Person)


class PersonUpdateView(PersonFormMixin, ScopedUpdateView):
    pass


@login_required
def me(request):
    person = Person.objects.select_related("unit", "department").filter(user=request.user).first()
    context = {
        "person": person,
        "memberships": request.user.scope_memberships(),
        "two_factor_on": two_factor.has_two_factor(request.user),
    }
    return render(request, "org/me.html", context)


class PasswordChange(auth_views.PasswordChangeView):
    """修改密码 as one of the product's pages (Django's own view and checks, our template)."""

    form_class = PasswordChangeForm
    template_name = "org/password_change.html"
    success_url = reverse_lazy("org:password_change_done")


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "org/password_change_done.html"
