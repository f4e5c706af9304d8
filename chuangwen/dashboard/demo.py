"""Demo data of the dashboard app: the tasks' reminder run of the day, so that the demo's department
heads and campaign offices find "task due soon", "task overdue" and escalated notices in 消息;
and what the offices already dealt with is read, so the bell shows what is waiting.

Runs after the campaigns and evidence steps (it reads their tasks from the database, not
``ctx``); no e-mail is sent. Adds ``ctx.extra["reminders"]`` (the counts of the run)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from chuangwen.dashboard.models import Notification
from chuangwen.escalation.services import escalation_run


def load(ctx) -> None:
    counts = escalation_run(today=timezone.localdate(), subjects=["task"], email=False)
    ctx.extra["reminders"] = counts
    # The evidence services write their notices when the demo's transaction commits; mark the
    # handled ones read after them.
    transaction.on_commit(mark_handled_read)
    if ctx.stdout:
        steps = counts["task"]
        ctx.stdout.write(
            f"到期提醒：即将到期 {steps.get('due3', 0)}，已逾期 {steps.get('overdue', 0)}，"
            f"逾期7天上报 {steps.get('overdue7', 0)}，新消息 {counts['created']}。"
        )


def mark_handled_read() -> int:
    """Notices about evidence whose state has moved on count as read — "to review" for a record
    since reviewed, "returned" for one since resubmitted, and every "accepted": the office and
    the departments opened them when they dealt with the record. Returns how many were marked."""
    from chuangwen.evidence.models import Evidence

    about = {"evidence_submitted": Evidence.Status.SUBMITTED, "evidence_returned": Evidence.Status.RETURNED}
    unread = Notification.objects.filter(read_at__isnull=True, kind__in=[*about, "evidence_accepted"])
    rows = list(unread.values_list("pk", "kind", "url"))
    if not rows:
        return 0
    status = {
        reverse("evidence:evidence_detail", args=[pk]): s
        for pk, s in Evidence.objects.filter(archived_at__isnull=True).values_list("pk", "status")
    }
    handled = [pk for pk, kind, url in rows if kind not in about or status.get(url) != about[kind]]
    return Notification.objects.filter(pk__in=handled).update(read_at=timezone.now())
