"""Who hears that a task was assigned: the responsible department's heads and the responsible
person, in-app and by e-mail (and the department's group robots), through the dashboard's one
notification service once the change commits. Each (task, department, person, user) is told
once, so changing a task's deadline tells nobody again, giving it to another department does."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role
from chuangwen.org.models import Membership

from .models import Task

KIND_ASSIGNED = "task_assigned"


def _heads(department_ids: set[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    rows = Membership.objects.filter(
        role=Role.DEPT_HEAD, is_active=True, user__is_active=True, department_id__in=department_ids
    ).values_list("department_id", "user_id")
    for department_id, user_id in rows.order_by("user_id").distinct():
        out.setdefault(department_id, []).append(user_id)
    return out


def tasks_assigned_notify(tasks: Iterable[Task]) -> None:
    """Tell each task's responsible department heads and person that it was assigned to them."""
    from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit

    tasks = [t for t in tasks if not t.is_archived]
    if not tasks:
        return
    heads = _heads({t.department_id for t in tasks})
    drafts = []
    with translation.override(settings.LANGUAGE_CODE):  # stored text is read by everyone
        for task in tasks:
            person = task.person if task.person_id else None
            users = list(heads.get(task.department_id, []))
            if person is not None and person.user_id:
                users.append(person.user_id)
            params = {
                "code": task.code,
                "task": task.title,
                "department": task.department.name,
                "person": person.name if person else "—",
                "deadline": task.deadline.isoformat(),
            }
            title = _("New task %(code)s: %(task)s") % params
            body = (
                _("Responsible department: %(department)s; responsible person: %(person)s; due on %(deadline)s.")
                % params
            )
            url = reverse("campaigns:task_detail", args=[task.pk])
            key = f"task:{task.pk}:assigned:{task.department_id}:{task.person_id or 0}"
            drafts += [
                NotificationDraft(
                    uid,
                    KIND_ASSIGNED,
                    title[:200],
                    body,
                    url,
                    f"{key}:{uid}",
                    unit_id=task.unit_id,
                    department_id=task.department_id,
                    deadline=task.deadline,
                )
                for uid in dict.fromkeys(users)
            ]
    notifications_send_on_commit(drafts=drafts)
