"""Paper cards (征求意见卡) typed in by staff: a batch is checked whole, any error named by its row
number stores nothing, and the cards are stored as responses of channel "paper"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.org.models import Department

from ..models import TEXT_MAX, Response, SurveyTemplate
from .answers import clean_answers
from .store import response_submit


@dataclass(frozen=True)
class CardRow:
    """One paper card as typed in: its row number on the page, raw values by question id."""

    row: int
    values: dict[int, object]
    card_no: str = ""
    suggestion: str = ""
    filled_on: date | None = None


class BatchError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def paper_cards_enter(
    *, template: SurveyTemplate, department: Department, rows: Sequence[CardRow], user
) -> list[Response]:
    """Store a batch of paper cards (征求意见卡): every row is checked first, and any error (named
    by row number) stores nothing; otherwise all rows are stored in one transaction. A batch of
    more than ``SURVEYS_PAPER_MAX_ROWS`` cards is refused before any is checked."""
    limit = settings.SURVEYS_PAPER_MAX_ROWS
    if len(rows) > limit:
        raise BatchError([_("At most %(max)s cards can be typed in at once; save them in batches.") % {"max": limit}])
    questions = list(template.questions.filter(is_active=True).order_by("order", "id"))
    errors, checked = [], []
    today = timezone.localdate()
    for card in rows:
        result = clean_answers(questions, card.values)
        for q in questions:
            if q.pk in result.errors:
                errors.append(_("Row %(row)s: %(reason)s") % {"row": card.row, "reason": result.errors[q.pk]})
        if len(card.suggestion) > TEXT_MAX:
            errors.append(
                _("Row %(row)s: the suggestion has more than %(max)s characters.") % {"row": card.row, "max": TEXT_MAX}
            )
        if card.filled_on and card.filled_on > today:
            errors.append(_("Row %(row)s: the date is in the future.") % {"row": card.row})
        checked.append((card, result.answers))
    if not rows:
        errors.append(_("Type in at least one card."))
    if errors:
        raise BatchError(errors)
    stored = []
    with transaction.atomic():
        for card, card_answers in checked:
            moment = timezone.now()
            if card.filled_on and card.filled_on != today:
                moment = timezone.make_aware(datetime.combine(card.filled_on, datetime.min.time().replace(hour=12)))
            stored.append(
                response_submit(
                    template=template,
                    department=department,
                    answers=card_answers,
                    idempotency_key=f"paper-{uuid.uuid4().hex}",
                    channel=Response.Channel.PAPER,
                    suggestion=card.suggestion,
                    submitted_at=moment,
                    card_no=card.card_no,
                    entered_by=user,
                ).response
            )
    return stored
