"""逾期升级: the daily escalation of overdue rectification orders, as a background job.

An order (state ``ordered``) past its deadline climbs, counted from the deadline:

* level 1, the day after the deadline: the department's heads (and the responsible person);
* level 2, 3 days later: the unit's campaign office;
* level 3, 7 days after that, only for a finding of an authority (``source_unit`` is the bureau):
  the bureau's supervisors.

Each step raises ``Finding.escalation_level`` (with a ``FindingEvent`` and a new version) and sends
notifications whose ``dedupe_key`` names the finding, the level, the deadline and the user, so
running the job twice, or again after a crash, changes and sends nothing twice. A new deadline
(a failed re-check with a new date, a reopening) starts the climb again. The candidates are found
in SQL through the ``(state, deadline)`` index, so a run over a million findings reads only the
orders that must move.

``manage.py escalate_findings`` enqueues the job (``--now`` runs it in the process)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from chuangwen.core.roles import Role
from chuangwen.org.models import Unit

from . import selectors, services
from .models import Finding

LEVEL_2_AFTER_DAYS = 3
LEVEL_3_AFTER_DAYS = 7
BATCH = 500


def level_due(days_overdue: int, *, by_authority: bool) -> int:
    """The level an order ``days_overdue`` days past its deadline should have reached."""
    if days_overdue < 1:
        return 0
    if days_overdue < 1 + LEVEL_2_AFTER_DAYS:
        return 1
    if by_authority and days_overdue >= 1 + LEVEL_2_AFTER_DAYS + LEVEL_3_AFTER_DAYS:
        return 3
    return 2


@task()
def escalate_findings(today: str | None = None) -> dict[str, int]:
    """The daily escalation run (background job). ``today`` as YYYY-MM-DD, default the local date."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return run_escalation(today=day)


def candidates(today: datetime.date):
    """Orders that must climb today (not every overdue one: those already at their level stay)."""
    d = datetime.timedelta
    level_2_from = today - d(days=LEVEL_2_AFTER_DAYS)
    level_3_from = today - d(days=LEVEL_2_AFTER_DAYS + LEVEL_3_AFTER_DAYS)
    return (
        Finding.objects.filter(state=Finding.State.ORDERED, archived_at__isnull=True, deadline__lt=today)
        .filter(
            Q(escalation_level=0)
            | Q(escalation_level=1, deadline__lt=level_2_from)
            | Q(escalation_level=2, deadline__lt=level_3_from, source_unit__kind=Unit.Kind.AUTHORITY)
        )
        .select_related("unit", "source_unit", "department", "responsible_person")
        .order_by("id")
    )


def run_escalation(*, today: datetime.date, email: bool = True) -> dict[str, int]:
    """Raise every order due to climb on ``today`` and notify; returns counts per level reached
    and the notifications created."""
    from chuangwen.dashboard.services import notifications_send

    counts = {"level_1": 0, "level_2": 0, "level_3": 0, "created": 0}
    with translation.override(settings.LANGUAGE_CODE):
        last = 0
        while batch := list(candidates(today).filter(pk__gt=last)[:BATCH]):
            last = batch[-1].pk
            drafts = []
            for finding in batch:
                drafts += _escalate(finding, today, counts)
            counts["created"] += len(notifications_send(drafts=drafts, email=email))
    return counts


def _recipients(finding: Finding, level: int) -> list[int]:
    if level == 1:
        heads = selectors.users_with_role(Role.DEPT_HEAD, department_ids=[finding.department_id])
        person = finding.responsible_person
        return heads.get(finding.department_id, []) + ([person.user_id] if person and person.user_id else [])
    if level == 2:
        return selectors.users_with_role(Role.OFFICE, unit_ids=[finding.unit_id]).get(finding.unit_id, [])
    return selectors.users_with_role(Role.SUPERVISOR, unit_ids=[finding.source_unit_id]).get(finding.source_unit_id, [])


def _escalate(finding: Finding, today: datetime.date, counts: dict[str, int]) -> list:
    from chuangwen.dashboard.services import NotificationDraft

    days = (today - finding.deadline).days
    level = level_due(days, by_authority=finding.source_unit.kind == Unit.Kind.AUTHORITY)
    start = finding.escalation_level
    if level <= start:
        return []
    who = {1: _("the department heads"), 2: _("the unit's campaign office"), 3: _("the supervising authority")}
    params = {
        "days": days,
        "level": level,
        "who": who[level],
        "department": finding.department.name if finding.department_id else "—",
        "problem": finding.description[:40],
        "deadline": finding.deadline.isoformat(),
    }
    text = _("%(days)s days overdue: escalated to level %(level)s (%(who)s).") % params
    services.finding_escalate(finding=finding, level=level, text=text)
    counts[f"level_{level}"] += 1
    title = _("Rectification overdue: %(problem)s") % params
    body = _("The order to %(department)s was due on %(deadline)s and is %(days)s days overdue.") % params
    url = services.finding_url(finding)
    drafts = []
    for lv in range(start + 1, level + 1):
        for uid in dict.fromkeys(_recipients(finding, lv)):
            key = f"finding:{finding.pk}:esc{lv}:{finding.deadline.isoformat()}:{uid}"
            drafts.append(NotificationDraft(uid, f"finding_escalated_{lv}", title[:200], body, url, key))
    return drafts
