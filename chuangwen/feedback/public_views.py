"""The public complaint form (no login), reached by a signed link or QR code: ``/f/<token>/``.

Abuse resistance: the link is signed (a changed digit is "not valid", never another form); each
served form carries a signed one-time key (a double tap stores one complaint); requests are
size-capped (413) and rate-limited per client and address (429, with a message saying when to
try again). Nothing here reads a complaint back: the thank-you page shows the reference number
from a signed token, not from the database."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chuangwen.core import ratelimit
from chuangwen.org.models import Department, Unit

from . import services, tokens
from .forms import PublicComplaintForm, add_service_errors
from .models import Complaint


def _problem(request, status: int, title: str, message: str):
    return render(request, "feedback/public/problem.html", {"title": title, "message": message}, status=status)


def _invalid_link(request):
    return _problem(
        request,
        404,
        _("This link is not valid"),
        _("Please scan the QR code again, or ask the staff for the hospital's feedback link."),
    )


def _target(token: str) -> tuple[tokens.Target, Unit, Department | None] | None:
    try:
        target = tokens.read_link_token(token)
    except tokens.InvalidToken:
        return None
    unit = Unit.objects.filter(pk=target.unit_id, is_active=True, kind=Unit.Kind.HOSPITAL).first()
    if unit is None:
        return None
    department = None
    if target.department_id is not None:
        department = Department.objects.filter(pk=target.department_id, unit=unit, is_active=True).first()
        if department is None:
            return None
    return target, unit, department


@never_cache
def complaint_form(request, token: str):
    found = _target(token)
    if found is None:
        return _invalid_link(request)
    target, unit, department = found
    if request.method == "POST":
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        if size > settings.FEEDBACK_PUBLIC_MAX_BODY:
            return _problem(
                request,
                413,
                _("Your message is too long"),
                _("Please shorten it to at most %(n)s characters and send it again.")
                % {"n": PublicComplaintForm.base_fields["content"].max_length},
            )
    form = PublicComplaintForm(request.POST or None, unit=unit, department=department)
    if request.method != "POST":
        form.initial["form_token"] = tokens.form_token(target)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            key = tokens.read_form_token(data["form_token"], target)
        except tokens.InvalidToken:
            form.data = form.data.copy()
            form.data["form_token"] = tokens.form_token(target)
            form.add_error(None, _("This page was open too long. Please check your text and send it again."))
            return render(request, "feedback/public/form.html", _context(unit, department, form), status=400)
        fp = ratelimit.fingerprint(request.META)
        already = Complaint.objects.filter(submission_key=key).only("reference", "complainant_phone").first()
        limits = settings.FEEDBACK_RATE_LIMITS
        buckets = {"ip_bucket": f"feedback:rl:ip:{unit.pk}", "client_bucket": f"feedback:rl:c:{unit.pk}"}
        if already is None and not ratelimit.allow(request.META, fp=fp, limits=limits, **buckets):
            return _problem(
                request,
                429,
                _("Too many messages"),
                _("You have sent several messages in a short time. Please try again in %(minutes)s minutes.")
                % {"minutes": ratelimit.retry_minutes(limits)},
            )
        try:
            complaint = already or services.complaint_create_public(
                unit=unit,
                department=department or data.get("department"),
                channel=Complaint.Channel.PUBLIC,
                category=data["category"],
                kind=data["kind"],
                content=data["content"],
                occurred_on=data["occurred_on"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_consent=data["consent"],
                client_fingerprint=fp,
                submission_key=key,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            thanks = tokens.thanks_token(reference=complaint.reference, has_phone=bool(complaint.complainant_phone))
            return redirect("feedback_public:thanks", token=token, thanks=thanks)
    status = 400 if form.is_bound else 200
    return render(request, "feedback/public/form.html", _context(unit, department, form), status=status)


def _context(unit, department, form) -> dict:
    return {"unit": unit, "department": department, "form": form}


@never_cache
def thanks(request, token: str, thanks: str):
    found = _target(token)
    if found is None:
        return _invalid_link(request)
    try:
        reference, has_phone = tokens.read_thanks_token(thanks)
    except tokens.InvalidToken:
        return _invalid_link(request)
    _target_, unit, department = found
    ctx = {"unit": unit, "department": department, "reference": reference, "has_phone": has_phone, "token": token}
    return render(request, "feedback/public/thanks.html", ctx)
