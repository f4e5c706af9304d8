"""测评方法: the methods a unit's standards may use, and a bureau's own (added and switched off
here by its office or supervisors; the shipped ones are edited in the admin). A method is never
deleted: stored items name it by its code."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Unit

from . import selectors
from .models import Method


class MethodForm(BootstrapFormMixin, forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=30, help_text=gettext_lazy("e.g. visit"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=40, help_text=gettext_lazy("e.g. 入户走访"))

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Method.objects.filter(code=code).exists():
            raise ValidationError(_("The code %(code)s is already used by another method.") % {"code": code})
        return code


def _bureau_units(user):
    return [u for u in selectors.owner_units_for(user) if u.kind == Unit.Kind.AUTHORITY]


@login_required
def method_list(request):
    """The methods of the user's unit (shipped and its region's), and for a bureau a form to add
    its own and switch them off or on."""
    bureaus = _bureau_units(request.user)
    unit = bureaus[0] if bureaus else request.current_unit
    own = Method.objects.filter(owner_region_id=unit.region_id) if bureaus else Method.objects.none()
    form = MethodForm(request.POST or None) if bureaus else None
    if request.method == "POST" and bureaus:
        if request.POST.get("toggle"):
            method = own.filter(code=request.POST["toggle"]).first()
            if method is not None:
                method.active = not method.active
                method._history_user = request.user
                method.save()
                messages.success(request, _("Method %(name)s updated.") % {"name": method.name})
            return redirect("standards:method_list")
        if form.is_valid():
            with transaction.atomic():
                last = Method.objects.order_by("-order").values_list("order", flat=True).first() or 0
                method = Method(owner_region_id=unit.region_id, order=last + 10, **form.cleaned_data)
                method._history_user = request.user
                method.save()
            messages.success(request, _("Method %(name)s added.") % {"name": method.name})
            return redirect("standards:method_list")
    shipped = Method.objects.filter(owner_region__isnull=True).order_by("order", "id")
    available = Method.available_to(unit).exclude(owner_region__isnull=True).exclude(pk__in=own.values("pk"))
    ctx = {"shipped": shipped, "inherited": available, "own": own.order_by("order", "id"), "form": form, "unit": unit}
    return render(request, "standards/method_list.html", ctx)
