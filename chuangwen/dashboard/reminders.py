"""到期提醒: the daily reminder run, as a background job (django-tasks).

For every task of an active campaign that is neither archived nor accepted:

* deadline within the next 3 days (0–3) → "task due soon" (kind ``task_due_soon``);
* deadline passed → "task overdue" (``task_overdue``);
* 7 or more days overdue → additionally escalated to the unit's campaign office (``task_escalated``).

Due-soon and overdue notices go to the responsible person's user account, or — when the task has
no person with an account — to the department's heads (active ``dept_head`` memberships of that
department). Each notice has a ``dedupe_key`` (``task:<id>:due3:<user id>``, ``task:<id>:overdue:<user id>``,
``task:<id>:overdue7:<user id>``), so running the job twice a day, or again after a crash, sends
nothing twice. Users with an e-mail address also get it by e-mail, from the e-mail job
(``emailed_at`` is set).

``manage.py send_reminders`` enqueues the job; with the database backend a ``manage.py db_worker``
runs it. A recurring task carries the deadline of its next occurrence, so the same rules apply."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from chuangwen.campaigns.models import Campaign, Task
from chuangwen.core.roles import Role
from chuangwen.org.models import Membership

from .services import NotificationDraft, notifications_send, wants_email

DUE_SOON_DAYS = 3
ESCALATE_AFTER_DAYS = 7

KIND_DUE_SOON = "task_due_soon"
KIND_OVERDUE = "task_overdue"
KIND_ESCALATED = "task_escalated"


@task()
def send_deadline_reminders(today: str | None = None) -> dict[str, int]:
    """The daily reminder run (background job). ``today`` as YYYY-MM-DD, default the local date."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return run_reminders(today=day)


def run_reminders(*, today: datetime.date, email: bool = True) -> dict[str, int]:
    """Send the reminders due on ``today``; returns counts (candidates by kind, and created/e-mailed)."""
    with translation.override(settings.LANGUAGE_CODE):
        drafts, counts = _drafts(today)
        created = notifications_send(drafts=drafts, email=email)
    counts["created"] = len(created)
    # E-mails go out from their own job once this run commits; count those queued.
    counts["emailed"] = sum(1 for n in created if wants_email(n)) if email else 0
    return counts


def _candidates(today: datetime.date):
    return (
        Task.objects.filter(
            campaign__status=Campaign.Status.ACTIVE,
            archived_at__isnull=True,
            deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(status=Task.Status.ACCEPTED)
        .select_related("department", "person__user")
        .order_by("deadline", "id")
    )


def _users_by(role: Role, field: str, ids: set[int]) -> dict[int, list[int]]:
    """Active users holding ``role`` on each of ``ids`` (departments or units)."""
    rows = Membership.objects.filter(
        role=role, is_active=True, user__is_active=True, **{f"{field}_id__in": ids}
    ).values_list(f"{field}_id", "user_id")
    out: dict[int, list[int]] = defaultdict(list)
    for key, user_id in rows.order_by("user_id").distinct():
        out[key].append(user_id)
    return out


def task_url(task_id: int) -> str:
    """The task's page (the campaigns app), or empty while it has none."""
    try:
        return reverse("campaigns:task_detail", args=[task_id])
    except NoReverseMatch:
        return ""


def _drafts(today: datetime.date) -> tuple[list[NotificationDraft], dict[str, int]]:
    tasks = list(_candidates(today))
    heads = _users_by(Role.DEPT_HEAD, "department", {t.department_id for t in tasks})
    escalating = [t for t in tasks if (today - t.deadline).days >= ESCALATE_AFTER_DAYS]
    offices = _users_by(Role.OFFICE, "unit", {t.unit_id for t in escalating})
    drafts: list[NotificationDraft] = []
    counts = {"due_soon": 0, "overdue": 0, "escalated": 0}
    for t in tasks:
        person_user = t.person.user if t.person_id and t.person.user_id else None
        owners = [person_user.pk] if person_user and person_user.is_active else heads.get(t.department_id, [])
        days_left = (t.deadline - today).days
        params = {"task": t.title, "department": t.department.name, "deadline": t.deadline.isoformat()}
        url = task_url(t.pk)
        if days_left >= 0:
            counts["due_soon"] += 1
            title = _("Task due soon")
            body = _("Task “%(task)s” (%(department)s) is due on %(deadline)s.") % params
            drafts += [
                NotificationDraft(uid, KIND_DUE_SOON, title, body, url, f"task:{t.pk}:due3:{uid}") for uid in owners
            ]
            continue
        counts["overdue"] += 1
        params["days"] = -days_left
        title = _("Task overdue")
        body = _("Task “%(task)s” (%(department)s) was due on %(deadline)s and is %(days)s days overdue.") % params
        drafts += [
            NotificationDraft(uid, KIND_OVERDUE, title, body, url, f"task:{t.pk}:overdue:{uid}") for uid in owners
        ]
        if -days_left >= ESCALATE_AFTER_DAYS:
            counts["escalated"] += 1
            title = _("Task overdue for more than 7 days")
            drafts += [
                NotificationDraft(uid, KIND_ESCALATED, title, body, url, f"task:{t.pk}:overdue7:{uid}")
                for uid in offices.get(t.unit_id, [])
            ]
    return drafts, counts
