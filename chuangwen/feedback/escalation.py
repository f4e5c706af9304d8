"""督办: overdue complaints escalate, as a daily background job (django-tasks).

A complaint still waiting for a reply after its deadline goes up one level at a time:

1. the day after the deadline: the handler (or the unit's office while nobody is assigned);
2. ``FEEDBACK_ESCALATE_OFFICE_DAYS`` (default 2) days overdue: the unit's campaign office;
3. ``FEEDBACK_ESCALATE_SUPERVISOR_DAYS`` (default 5) days overdue: the supervisors of the region
   (users with a supervisor role on a region containing the unit).

Each notice has a dedupe key (``complaint:<id>:r<times reopened>:esc<level>:<user id>``), the
level only ever rises and a handling record is written once per level, so running the job twice
a day, or again after a crash, changes nothing. Reopening starts the ladder again.
``manage.py escalate_complaints`` enqueues the job (``--now`` runs it in-process)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from chuangwen.core.roles import Role, Scope
from chuangwen.org.models import Membership

from .models import Complaint, HandlingRecord
from .services import detail_url

KIND = "complaint_escalated"


def office_after() -> int:
    return settings.FEEDBACK_ESCALATE_OFFICE_DAYS


def supervisor_after() -> int:
    return settings.FEEDBACK_ESCALATE_SUPERVISOR_DAYS


def level_for(days_overdue: int) -> int:
    if days_overdue <= 0:
        return 0
    if days_overdue >= supervisor_after():
        return 3
    if days_overdue >= office_after():
        return 2
    return 1


@task()
def escalate_overdue_complaints(today: str | None = None) -> dict[str, int]:
    """The daily escalation run (background job). ``today`` as YYYY-MM-DD, default the local date."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return run_escalation(today=day)


def _offices(unit_ids) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        role=Role.OFFICE, unit_id__in=unit_ids, is_active=True, user__is_active=True
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows.distinct().order_by("user_id"):
        out[unit_id].append(user_id)
    return out


def _supervisors() -> list[tuple[str, int]]:
    return list(
        Membership.objects.filter(
            role=Role.SUPERVISOR, scope=Scope.REGION, is_active=True, user__is_active=True, region__isnull=False
        )
        .values_list("region__path", "user_id")
        .distinct()
    )


def run_escalation(*, today: datetime.date, email: bool = True) -> dict[str, int]:
    """Escalate every overdue complaint to the level its lateness calls for; returns counts."""
    from chuangwen.dashboard.services import NotificationDraft, notifications_send

    overdue = list(
        Complaint.objects.filter(
            archived_at__isnull=True, status__in=Complaint.OPEN_STATUSES, deadline__lt=today
        ).select_related("unit__region", "department")
    )
    offices = _offices({c.unit_id for c in overdue})
    supervisors = _supervisors()
    counts = {"overdue": len(overdue), "raised": 0, "level1": 0, "level2": 0, "level3": 0}
    drafts: list[NotificationDraft] = []
    raised: list[tuple[Complaint, int]] = []
    with translation.override(settings.LANGUAGE_CODE):
        for c in overdue:
            days = (today - c.deadline).days
            level = level_for(days)
            counts[f"level{level}"] += 1
            params = {
                "ref": c.reference,
                "unit": c.unit.name,
                "department": c.department.name if c.department_id else "—",
                "deadline": c.deadline.isoformat(),
                "days": days,
            }
            body = (
                _("Complaint %(ref)s (%(unit)s, %(department)s) was due on %(deadline)s and is %(days)s days overdue.")
                % params
            )
            title = _("Overdue complaint %(ref)s") % params
            url = detail_url(c)
            for lvl in range(1, level + 1):
                if lvl == 1:
                    users = [c.handler_id] if c.handler_id else offices.get(c.unit_id, [])
                elif lvl == 2:
                    users = offices.get(c.unit_id, [])
                else:
                    users = [uid for path, uid in supervisors if c.unit.region.path.startswith(path)]
                key = f"complaint:{c.pk}:r{c.reopen_count}:esc{lvl}"
                drafts += [NotificationDraft(uid, KIND, title, body, url, f"{key}:{uid}") for uid in users]
            if level > c.escalation_level:
                raised.append((c, level))
        with transaction.atomic():
            for c, level in raised:
                Complaint.objects.filter(pk=c.pk, escalation_level__lt=level).update(escalation_level=level)
                HandlingRecord.objects.create(
                    complaint=c,
                    action=HandlingRecord.Action.ESCALATED,
                    text=_("Escalated to level %(level)s: %(who)s.") % {"level": level, "who": _level_name(level)},
                )
        created = notifications_send(drafts=drafts, email=email)
    counts["raised"] = len(raised)
    counts["created"] = len(created)
    return counts


def _level_name(level: int) -> str:
    return {1: _("the handler"), 2: _("the campaign office"), 3: _("the supervising authority")}[level]
