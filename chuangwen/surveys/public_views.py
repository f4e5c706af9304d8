"""The public survey form (no login), reached from a department's QR poster at /s/<token>/.

It shows the hospital, the department and the questions, and stores one response; it never
shows results or anyone's data. Abuse is held off by: the signed QR token (an altered or guessed
one gives the "invalid QR code" page, never another department's form), a signed form token
instead of a CSRF cookie (the page may be cached; anonymous visitors have no session to forge),
a request-size cap, text-length limits, rate limits per client and per address, and an
idempotency key so that a double tap stores one response."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit, selectors, services
from .models import TEXT_MAX, Question
from .tokens import InvalidToken, form_token, read_form_token, read_qr_token

KEY_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_BODY_DEFAULT = 16 * 1024


def _invalid(request, status: int = 404):
    return render(
        request,
        "surveys/public_invalid.html",
        {"message": _("This QR code is invalid or no longer in use.")},
        status=status,
    )


def _stop(request, form, message: str, status: int):
    return render(request, "surveys/public_stop.html", {"form": form, "message": message}, status=status)


@csrf_exempt
@never_cache
def survey_form(request, token: str):
    try:
        target = read_qr_token(token)
    except InvalidToken:
        return _invalid(request)
    form = selectors.public_form(target)
    if form is None:
        return _invalid(request)
    if request.method == "POST":
        return _submit(request, token, target, form)
    if request.method != "GET":
        return _invalid(request, status=405)
    return _render(request, target, form)


def _render(
    request,
    target,
    form,
    *,
    values=None,
    errors=None,
    suggestion="",
    suggestion_error="",
    key=None,
    message="",
    status=200,
):
    values = values or {}
    errors = errors or {}
    questions = [
        {
            "q": q,
            "name": f"q{q.pk}",
            "error": errors.get(q.pk, ""),
            "value": values.get(q.pk),
            "options": [(str(i), text) for i, text in enumerate(q.options, start=1)],
        }
        for q in form.questions
    ]
    ctx = {
        "form": form,
        "questions": questions,
        "form_token": form_token(target),
        "key": key or uuid.uuid4().hex,
        "suggestion": suggestion,
        "suggestion_error": suggestion_error,
        "text_max": TEXT_MAX,
        "message": message,
        "ratings": RATING_LABELS,
    }
    return render(request, "surveys/public_form.html", ctx, status=status)


RATING_LABELS = [
    ("1", "emoji-angry", "非常不满意"),
    ("2", "emoji-frown", "不满意"),
    ("3", "emoji-neutral", "一般"),
    ("4", "emoji-smile", "满意"),
    ("5", "emoji-laughing", "非常满意"),
]


def _submit(request, token, target, form):
    max_body = getattr(settings, "SURVEYS_MAX_BODY", MAX_BODY_DEFAULT)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_body:
        return _stop(request, form, _("The form you sent is too large."), 413)
    post = request.POST
    key = post.get("key", "")
    try:
        if read_form_token(post.get("ft", "")) != target or not KEY_RE.match(key):
            raise InvalidToken
    except InvalidToken:
        return _render(
            request, target, form, message=_("This page has expired. Please fill in the form again."), status=400
        )
    raw = {
        q.pk: post.getlist(f"q{q.pk}") if q.kind == Question.Kind.MULTIPLE else post.get(f"q{q.pk}")
        for q in form.questions
    }
    suggestion = post.get("suggestion", "").strip()
    result = services.clean_answers(form.questions, raw)
    suggestion_error = ""
    if len(suggestion) > TEXT_MAX:
        suggestion_error = _("The suggestion has more than %(max)s characters.") % {"max": TEXT_MAX}
    if result.errors or suggestion_error:
        return _render(
            request,
            target,
            form,
            values=raw,
            errors=result.errors,
            suggestion=suggestion[: TEXT_MAX * 2],
            key=key,
            suggestion_error=suggestion_error,
            message=_("Please check the highlighted questions."),
        )
    fp = ratelimit.fingerprint(request)
    if not ratelimit.allow_submission(request, department_id=form.department.pk, fp=fp):
        return _stop(request, form, _("Too many submissions from this device. Please try again later."), 429)
    services.response_submit(
        template=form.template,
        department=form.department,
        questions=form.questions,
        answers=result.answers,
        idempotency_key=key,
        suggestion=suggestion,
        fingerprint=fp,
        # A double tap is caught by the unique key: the second one stores nothing.
        known_new=True,
    )
    # The thank-you page is "thanks/" below the form's own path (no URL reversal on the hot path).
    return HttpResponseRedirect(request.path + "thanks/")


@never_cache
def thanks(request, token: str):
    try:
        form = selectors.public_form(read_qr_token(token))
    except InvalidToken:
        form = None
    if form is None:
        return _invalid(request)
    return render(request, "surveys/public_thanks.html", {"form": form})
