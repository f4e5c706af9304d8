"""The public survey form (no login), reached from a department's QR poster at /s/<token>/: an
ordinary view behind the project's whole middleware stack. A patient gets no session and no
cookie: sessions and authentication are read lazily and nothing here writes them, and the form
carries its own signed token instead of a CSRF cookie.

It shows the hospital, the department and the questions, and stores one response; it never
shows results or anyone's data. Abuse is held off by: the signed QR token (an altered or guessed
one gives the "invalid QR code" page, never another department's form), a signed form token
instead of a CSRF cookie (the page may be cached; anonymous visitors have no session to forge),
a request-size cap, text-length limits, rate limits per client and per address, and an
idempotency key so that a double tap stores one response."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from chuangwen.core import publicforms

from . import selectors, submission
from .models import TEXT_MAX
from .submission import Result


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
        target = publicforms.SURVEY.read_link(token)
    except publicforms.InvalidToken:
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
        "form_token": publicforms.SURVEY.form_token(target),
        "key": key or publicforms.new_key(),
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
    if publicforms.SURVEY.too_large(request.META):
        return _stop(request, form, _("The form you sent is too large."), 413)
    outcome = submission.submit(request.META, dict(request.POST.lists()), target, form)
    match outcome.result:
        case Result.STORED:
            # "thanks/" below the form's own path (no URL reversal on the hot path).
            return HttpResponseRedirect(request.path + "thanks/")
        case Result.EXPIRED:
            message = _("This page has expired. Please fill in the form again.")
            return _render(request, target, form, message=message, status=400)
        case Result.LIMITED:
            message = _("Too many submissions from this device. Please try again later.")
            return _stop(request, form, message, 429)
    return _render(
        request,
        target,
        form,
        values=outcome.values,
        errors=outcome.errors,
        suggestion=outcome.suggestion,
        key=outcome.key,
        suggestion_error=outcome.suggestion_error,
        message=_("Please check the highlighted questions."),
    )


@never_cache
def thanks(request, token: str):
    try:
        form = selectors.public_form(publicforms.SURVEY.read_link(token))
    except publicforms.InvalidToken:
        form = None
    if form is None:
        return _invalid(request)
    return render(request, "surveys/public_thanks.html", {"form": form})
