"""Storing one response (答卷), from the public form or a paper card: the response, its answers and
its queue rows in one transaction, with Django's ORM. The monthly aggregates are counted apart
(``aggregates.counts_fold``, the background job ``tasks.fold_counts``): updating them here made
every submission to a department wait for the previous one's commit on the same row."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from chuangwen.org.models import Department

from .. import tasks
from ..hand_over import complaints_app
from ..models import TEXT_MAX, Answer, PendingCount, PendingSuggestion, Response, SurveyTemplate
from .answers import AnswerRow, month_of

FOLD_EVERY = 3  # seconds: the counting job is enqueued at most this often per app-server process


@dataclass(frozen=True)
class Submitted:
    response: Response
    created: bool  # False: the idempotency key was seen before (a double tap) and nothing was stored


def response_submit(
    *,
    template: SurveyTemplate,
    department: Department,
    answers: Sequence[AnswerRow],
    idempotency_key: str,
    channel: str = Response.Channel.QR,
    suggestion: str = "",
    fingerprint: str = "",
    submitted_at: datetime | None = None,
    card_no: str = "",
    entered_by=None,
    known_new: bool = False,
) -> Submitted:
    """Store one response (answers already checked by ``clean_answers``) in one transaction with
    its answers (``bulk_create``) and the queue rows that have it counted into the monthly
    aggregates and its suggestion handed over. A second call with the same ``idempotency_key``
    stores nothing and returns the first response (``known_new``: the caller has just checked
    that the key is new; a race is still caught by the unique index)."""
    existing = None if known_new else Response.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return Submitted(existing, False)
    submitted_at = submitted_at or timezone.now()
    response = Response(
        template=template,
        unit_id=department.unit_id,
        department=department,
        channel=channel,
        submitted_at=submitted_at,
        month=month_of(submitted_at),
        fingerprint=fingerprint,
        idempotency_key=idempotency_key,
        suggestion=suggestion[:TEXT_MAX],
        card_no=card_no,
        entered_by=entered_by,
    )
    try:
        with transaction.atomic():
            response.save(force_insert=True)
            Answer.objects.bulk_create([Answer(response=response, **a._asdict()) for a in answers])
            PendingCount.objects.create(response_id=response.pk)
            if response.suggestion and complaints_app():
                PendingSuggestion.objects.create(response_id=response.pk)
    except IntegrityError:
        # Two taps raced past the check above: the other one stored it.
        existing = Response.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return Submitted(existing, False)
    _schedule_fold()
    return Submitted(response, True)


_fold_due = 0.0  # this process's next moment to ask the cache whether a fold is scheduled


def _schedule_fold() -> None:
    """Have the background job count the new responses in a few seconds (once per ``FOLD_EVERY``
    seconds per process, however many responses come in meanwhile; with a shared cache, once
    for all processes). Between two such moments a submission costs no cache operation."""
    global _fold_due
    now = time.monotonic()
    if now < _fold_due:
        return
    _fold_due = now + FOLD_EVERY
    if cache.add("surveys:fold-scheduled", 1, FOLD_EVERY):
        transaction.on_commit(tasks.fold_counts.enqueue)
