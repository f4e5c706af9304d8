"""到期提醒 of tasks, for the escalation engine (chuangwen/escalation): the tasks of active
campaigns that are neither archived nor accepted. A recurring task carries the deadline of its
next occurrence, so the same rules apply. No escalation level: the steps only notify.

The responsible person is the task's person when they have an active account; the default
rules then fall back to the department's heads."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.escalation.models import EscalationRule
from chuangwen.escalation.registry import Adapter

from .models import Campaign, Task

Message = EscalationRule.Message


class TaskAdapter(Adapter):
    subject = EscalationRule.Subject.TASK
    messages = frozenset({Message.DUE_SOON, Message.OVERDUE, Message.ESCALATED})

    def candidates(self):
        return (
            Task.objects.filter(campaign__status=Campaign.Status.ACTIVE, archived_at__isnull=True)
            .exclude(status=Task.Status.ACCEPTED)
            .select_related("department", "person__user", "unit__region")
        )

    def responsible(self, task: Task) -> list[int]:
        user = task.person.user if task.person_id and task.person.user_id else None
        return [user.pk] if user and user.is_active else []

    def notice(self, task: Task, rule: EscalationRule, days: int) -> tuple[str, str, str]:
        params = {"task": task.title, "department": task.department.name, "deadline": task.deadline.isoformat()}
        if rule.message == Message.DUE_SOON:
            return (
                "task_due_soon",
                _("Task due soon"),
                _("Task “%(task)s” (%(department)s) is due on %(deadline)s.") % params,
            )
        body = _("Task “%(task)s” (%(department)s) was due on %(deadline)s and is %(days)s days overdue.") % {
            **params,
            "days": days,
        }
        if rule.message == Message.OVERDUE:
            return "task_overdue", _("Task overdue"), body
        return "task_escalated", _("Task overdue for more than %(days)s days") % {"days": rule.days}, body

    def url(self, task: Task) -> str:
        return reverse("campaigns:task_detail", args=[task.pk])

    def dedupe_key(self, task: Task, code: str, user_id: int) -> str:
        return f"task:{task.pk}:{code}:{user_id}"
