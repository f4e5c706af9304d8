"""Reminders of 三会一课: a branch whose current period of a required meeting type ends within
the type's ``remind_days`` without the meeting held tells its secretary (once per branch,
type, group and period: the notification's dedupe key)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.dashboard.services import NotificationDraft, notifications_send

from .calendar import held_counts, held_in, period_label, period_of
from .models import Branch, MeetingType, PartyGroup

KIND = "party_meeting_due"


def reminder_drafts(*, today: datetime.date) -> list[NotificationDraft]:
    """The reminders due ``today`` for every active branch with a secretary who has an account."""
    branches = list(
        Branch.objects.filter(is_active=True, secretary__user__isnull=False, secretary__user__is_active=True)
        .select_related("secretary")
        .order_by("pk")
    )
    if not branches:
        return []
    types = list(MeetingType.objects.filter(is_active=True))
    groups: dict[int, list[PartyGroup]] = {}
    for g in PartyGroup.objects.filter(branch__in=branches, is_active=True).order_by("pk"):
        groups.setdefault(g.branch_id, []).append(g)
    counts = held_counts([b.pk for b in branches], today.year)
    drafts = []
    for t in types:
        start, end = period_of(today, t.frequency)
        if (end - today).days >= t.remind_days:
            continue
        for b in branches:
            for g in groups.get(b.pk, []) if t.per_group else [None]:
                gid = g.pk if g else None
                held = held_in(counts, b.pk, t.pk, gid, start, end)
                if held >= t.required_count:
                    continue
                who = f"{b.name}{g.name}" if g else b.name
                drafts.append(
                    NotificationDraft(
                        user_id=b.secretary.user_id,
                        kind=KIND,
                        title=_("%(who)s has not held its %(type)s of %(period)s yet")
                        % {"who": who, "type": t.name, "period": period_label(start, t.frequency)},
                        body=_("The period ends on %(end)s.") % {"end": end.isoformat()},
                        url=reverse("party:branch_detail", args=[b.pk]),
                        dedupe_key=f"party:due:{b.pk}:{t.pk}:{gid or 0}:{start.isoformat()}",
                    )
                )
    return drafts


def reminders_send(*, today: datetime.date) -> int:
    """Send today's reminders; idempotent (a reminder is sent once per period). Returns how many were new."""
    return len(notifications_send(drafts=reminder_drafts(today=today)))
