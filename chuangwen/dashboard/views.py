"""Home page: what the signed-in user does next, by role (``home.py``, ``home_personal.py``),
then the unit's campaign at a glance, or the region's units for the bureau."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from chuangwen.core import workdays
from chuangwen.core.roles import Role
from chuangwen.dashboard import progress
from chuangwen.org import selectors
from chuangwen.org.models import Department, Person, Unit

from . import home as next_items
from . import home_personal


@login_required
def home(request):
    user = request.user
    unit = request.current_unit
    # Lists filter by today's date (their "overdue", "due today"); progress by the campaign's clock.
    today = timezone.localdate()
    roles = user.roles()
    ctx = {"roles": roles, "calendar_missing": _calendar_missing(user, roles)}
    is_admin = user.is_superuser or Role.ADMIN in roles
    if unit is None:
        return _home_region(request, ctx, today=today, is_admin=is_admin)
    ctx["stats"] = selectors.unit_staff_counts([unit.pk])[unit.pk]
    campaign = progress.active_campaign(unit, user)
    overall = None
    if campaign is not None:
        day = progress.local_today()
        ctx["campaign"] = campaign
        ctx["overall"] = overall = progress.overall_of(progress.item_tree(campaign))
        ctx["tasks"] = progress.task_counts(campaign, today=day)
        ctx["overdue_tasks"] = progress.overdue_tasks(campaign, today=day, user=user, limit=5)
    ctx["departments_by_kind"] = _departments_by_kind(unit)
    person = Person.objects.filter(user=user).select_related("department").first()
    ctx["person"] = person
    ctx["is_office"] = Role.OFFICE in roles or user.is_superuser
    in_unit = next_items.unit_roles(user, unit)
    panels = []
    if Role.INSPECTOR in in_unit:
        panels.append(next_items.inspector_panel(user, unit))
    if Role.OFFICE in in_unit:
        panels.append(next_items.office_panel(user, unit, today=today, campaign=campaign, overall=overall))
    if Role.DEPT_HEAD in in_unit:
        departments = next_items.head_departments(user, unit)
        panels.append(next_items.head_panel(user, unit, departments, today=today))
    if Role.PARTY_SECRETARY in in_unit:
        panels.append(home_personal.secretary_panel(user, unit, today=today))
    if Role.STAFF in in_unit:
        with_tasks = Role.DEPT_HEAD not in in_unit  # the head's panel lists them already
        panels.append(home_personal.staff_panel(user, person, today=today, with_tasks=with_tasks))
    ctx["panels"] = [p for p in panels if p.items or p.action]
    return render(request, "dashboard/home_unit.html", ctx)


def _home_region(request, ctx, *, today, is_admin: bool):
    """The bureau's (or the administrator's) home across the region: the ranking panel, its own
    what's next, and the units under it."""
    from chuangwen.ranking.selectors import home_panel

    user = request.user
    panels = []
    if Role.SUPERVISOR in ctx["roles"]:
        ctx["ranking_panel"] = home_panel(user)
        panels.append(next_items.bureau_panel(user, today=today))
    if is_admin:
        panels.append(home_personal.admin_panel(user, today=today))
    ctx["panels"] = panels
    units = list(selectors.visible_units(user).select_related("region").order_by("kind", "code")[:50])
    counts = selectors.unit_staff_counts([u.pk for u in units])
    ctx["unit_rows"] = [(u, counts[u.pk]) for u in units]
    ctx["unit_total"] = selectors.visible_units(user).count()
    return render(request, "dashboard/home_region.html", ctx)


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
