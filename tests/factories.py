"""Small builders for test data. Each returns saved objects; names are plausible Chinese ones."""

import itertools

from chuangwen.core.roles import DEFAULT_SCOPE, Role, Scope
from chuangwen.org.models import Department, Membership, Person, Region, Unit, User

_seq = itertools.count(1)


def region(name="青溪县", level=Region.Level.COUNTY, parent=None, code=None) -> Region:
    code = code or f"43{next(_seq):06d}"
    if parent is None:
        return Region.objects.add_root({"name": name, "level": level, "code": code})
    return Region.objects.add_child(parent, {"name": name, "level": level, "code": code})


def unit(region, name=None, kind=Unit.Kind.HOSPITAL, **kw) -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        region=region, name=name or f"测试医院{n}", code=kw.pop("code", f"U{n:05d}"), kind=kind, **kw
    )


def department(unit, name=None, kind=Department.Kind.CLINICAL, **kw) -> Department:
    return Department.objects.create(unit=unit, name=name or f"科室{next(_seq)}", kind=kind, **kw)


def person(department, name="张伟", employee_no=None, **kw) -> Person:
    return Person.objects.create(
        unit=department.unit,
        department=department,
        name=name,
        employee_no=employee_no or f"{next(_seq):05d}",
        **kw,
    )


def user(username=None, password="pass-1234-word", **kw) -> User:
    u = User.objects.create_user(username=username or f"user{next(_seq)}", password=password, **kw)
    return u


def member(u: User, role: Role, *, region=None, unit=None, department=None, scope: Scope | None = None) -> Membership:
    m = Membership(
        user=u, role=role, scope=scope or DEFAULT_SCOPE[role], region=region, unit=unit, department=department
    )
    m.full_clean()
    m.save()
    u.__dict__.pop("_scope_memberships", None)
    return m
