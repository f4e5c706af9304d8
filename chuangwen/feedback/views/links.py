"""The office's page of public links (QR codes) to the complaint form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from chuangwen.core.publicforms import COMPLAINT
from chuangwen.org.models import Department
from chuangwen.org.selectors import can_create_in_current_unit

from ..models import Complaint


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
