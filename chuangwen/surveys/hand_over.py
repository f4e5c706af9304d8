"""Suggestions left on a survey go to the complaints app (投诉处理) as suggestions of channel
"survey", so they are assigned and answered like the others. A submission queues its response
(``PendingSuggestion``); the background job ``tasks.fold_counts`` hands the queue over in
batches (``feedback.intake.suggestions_receive``: one reference-number allocation, one
``bulk_create`` of complaints and of their records with their history, one notification per
office per batch). The patient does not wait for it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import PendingSuggestion, Response

logger = logging.getLogger(__name__)


def complaints_app() -> bool:
    """Whether the complaints app, which takes the surveys' suggestions, is installed."""
    return apps.is_installed("chuangwen.feedback")


def suggestions_hand_over(*, batch: int = 500) -> int:
    """Hand the suggestions of new responses over to the complaints app, ``batch`` at a time,
    skipping rows another run holds. Returns how many responses were handed over."""

    def hand_over(ids: list[int]) -> None:
        _suggestions_to_complaints(Response.objects.filter(pk__in=ids).order_by("pk"))

    return PendingSuggestion.drain(hand_over, batch=batch, wait=False)


def hand_over_suggestion(response: Response) -> None:
    """One response's suggestion to the complaints app (once per response, however often it
    runs: the complaint's submission key is the response's)."""
    _suggestions_to_complaints([response])


def _suggestions_to_complaints(responses: Iterable[Response]) -> None:
    """The suggestions of ``responses`` to the complaints app, in one batch. Should that fail,
    each is tried alone, and one that fails again is logged and left on its response: the
    responses are kept all the same."""
    if not complaints_app():
        return
    from chuangwen.feedback.intake import SurveySuggestion, suggestions_receive  # an optional app

    suggestions = [
        SurveySuggestion(
            submission_key=f"survey:{r.pk}",
            unit_id=r.unit_id,
            department_id=r.department_id,
            content=r.suggestion,
            client_fingerprint=r.fingerprint,
            received_at=r.submitted_at,
        )
        for r in responses
        if r.suggestion
    ]
    try:
        with transaction.atomic():
            suggestions_receive(suggestions=suggestions)
        return
    except (ValidationError, IntegrityError):
        if len(suggestions) == 1:
            logger.exception("could not hand survey suggestion %s to the complaints app", suggestions[0].submission_key)
            return
    for one in suggestions:
        try:
            with transaction.atomic():
                suggestions_receive(suggestions=[one])
        except (ValidationError, IntegrityError):
            logger.exception("could not hand survey suggestion %s to the complaints app", one.submission_key)
