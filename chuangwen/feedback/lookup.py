"""A patient looks a complaint up (no login): ``/f/<token>/lookup/``, the reference number and
the last four digits of the phone left with it, for the hospital of the poster's link.

It shows the status and the hospital's reply, nothing else (no name, content, department or
handler). "No such number" and "wrong digits" get the same answer, and the lookups are counted
per client address and per reference number in the shared cache (``core.ratelimit``), so the
10,000 combinations of four digits cannot be tried out. No session or CSRF cookie is written:
the page has no side effect but the counters."""

from __future__ import annotations

import hmac

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from chuangwen.core import ratelimit
from chuangwen.core.net import client_ip

from .models import Complaint
from .public_views import _invalid_link, _problem, _target

# Lookups per client address (10 in 10 minutes) and per reference number (5 an hour).
PER_ADDRESS = (10, 600)
PER_REFERENCE = (5, 3600)


class LookupForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Reference number"), max_length=20)
    phone_last4 = forms.RegexField(
        label=gettext_lazy("Last four digits of your phone"),
        regex=r"^\d{4}$",
        error_messages={"invalid": gettext_lazy("Enter the last four digits of the phone number you left.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-lg"


def _matches(complaint: Complaint | None, last4: str) -> bool:
    digits = "".join(c for c in (complaint.complainant_phone if complaint else "") if c.isdigit())
    # Compared in constant time, and a missing complaint costs the same comparison.
    return hmac.compare_digest((digits[-4:] or "----").encode(), last4.encode()) and complaint is not None


@csrf_exempt
@never_cache
def complaint_lookup(request, token: str):
    found = _target(token)
    if found is None:
        return _invalid_link(request)
    _target_, unit, department = found
    form = LookupForm(request.POST or None)
    ctx = {"unit": unit, "department": department, "form": form, "token": token}
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        ip = client_ip(request.META)
        if not (
            ratelimit.hit(f"cw:lookup:ip:{ip}", *PER_ADDRESS)
            and ratelimit.hit(f"cw:lookup:ref:{unit.pk}:{reference}", *PER_REFERENCE)
        ):
            return _problem(
                request,
                429,
                _("Too many lookups"),
                _("Please try again in an hour, or call the hospital's complaint office."),
            )
        complaint = (
            Complaint.objects.filter(unit=unit, reference=reference)
            .only("reference", "status", "reply_text", "replied_at", "complainant_phone")
            .first()
        )
        if _matches(complaint, form.cleaned_data["phone_last4"]):
            ctx["complaint"] = complaint
            ctx["reply"] = complaint.reply_text if complaint.replied_at else ""
        else:
            ctx["not_found"] = True
    return render(request, "feedback/public/lookup.html", ctx, status=400 if form.errors else 200)
