"""The default escalation rules (no owner: every unit): the behaviour of the three engines
they replaced (task reminders, rectification orders, complaints), written once as data.

Seeded by migration 0002 into a new database, and again after ``flush`` empties the table (see
``apps.py``). Changing this list changes new installations only: an existing database's rules are
its data, edited in the admin."""

from __future__ import annotations

from django.utils import timezone

_TASK = {"subject": "task", "level": 0}
_FINDING = {"subject": "finding", "trigger": "after", "message": "escalated"}
_COMPLAINT = {"subject": "complaint", "trigger": "after", "message": "escalated"}

DEFAULT_RULES = [
    # 到期提醒: tasks of active campaigns, neither archived nor accepted.
    {**_TASK, "code": "due3", "name": "即将到期", "trigger": "before", "days": 3, "message": "due_soon",
     "notify_responsible": True, "fallback": "department_head"},
    {**_TASK, "code": "overdue", "name": "已逾期", "trigger": "after", "days": 1, "message": "overdue",
     "notify_responsible": True, "fallback": "department_head"},
    {**_TASK, "code": "overdue7", "name": "逾期7天上报", "trigger": "after", "days": 7, "message": "escalated",
     "notify_office": True},
    # 逾期升级: open rectification orders; the third step only for an authority's findings.
    {**_FINDING, "code": "esc1", "name": "升级至科室", "days": 1, "level": 1,
     "notify_responsible": True, "notify_department_head": True},
    {**_FINDING, "code": "esc2", "name": "升级至创建办", "days": 4, "level": 2, "notify_office": True},
    {**_FINDING, "code": "esc3", "name": "升级至卫健局", "days": 11, "level": 3, "notify_supervisor": True,
     "condition": "from_authority"},
    # 督办: complaints still waiting for a reply.
    {**_COMPLAINT, "code": "esc1", "name": "一级（处理人）", "days": 1, "level": 1,
     "notify_responsible": True, "fallback": "office"},
    {**_COMPLAINT, "code": "esc2", "name": "二级（创建办）", "days": 2, "level": 2, "notify_office": True},
    {**_COMPLAINT, "code": "esc3", "name": "三级（主管部门）", "days": 5, "level": 3, "notify_supervisor": True},
]  # fmt: skip


def seed_defaults(apps, using: str = "default") -> int:
    """Store the default rules, each with its first history row, into an empty rules table
    (``apps``: a migration's state or ``django.apps.apps``). Returns how many were stored."""
    try:
        Rule = apps.get_model("escalation", "EscalationRule")
        History = apps.get_model("escalation", "HistoricalEscalationRule")
    except LookupError:  # migrated back below 0001
        return 0
    if Rule.objects.using(using).exists():
        return 0
    now = timezone.now()
    rules = Rule.objects.using(using).bulk_create([Rule(**rule) for rule in DEFAULT_RULES])
    fields = [f.attname for f in Rule._meta.concrete_fields]
    History.objects.using(using).bulk_create(
        History(
            **{name: getattr(rule, name) for name in fields},
            history_date=now,
            history_type="+",
            history_change_reason="默认规则",
        )
        for rule in rules
    )
    return len(rules)
