"""Reads of the org app that pages and the API share."""

from django.db.models import Count, Q

from chuangwen.core.roles import CHANGE, VIEW, Scope
from chuangwen.core.scoping import scope_q

from .models import Department, Person, Unit


def unit_staff_counts(unit_ids) -> dict[int, dict[str, int]]:
    """Departments, staff and CPC members per unit, for the given units (two grouped queries)."""
    counts = {uid: {"departments": 0, "staff": 0, "party": 0} for uid in unit_ids}
    for row in (
        Department.objects.filter(unit_id__in=unit_ids, is_active=True).values("unit_id").annotate(n=Count("id"))
    ):
        counts[row["unit_id"]]["departments"] = row["n"]
    party = Q(political_status__in=[Person.Political.CPC, Person.Political.PROBATIONARY])
    people = (
        Person.objects.filter(unit_id__in=unit_ids, is_active=True)
        .values("unit_id")
        .annotate(n=Count("id"), party=Count("id", filter=party))
    )
    for row in people:
        counts[row["unit_id"]]["staff"] = row["n"]
        counts[row["unit_id"]]["party"] = row["party"]
    return counts


def department_staff_counts(department_ids) -> dict[int, int]:
    rows = (
        Person.objects.filter(department_id__in=department_ids, is_active=True)
        .values("department_id")
        .annotate(n=Count("id"))
    )
    return {r["department_id"]: r["n"] for r in rows}


def units_user_can_change(user, model):
    """Units in which ``user`` may create records of ``model`` (office scope on a unit)."""
    allowed = model.scoping.perms
    unit_ids = {
        m.unit_id
        for m in user.scope_memberships()
        if m.unit_id and CHANGE in allowed.get(m.role, ()) and m.scope == Scope.UNIT
    }
    # An administrator creates in the units of its region (Unit's CHANGE is the admin's alone).
    return Unit.objects.filter(Q(pk__in=unit_ids) | scope_q(Unit, user, CHANGE))


def can_create_in_current_unit(request, model) -> bool:
    unit = request.current_unit
    return bool(unit) and units_user_can_change(request.user, model).filter(pk=unit.pk).exists()


def visible_units(user):
    return Unit.objects.visible_to(user, VIEW)
