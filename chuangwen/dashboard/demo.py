"""Demo data of the dashboard app: the reminder run of the day, so that the demo's department
heads and campaign offices find "task due soon", "task overdue" and escalated notices in 消息.

Runs after the campaigns and evidence steps (it reads their tasks from the database, not
``ctx``); no e-mail is sent. Adds ``ctx.extra["reminders"]`` (the counts of the run)."""

from __future__ import annotations

from django.utils import timezone

from .reminders import run_reminders


def load(ctx) -> None:
    counts = run_reminders(today=timezone.localdate(), email=False)
    ctx.extra["reminders"] = counts
    if ctx.stdout:
        ctx.stdout.write(
            f"到期提醒：即将到期 {counts['due_soon']}，已逾期 {counts['overdue']}，"
            f"逾期7天上报 {counts['escalated']}，新消息 {counts['created']}。"
        )
