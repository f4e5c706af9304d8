"""Survey suggestions received as complaints (意见建议), in batches from the surveys app's
hand-over job: one reference-number allocation, one bulk insert with history, one notification
per office. The single-complaint writes are in ``services``."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chuangwen.org.models import Department

from .models import CONTENT_MAX, Complaint, HandlingRecord
from .services import (
    DUPLICATE_WINDOW,
    KIND_NEW,
    Action,
    _notify,
    deadline_for,
    detail_url,
    office_user_ids,
    references_take,
)


@dataclass(frozen=True)
class SurveySuggestion:
    """A suggestion left on a satisfaction survey, to become a suggestion of channel "survey"."""

    submission_key: str  # the response's, e.g. "survey:123": one complaint per response
    unit_id: int
    department_id: int | None
    content: str
    client_fingerprint: str
    received_at: datetime.datetime


@transaction.atomic
def suggestions_receive(*, suggestions: Sequence[SurveySuggestion]) -> list[Complaint]:
    """Suggestions left on satisfaction surveys, a batch at a time (the surveys app's background
    job hands them over): each becomes what ``complaint_create_public`` would make of it, a
    suggestion with its reference number, reply deadline, history and "received" record, by a
    few statements for the whole batch instead of a dozen per suggestion. The same rules: no
    text, a submission key already used, or the same client sending the same text to the same
    unit within ``DUPLICATE_WINDOW`` makes nothing new. Each unit's office gets one
    notification for the batch. Returns the complaints created, in the order given."""
    keys = [s.submission_key for s in suggestions]
    taken = set(Complaint.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True))
    fingerprints = {s.client_fingerprint for s in suggestions if s.client_fingerprint}
    earliest = min((s.received_at for s in suggestions), default=timezone.now())
    # (unit, client, text) -> when received, of this batch's clients' recent complaints
    seen: dict[tuple, list[datetime.datetime]] = {}
    for unit_id, fingerprint, content, when in Complaint.objects.filter(
        client_fingerprint__in=fingerprints, received_at__gte=earliest - DUPLICATE_WINDOW
    ).values_list("unit_id", "client_fingerprint", "content", "received_at"):
        seen.setdefault((unit_id, fingerprint, content), []).append(when)
    new: list[SurveySuggestion] = []
    for s in suggestions:
        content = s.content.strip()[:CONTENT_MAX]
        same = (s.unit_id, s.client_fingerprint, content)
        if not content or s.submission_key in taken:
            continue
        if s.client_fingerprint and any(abs(s.received_at - when) <= DUPLICATE_WINDOW for when in seen.get(same, ())):
            continue
        taken.add(s.submission_key)
        seen.setdefault(same, []).append(s.received_at)
        new.append(dataclasses.replace(s, content=content))
    if not new:
        return []
    names = dict(Department.objects.filter(pk__in={s.department_id for s in new}).values_list("pk", "name"))
    numbers = references_take([(s.unit_id, s.received_at) for s in new])
    deadlines: dict[datetime.date, datetime.date] = {}
    complaints = []
    for s, reference in zip(new, numbers, strict=True):
        day = timezone.localdate(s.received_at)
        if day not in deadlines:
            deadlines[day] = deadline_for(day)
        complaints.append(
            Complaint(
                unit_id=s.unit_id,
                reference=reference,
                kind=Complaint.Kind.SUGGESTION,
                channel=Complaint.Channel.SURVEY,
                category=Complaint.Category.OTHER,
                department_id=s.department_id,
                content=s.content,
                received_at=s.received_at,
                deadline=deadlines[day],
                submission_key=s.submission_key,
                client_fingerprint=s.client_fingerprint,
                search_text=" ".join(p for p in (reference, names.get(s.department_id, ""), s.content) if p),
            )
        )
    complaints = bulk_create_with_history(complaints, Complaint)
    received = str(Complaint.Channel.SURVEY.label)
    bulk_create_with_history(
        [HandlingRecord(complaint=c, action=Action.RECEIVED, text=received, at=c.received_at) for c in complaints],
        HandlingRecord,
    )
    by_unit: dict[int, list[Complaint]] = {}
    for c in complaints:
        by_unit.setdefault(c.unit_id, []).append(c)
    for unit_id, batch in by_unit.items():
        first = batch[0]
        if len(batch) == 1:
            params = {"ref": first.reference, "kind": first.get_kind_display()}
            title, body, url = _("New %(kind)s %(ref)s") % params, first.content[:120], detail_url(first)
            key = f"complaint:{first.pk}:new"
        else:
            title = _("%(n)s new suggestions from satisfaction surveys") % {"n": len(batch)}
            body = "、".join(c.reference for c in batch[:10]) + ("…" if len(batch) > 10 else "")
            url = f"{reverse('feedback:complaint_list')}?channel={Complaint.Channel.SURVEY}"
            key = f"complaints:{first.pk}-{batch[-1].pk}:new"
        _notify(office_user_ids(unit_id), KIND_NEW, title, body, url, key)
    return complaints
