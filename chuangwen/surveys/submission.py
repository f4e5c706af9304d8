"""One submission of the public survey form (``public_views.survey_form``), checked and stored;
the view shows any problem as a page.

The checks, in order: the signed form token belongs to this QR code and is fresh, the
idempotency key is well formed, every answer is valid, the suggestion is not too long, and the
client is under its rate limits (counted only for a submission that passed the other checks).
Then the response is stored; a key seen before (a double tap) stores nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from django.utils.translation import gettext as _

from chuangwen.core.publicforms import (
    SURVEY,
    UNREADABLE,
    InvalidToken,
    Target,
    fingerprint,
    is_key,
    is_readable,
    unreadable_message,
)

from . import services
from .models import TEXT_MAX, Question


def max_body() -> int:
    """The largest form body taken, in bytes (``SURVEYS_MAX_BODY``); a larger one is refused
    with 413 before it is read."""
    return SURVEY.max_body()


class Result(Enum):
    STORED = "stored"  # stored now, or by an earlier tap of the same form
    EXPIRED = "expired"  # form token altered, of another QR code or too old; or a bad key
    INVALID = "invalid"  # answers or suggestion to correct
    LIMITED = "limited"  # over a rate limit


@dataclass
class Outcome:
    result: Result
    key: str = ""
    values: dict[int, object] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    suggestion: str = ""
    suggestion_error: str = ""


def _last(fields: Mapping[str, Sequence[str]], name: str, default=None):
    """The last value sent under ``name``, as Django's ``QueryDict.get`` gives it."""
    values = fields.get(name)
    return values[-1] if values else default


def submit(meta: Mapping[str, str], fields: Mapping[str, Sequence[str]], target: Target, form) -> Outcome:
    """Check and store one submission. ``meta``: the request's META (WSGI environ), for the
    client's rate limits; ``fields``: the POSTed fields, each name with the list of its values;
    ``form``: the ``selectors.PublicForm`` the QR code points at."""
    key = _last(fields, "key", "")
    try:
        SURVEY.read_form_token(_last(fields, "ft", ""), target)
        if not is_key(key):
            raise InvalidToken
    except InvalidToken:
        return Outcome(Result.EXPIRED)
    values = {
        q.pk: list(fields.get(f"q{q.pk}", ())) if q.kind == Question.Kind.MULTIPLE else _last(fields, f"q{q.pk}")
        for q in form.questions
    }
    suggestion = _last(fields, "suggestion", "").strip()
    checked = services.clean_answers(form.questions, values)
    suggestion_error = ""
    if len(suggestion) > TEXT_MAX:
        suggestion_error = _("The suggestion has more than %(max)s characters.") % {"max": TEXT_MAX}
    elif not is_readable(suggestion):
        suggestion_error = unreadable_message(_("Suggestion"))
        suggestion = "".join(c for c in suggestion if c not in UNREADABLE)  # the rest, to correct
    if checked.errors or suggestion_error:
        return Outcome(
            Result.INVALID,
            key=key,
            values=values,
            errors=checked.errors,
            suggestion=suggestion[: TEXT_MAX * 2],
            suggestion_error=suggestion_error,
        )
    fp = fingerprint(meta)
    # Per address over every form, per phone and department.
    if not SURVEY.allow(meta, fp=fp, scope=form.department.pk):
        return Outcome(Result.LIMITED, key=key)
    services.response_submit(
        template=form.template,
        department=form.department,
        answers=checked.answers,
        idempotency_key=key,
        suggestion=suggestion,
        fingerprint=fp,
        # A double tap is caught by the unique key: the second one stores nothing.
        known_new=True,
    )
    return Outcome(Result.STORED, key=key)
