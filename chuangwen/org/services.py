"""Writes of the org app: creating and changing departments (科室), staff (职工) and the roles
users hold (memberships, each change an event of the audit log).

Every function is keyword-only, runs in one transaction, validates the record before saving and
records the acting user in its history. Which unit and which referenced records the caller may use
is decided by the caller (the API resolves ids within the caller's scope, a page's form limits its
choices); these functions check what must hold whoever calls them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.roles import DEFAULT_SCOPE, Role

from .models import Department, Membership, Person, Unit


def _save(obj, *, user, changes: dict[str, Any]):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj._history_user = user
    obj.save()
    return obj


def _check_department_name(*, unit: Unit, name: str, exclude_pk: int | None = None) -> None:
    clash = Department.objects.filter(unit=unit, name=name).exclude(pk=exclude_pk)
    if name and clash.exists():
        raise ValidationError({"name": _("A department named %(name)s already exists in this unit.") % {"name": name}})


def _check_employee_no(*, unit: Unit, employee_no: str, exclude_pk: int | None = None) -> None:
    clash = Person.objects.filter(unit=unit, employee_no=employee_no).exclude(pk=exclude_pk)
    if employee_no and clash.exists():
        raise ValidationError(
            {"employee_no": _("Employee number %(no)s is already used in this unit.") % {"no": employee_no}}
        )


@transaction.atomic
def department_create(
    *,
    unit: Unit,
    user,
    name: str,
    code: str = "",
    kind: str = Department.Kind.CLINICAL,
    head: Person | None = None,
    phone: str = "",
    location: str = "",
    sort_order: int = 0,
    is_active: bool = True,
) -> Department:
    """A new department of ``unit``; its name must not be taken in that unit yet."""
    _check_department_name(unit=unit, name=name)
    changes = {
        "name": name,
        "code": code,
        "kind": kind,
        "head": head,
        "phone": phone,
        "location": location,
        "sort_order": sort_order,
        "is_active": is_active,
    }
    return _save(Department(unit=unit), user=user, changes=changes)


@transaction.atomic
def department_update(*, department: Department, user, **changes: Any) -> Department:
    """Change the given fields of ``department`` (its unit stays); a new name must not be taken
    by another department of the unit."""
    if "name" in changes:
        _check_department_name(unit=department.unit, name=changes["name"], exclude_pk=department.pk)
    return _save(department, user=user, changes=changes)


@transaction.atomic
def person_create(
    *,
    unit: Unit,
    user,
    department: Department,
    employee_no: str,
    name: str,
    gender: str | None = "",
    title: str = "",
    position: str = "",
    phone: str = "",
    political_status: str = Person.Political.MASSES,
    hired_on=None,
    is_active: bool = True,
) -> Person:
    """A new staff member of ``unit`` in one of its departments; the employee number must not be
    taken in that unit yet. No gender (``None``) is stored as blank."""
    _check_employee_no(unit=unit, employee_no=employee_no)
    changes = {
        "department": department,
        "employee_no": employee_no,
        "name": name,
        "gender": gender or "",
        "title": title,
        "position": position,
        "phone": phone,
        "political_status": political_status,
        "hired_on": hired_on,
        "is_active": is_active,
    }
    return _save(Person(unit=unit), user=user, changes=changes)


@transaction.atomic
def person_update(*, person: Person, user, **changes: Any) -> Person:
    """Change the given fields of ``person`` (the unit stays); a new employee number must not be
    taken by another staff member of the unit. No gender (``None``) is stored as blank."""
    if "gender" in changes:
        changes["gender"] = changes["gender"] or ""
    if "employee_no" in changes:
        _check_employee_no(unit=person.unit, employee_no=changes["employee_no"], exclude_pk=person.pk)
    return _save(person, user=user, changes=changes)


def _role_state(m: Membership | None) -> dict | None:
    """What the audit log keeps of a membership: role, scope, where, active."""
    if m is None:
        return None
    where = m.department or m.unit or m.region
    return {"role": m.role, "scope": m.scope, "where": str(where) if where else "", "active": m.is_active}


@transaction.atomic
def membership_save(*, membership: Membership, by, via: str = "page") -> Membership:
    """Store a new or changed membership (a role a user holds on a scope) as its fields now are.
    Needs the admin's right to add or change memberships. When the role, scope, place or active
    flag differ from what was stored, the audit log records the change with both states."""
    creating = membership.pk is None
    if not by.has_perm("org.add_membership" if creating else "org.change_membership"):
        raise PermissionDenied
    stored = (
        None if creating else Membership.objects.select_related("region", "unit", "department").get(pk=membership.pk)
    )
    membership.full_clean()
    membership._history_user = by
    membership.save()
    before, after = _role_state(stored), _role_state(membership)
    if before != after:
        audit_record(
            action=Action.ROLE_CHANGE,
            actor=by,
            target=membership,
            target_repr=f"{membership.user.get_username()} · {membership}",
            unit=membership.unit_id,
            region=membership.region if membership.unit_id is None else None,
            detail={"user": membership.user.get_username(), "before": before, "after": after, "via": via},
        )
    return membership


def membership_create(*, user, role: str, by, scope: str = "", region=None, unit=None, department=None) -> Membership:
    """Give ``user`` a role on a scope (the role's usual scope when none is given)."""
    scope = scope or DEFAULT_SCOPE[Role(role)]
    membership = Membership(user=user, role=role, scope=scope, region=region, unit=unit, department=department)
    return membership_save(membership=membership, by=by)


def membership_update(*, membership: Membership, by, **changes: Any) -> Membership:
    """Change the role, scope or place of a membership."""
    for name, value in changes.items():
        setattr(membership, name, value)
    return membership_save(membership=membership, by=by)


def membership_deactivate(*, membership: Membership, by, via: str = "page") -> Membership:
    """Take a role away without deleting it: the membership stays, inactive, with its history."""
    membership.is_active = False
    return membership_save(membership=membership, by=by, via=via)


def superuser_change_record(*, user, by, is_superuser: bool) -> None:
    """Log that ``by`` granted or removed ``user``'s superuser status (set in the admin)."""
    audit_record(
        action=Action.ROLE_CHANGE,
        actor=by,
        target=user,
        target_repr=user.get_username(),
        of_actor=True,
        detail={
            "user": user.get_username(),
            "before": {"superuser": not is_superuser},
            "after": {"superuser": is_superuser},
            "via": "admin",
        },
    )
