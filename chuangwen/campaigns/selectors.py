"""Reads of the campaigns app that pages, the API and the 责任分解表 share."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from chuangwen.core.roles import CHANGE, VIEW, Role, Scope
from chuangwen.org.models import Department, Person, Unit

from .models import Campaign, CampaignMember, Phase, Task


def campaigns_visible(user, action: str = VIEW) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user, action).select_related("unit", "standard")


def campaign_detail_queryset() -> QuerySet[Campaign]:
    """Campaigns with what the detail page shows: phases and current members in two prefetches."""
    members = (
        CampaignMember.objects.filter(archived_at__isnull=True)
        .select_related("person__department")
        .order_by("group", "order", "id")
    )
    return Campaign.objects.select_related("unit", "standard").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("order", "starts_on")),
        Prefetch("members", queryset=members),
    )


def live_tasks() -> QuerySet[Task]:
    """Tasks still on the plan (archived ones are kept but not listed)."""
    return Task.objects.filter(archived_at__isnull=True)


def task_list_queryset() -> QuerySet[Task]:
    return live_tasks().select_related("campaign", "phase", "department", "person")


def overdue_q(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~Q(status=Task.Status.ACCEPTED)


def task_status_counts(campaign: Campaign, tasks: QuerySet[Task] | None = None) -> dict[str, int]:
    """Live tasks of a campaign by status, plus ``total`` and ``overdue`` (one query)."""
    qs = tasks if tasks is not None else live_tasks()
    aggregates = {s: Count("id", filter=Q(status=s)) for s in Task.Status.values}
    row = qs.filter(campaign=campaign).aggregate(
        total=Count("id"), overdue=Count("id", filter=overdue_q()), **aggregates
    )
    return row


def campaign_task_counts(campaign_ids) -> dict[int, dict[str, int]]:
    """Live, accepted and overdue task counts per campaign, for a list of campaigns (one query)."""
    rows = (
        live_tasks()
        .filter(campaign_id__in=campaign_ids)
        .values("campaign_id")
        .annotate(
            total=Count("id"),
            accepted=Count("id", filter=Q(status=Task.Status.ACCEPTED)),
            overdue=Count("id", filter=overdue_q()),
        )
    )
    counts = {pk: {"total": 0, "accepted": 0, "overdue": 0} for pk in campaign_ids}
    for r in rows:
        counts[r["campaign_id"]] = {"total": r["total"], "accepted": r["accepted"], "overdue": r["overdue"]}
    return counts


def head_department_ids(user) -> set[int]:
    """Departments the user heads (department-scoped memberships)."""
    return {
        m.department_id
        for m in user.scope_memberships()
        if m.role == Role.DEPT_HEAD and m.scope == Scope.DEPARTMENT and m.department_id
    }


def my_tasks(user) -> QuerySet[Task]:
    """ "我的任务": tasks of the departments the user heads and tasks where they are the responsible
    person; overdue first, then open before done, then by deadline."""
    mine = Q(person__user=user)
    departments = head_department_ids(user)
    if departments:
        mine |= Q(department_id__in=departments)
    return (
        task_list_queryset()
        .visible_to(user, VIEW)
        .filter(mine)
        .annotate(
            overdue=Case(When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()),
            done=Case(
                When(status=Task.Status.ACCEPTED, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .order_by("-overdue", "done", "deadline", "id")
    )


def can_change_campaign(user, campaign: Campaign) -> bool:
    return Campaign.objects.filter(pk=campaign.pk).visible_to(user, CHANGE).exists()


def units_for_new_campaign(user) -> QuerySet[Unit]:
    """Units in which the user may start a campaign (campaign office of that unit, or admin)."""
    from chuangwen.org.selectors import units_user_can_change

    return units_user_can_change(user, Campaign).filter(kind=Unit.Kind.HOSPITAL)


def unit_departments(unit: Unit) -> QuerySet[Department]:
    return Department.objects.filter(unit=unit, is_active=True).order_by("sort_order", "id")


def unit_people(unit: Unit) -> QuerySet[Person]:
    return (
        Person.objects.filter(unit=unit, is_active=True)
        .select_related("department")
        .order_by("department__sort_order", "employee_no")
    )


def item_task_counts(campaign: Campaign) -> dict[int, int]:
    """How many live tasks already cover each item of the campaign (one query)."""
    rows = (
        Task.items.through.objects.filter(task__campaign=campaign, task__archived_at__isnull=True)
        .values("item_id")
        .annotate(n=Count("task_id"))
    )
    return {r["item_id"]: r["n"] for r in rows}
