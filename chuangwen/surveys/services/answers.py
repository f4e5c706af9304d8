"""Answers checked against a template's questions, ready to store: the public form and the paper
cards check them the same way, with messages naming the question."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.publicforms import is_readable, unreadable_message

from ..models import TEXT_MAX, Question


class AnswerRow(NamedTuple):
    """A checked answer, ready to store: what ``Answer`` holds but the response (the same
    attribute names). Lighter than a model instance: the public form builds eight per
    submission."""

    question_id: int
    rating: int | None = None
    choices: list[int] = []  # noqa: RUF012 (never mutated)
    text: str = ""


@dataclass
class CleanAnswers:
    """Answers checked against a template's questions: ``answers`` to store, ``errors`` by
    question id (Chinese messages naming the question)."""

    answers: list[AnswerRow] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def clean_answers(questions: Iterable[Question], raw: dict[int, object]) -> CleanAnswers:
    """Check raw values (rating "1"–"5", option numbers from 1, text) of each question; missing
    required answers and bad values become errors naming the question."""
    out = CleanAnswers()
    for q in questions:
        value = raw.get(q.pk)
        values = [str(v).strip() for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]
        values = [v for v in values if v]
        name = {"question": q.text}
        if not values:
            if q.required:
                out.errors[q.pk] = _("Please answer “%(question)s”.") % name
            continue
        if q.kind == Question.Kind.RATING:
            if len(values) != 1 or values[0] not in _RATINGS:
                out.errors[q.pk] = _("“%(question)s”: give a rating from 1 to 5.") % name
                continue
            out.answers.append(AnswerRow(q.pk, rating=_RATINGS[values[0]]))
        elif q.is_choice:
            n = len(q.options)
            picked = sorted({int(v) for v in values if v.isdigit() and 1 <= int(v) <= n})
            if len(picked) != len(set(values)) or (q.kind == Question.Kind.SINGLE and len(picked) != 1):
                out.errors[q.pk] = _("“%(question)s”: choose from options 1 to %(n)s.") % {**name, "n": n}
                continue
            out.answers.append(AnswerRow(q.pk, choices=picked))
        else:
            text = " ".join(values)
            if len(text) > TEXT_MAX:
                out.errors[q.pk] = _("“%(question)s”: at most %(max)s characters.") % {**name, "max": TEXT_MAX}
                continue
            if not is_readable(text):
                out.errors[q.pk] = unreadable_message(q.text)
                continue
            out.answers.append(AnswerRow(q.pk, text=text))
    return out


def month_of(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)
