"""The office's page of public links (QR codes) to the complaint form, and its complaint
numbering (投诉编号设置)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.core.publicforms import COMPLAINT
from chuangwen.org.models import Department
from chuangwen.org.selectors import can_create_in_current_unit

from .. import services
from ..models import DEFAULT_REFERENCE_PREFIX, Complaint, ComplaintSettings


@login_required
def public_links(request):
    """The office's page of public links: one for the unit, one per department, with QR codes."""
    if not can_create_in_current_unit(request, Complaint):
        raise PermissionDenied
    import segno

    unit = request.current_unit

    def link(department=None):
        token = COMPLAINT.link(unit_id=unit.pk, department_id=department.pk if department else None)
        url = request.build_absolute_uri(reverse("feedback_public:form", args=[token]))
        return {"department": department, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=5)}

    departments = Department.objects.filter(unit=unit, is_active=True).exclude(kind=Department.Kind.LOGISTICS)
    rows = [link()] + [link(d) for d in departments.order_by("sort_order", "id")]
    return render(request, "feedback/public_links.html", {"rows": rows, "unit": unit})


class NumberingForm(forms.ModelForm):
    class Meta:
        model = ComplaintSettings
        fields = ["reference_prefix"]
        widgets = {"reference_prefix": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})}

    def __init__(self, data=None, **kwargs):
        if data is not None and "reference_prefix" in data:  # rmyy-ts is meant as RMYY-TS
            data = data.copy()
            data["reference_prefix"] = data["reference_prefix"].strip().upper()
        super().__init__(data, **kwargs)


@login_required
def numbering(request):
    """投诉编号设置: the prefix of the unit's next complaint numbers (the office; history kept)."""
    unit = request.current_unit
    if unit is None or not can_create_in_current_unit(request, ComplaintSettings):
        raise PermissionDenied
    current = ComplaintSettings.objects.filter(unit=unit).first() or ComplaintSettings(unit=unit)
    form = NumberingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(unit=unit, user=request.user, reference_prefix=form.cleaned_data["reference_prefix"])
        except ValidationError as exc:
            form.add_error("reference_prefix", exc.message_dict.get("reference_prefix", exc.messages))
        else:
            messages.success(request, _("The next complaints will be numbered with the new prefix."))
            return redirect("feedback:numbering")
    example = f"{form['reference_prefix'].value() or DEFAULT_REFERENCE_PREFIX}2026110001"
    return render(request, "feedback/numbering.html", {"form": form, "unit": unit, "example": example})
