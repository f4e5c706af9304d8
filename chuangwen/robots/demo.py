"""Demo data of notifications to 企业微信 and 钉钉 group robots (webhooks) for ``make demo``:
青溪县人民医院's 创文工作群 (企业微信, the whole hospital), 内科's 企业微信 and signed 钉钉 groups and
外科's 钉钉 group, all pointing at the local stand-in (``manage.py robot_standin`` on
127.0.0.1:8799) and disabled, so a demo never posts anywhere by itself; a few messages of the
past weeks (sent, one still retrying, one failed for good) so the office's pages show what they
look like; the nurse ``zhigong`` turned e-mails of due-soon reminders off.

Reads ``ctx.units``, ``ctx.departments`` and ``ctx.users``. Robots go through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import kinds, services, webhooks
from .models import Delivery

STANDIN = "http://127.0.0.1:8799"
DEMO_SECRET = "SECdemo0000000000000000000000000000000000000000000000000000000"
UNIT_KINDS = ["task_assigned", "finding_ordered", "complaint_escalated", "complaint_new"]
ROBOTS = [
    # (department or None, name, provider, token, secret, kinds)
    (
        None,
        "创文工作群",
        "wecom",
        "rmyy-cwb",
        "",
        ["task_assigned", "finding_ordered", "complaint_escalated", "complaint_new"],
    ),
    ("内科", "内科工作群", "wecom", "rmyy-neike", "", kinds.ROBOT_DEFAULTS),
    ("内科", "内科钉钉群", "dingtalk", "rmyy-neike", DEMO_SECRET, kinds.ROBOT_DEFAULTS),
    ("外科", "外科钉钉群", "dingtalk", "rmyy-waike", "", kinds.ROBOT_DEFAULTS),
]


def _url(provider: str, token: str) -> str:
    host, path, param = webhooks.PLATFORMS[provider]
    return f"{STANDIN}{path}?{param}={token}"


def load(ctx) -> None:
    unit = ctx.units.get("rmyy")
    office = ctx.users.get("chuangban")
    if unit is None or office is None:
        return
    robots = []
    for dept_name, name, provider, token, secret, wanted in ROBOTS:
        department = ctx.departments.get(("rmyy", dept_name)) if dept_name else None
        if dept_name and department is None:
            continue
        robots.append(
            services.robot_create(
                unit=unit,
                department=department,
                user=office,
                name=name,
                provider=provider,
                webhook_url=_url(provider, token),
                secret=secret,
                kinds=list(wanted),
                is_active=False,
            )
        )
    _deliveries(unit, robots)
    staff = ctx.users.get("zhigong")
    if staff is not None:
        codes = kinds.CODES
        services.preferences_set(user=staff, in_app=codes, email=[c for c in codes if c != "task_due_soon"])
    if ctx.stdout:
        ctx.stdout.write(f"  robots: {len(robots)} group robots (disabled, stand-in {STANDIN}), demo messages")


def _deliveries(unit, robots) -> None:
    """A few weeks of messages about the plan's tasks: sent, one retrying, one failed. (The
    demo's own notifications are sent when its one transaction commits, after this step.)"""
    from chuangwen.campaigns.models import Task

    if not robots:
        return
    now = timezone.now()
    rows = []
    tasks = Task.objects.filter(unit=unit, archived_at__isnull=True).select_related("department", "person")
    for task in tasks.order_by("-deadline", "-id")[:40]:
        for robot in robots:
            if robot.department_id not in (None, task.department_id) or len(rows) >= 24:
                continue
            title = f"新任务 {task.code}：{task.title}"[:200]
            who = task.person.name if task.person_id else f"{task.department.name}科主任"
            lines = [
                f"责任科室：{task.department.name}",
                f"> **需办理**：{who}",
                f"> **完成时限**：{task.deadline.isoformat()}",
                f"> [在创文系统中查看](/campaigns/tasks/{task.pk}/)",
            ]
            rows.append(
                Delivery(
                    robot=robot,
                    unit=unit,
                    kind="task_assigned",
                    title=title,
                    payload=webhooks.payload(robot.provider, title=title, lines=lines),
                    status=Delivery.Status.SENT,
                    attempts=1,
                    sent_at=now - datetime.timedelta(hours=3 * len(rows) + 1),
                )
            )
    if len(rows) >= 2:
        rows[0].status, rows[0].attempts, rows[0].sent_at = Delivery.Status.RETRYING, 2, None
        rows[0].last_error = 'HTTP 502 {"errcode": -1, "errmsg": "system busy"}'
        rows[0].next_try_at = now + datetime.timedelta(minutes=5)
        rows[1].status, rows[1].attempts, rows[1].sent_at = Delivery.Status.FAILED, services.MAX_ATTEMPTS, None
        rows[1].last_error = "errcode 310000: keywords not in content"
    Delivery.objects.bulk_create(rows)
