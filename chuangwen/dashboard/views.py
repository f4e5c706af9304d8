"""Home page: what the signed-in user needs first, by role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chuangwen.core import workdays
from chuangwen.core.roles import Role
from chuangwen.dashboard import progress
from chuangwen.org import selectors
from chuangwen.org.models import Department, Person, Unit


@login_required
def home(request):
    user = request.user
    unit = request.current_unit
    ctx = {"roles": user.roles()}
    ctx["calendar_missing"] = _calendar_missing(user, ctx["roles"])
    if unit is None:
        units = list(selectors.visible_units(user).select_related("region").order_by("kind", "code")[:50])
        counts = selectors.unit_staff_counts([u.pk for u in units])
        ctx["unit_rows"] = [(u, counts[u.pk]) for u in units]
        ctx["unit_total"] = selectors.visible_units(user).count()
        return render(request, "dashboard/home_region.html", ctx)
    stats = selectors.unit_staff_counts([unit.pk])[unit.pk]
    ctx["stats"] = stats
    campaign = progress.active_campaign(unit, user)
    if campaign is not None:
        today = progress.local_today()
        ctx["campaign"] = campaign
        ctx["overall"] = progress.overall_of(progress.item_tree(campaign))
        ctx["tasks"] = progress.task_counts(campaign, today=today)
        ctx["overdue_tasks"] = progress.overdue_tasks(campaign, today=today, user=user, limit=5)
    ctx["departments_by_kind"] = _departments_by_kind(unit)
    ctx["person"] = Person.objects.filter(user=user).select_related("department").first()
    ctx["is_office"] = Role.OFFICE in ctx["roles"] or user.is_superuser
    return render(request, "dashboard/home_unit.html", ctx)


def _calendar_missing(user, roles) -> list[int]:
    """The years whose holidays are missing, for those who enter them or ask for them: the
    system administrators and every campaign office."""
    if not (user.is_superuser or Role.ADMIN in roles or Role.OFFICE in roles):
        return []
    return workdays.years_missing(today=progress.local_today())


def _departments_by_kind(unit: Unit):
    from django.db.models import Count

    labels = dict(Department.Kind.choices)
    rows = Department.objects.filter(unit=unit, is_active=True).values("kind").annotate(n=Count("id")).order_by("kind")
    return [(labels.get(r["kind"], r["kind"]), r["n"]) for r in rows]
