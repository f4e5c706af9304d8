"""Base views: every list, detail and edit page goes through the user's scope once, here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.views import generic

from chuangwen.core.roles import CHANGE, VIEW


class ScopedMixin(LoginRequiredMixin):
    """Restricts ``queryset`` (or ``model``'s default manager) to what the user may see, and to
    the unit the user is working in when ``unit_field`` is set and one is chosen."""

    action = VIEW
    unit_field: str | None = "unit"

    def base_queryset(self):
        return self.queryset if self.queryset is not None else self.model._default_manager.all()

    def get_queryset(self):
        qs = self.base_queryset().visible_to(self.request.user, self.action)
        unit = self.request.current_unit
        if self.unit_field and unit:
            qs = qs.filter(**{self.unit_field: unit})
        return qs


class ScopedListView(ScopedMixin, generic.ListView):
    paginate_by = 50
    filterset_class = None

    def get_queryset(self):
        qs = super().get_queryset()
        if self.filterset_class:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            style_filter_form(self.filterset.form)
            qs = self.filterset.qs
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_without_page"] = query.urlencode()
        return ctx


def style_filter_form(form) -> None:
    """Bootstrap classes on a filter bar, and "all" instead of an empty choice's dashes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
            if hasattr(field, "empty_label"):  # model choices: never evaluate the queryset here
                field.empty_label = _("All")
                # django-filter's choice fields share their widget's iterator with the filter's
                # own field (a form copies a widget's choices shallowly): point it at this one.
                widget.choices = field.choices
            else:
                choices = list(getattr(field, "choices", []))
                if choices and choices[0][0] in ("", None):
                    field.choices = [("", _("All")), *choices[1:]]
                elif isinstance(widget.choices, list | tuple) and widget.choices and widget.choices[0][0] == "":
                    # A filter whose choices are its widget's own (a yes/no select on a method).
                    widget.choices = [("", _("All")), *widget.choices[1:]]
        else:
            widget.attrs.setdefault("class", "form-control")


class ScopedDetailView(ScopedMixin, generic.DetailView):
    pass


class ScopedFormMixin:
    """Create/update pages: the form's save runs in a transaction, success shows a message."""

    success_message = ""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return response


class ScopedUpdateView(ScopedMixin, ScopedFormMixin, generic.UpdateView):
    action = CHANGE


class ScopedCreateView(LoginRequiredMixin, ScopedFormMixin, generic.CreateView):
    """Creation needs a unit the user may change records of; ``check_can_create`` decides."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.check_can_create():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_can_create(self) -> bool:
        raise NotImplementedError
