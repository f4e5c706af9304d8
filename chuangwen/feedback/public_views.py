"""The public complaint form (no login), reached by a signed link or QR code: ``/f/<token>/``.

Abuse resistance: the link is signed (a changed digit is "not valid", never another form); each
served form carries a signed one-time key (a double tap stores one complaint); requests are
size-capped (413) and rate-limited per client and address (429, with a message saying when to
try again). Nothing here reads a complaint back: the thank-you page shows the reference number
from a signed token, not from the database."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chuangwen.core.publicforms import COMPLAINT, InvalidToken, Target, fingerprint
from chuangwen.org.models import Department, Unit

from . import services
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


def _target(token: str) -> tuple[Target, Unit, Department | None] | None:
    try:
        target = COMPLAINT.read_link(token)
    except InvalidToken:
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
    if request.method == "POST" and COMPLAINT.too_large(request.META):
        return _problem(
            request,
            413,
            _("Your message is too long"),
            _("Please shorten it to at most %(n)s characters and send it again.")
            % {"n": PublicComplaintForm.base_fields["content"].max_length},
        )
    form = PublicComplaintForm(request.POST or None, unit=unit, department=department)
    if request.method != "POST":
        form.initial["form_token"] = COMPLAINT.form_token(target)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            key = COMPLAINT.read_form_token(data["form_token"], target)
        except InvalidToken:
            form.data = form.data.copy()
            form.data["form_token"] = COMPLAINT.form_token(target)
            form.add_error(None, _("This page was open too long. Please check your text and send it again."))
            return render(request, "feedback/public/form.html", _context(unit, department, form), status=400)
        fp = fingerprint(request.META)
        # A second tap of a stored form is answered as the first one, without counting it.
        already = Complaint.objects.filter(submission_key=key).only("reference", "complainant_phone").first()
        if already is None and not COMPLAINT.allow(request.META, fp=fp, scope=unit.pk, ip_scope=unit.pk):
            return _problem(
                request,
                429,
                _("Too many messages"),
                _("You have sent several messages in a short time. Please try again in %(minutes)s minutes.")
                % {"minutes": COMPLAINT.retry_minutes()},
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
            thanks = COMPLAINT.thanks_token(r=complaint.reference, p=bool(complaint.complainant_phone))
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
        note = COMPLAINT.read_thanks_token(thanks)
    except InvalidToken:
        return _invalid_link(request)
    reference, has_phone = str(note.get("r", "")), bool(note.get("p"))
    _target_, unit, department = found
    ctx = {"unit": unit, "department": department, "reference": reference, "has_phone": has_phone, "token": token}
    return render(request, "feedback/public/thanks.html", ctx)
