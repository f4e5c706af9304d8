"""Small builders for test data. Each returns saved objects; names are plausible Chinese ones."""

import itertools
from datetime import date
from decimal import Decimal

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


def standard(
    owner_unit,
    *,
    name="县级文明单位测评体系",
    applies_to=None,
    status="published",
    aspects=2,
    indicators=2,
    items=3,
    points=Decimal("5"),
):
    """A standard with aspects × indicators × items, codes like 1 / 1.2 / 1.2.3."""
    from chuangwen.standards.models import Aspect, Indicator, Item, Standard

    std = Standard.objects.create(name=name, owner_unit=owner_unit, applies_to=applies_to, status=status)
    order = 0
    for a in range(1, aspects + 1):
        asp = Aspect.objects.create(standard=std, code=str(a), title=f"方面{a}", order=a)
        for i in range(1, indicators + 1):
            ind = Indicator.objects.create(aspect=asp, code=f"{a}.{i}", title=f"指标{a}.{i}", order=i)
            for k in range(1, items + 1):
                order += 1
                Item.objects.create(
                    standard=std,
                    aspect=asp,
                    indicator=ind,
                    code=f"{a}.{i}.{k}",
                    title=f"测评项目{a}.{i}.{k}",
                    points=points,
                    methods=["documents"],
                    order=order,
                )
    return std


def campaign(unit, std, *, year=2026, **kw):
    from chuangwen.campaigns.models import Campaign

    return Campaign.objects.create(
        unit=unit,
        standard=std,
        name=kw.pop("name", f"{year}年创建文明单位"),
        year=year,
        target_level=kw.pop("target_level", "city"),
        starts_on=date(year, 2, 1),
        ends_on=date(year, 11, 30),
        status=kw.pop("status", "active"),
        **kw,
    )


def task(campaign, department, *, title="每月开展政治学习", deadline=None, person=None, items=(), **kw):
    from chuangwen.campaigns.models import Task

    t = Task.objects.create(
        campaign=campaign,
        unit=campaign.unit,
        department=department,
        person=person,
        title=title,
        deadline=deadline or date(campaign.year, 6, 30),
        **kw,
    )
    if items:
        t.items.set(items)
    return t


def escalation_rule(subject="complaint", code=None, *, owner=None, **kw):
    """An escalation rule (督办规则); by default a complaint step to the office 1 day overdue."""
    from chuangwen.escalation.models import EscalationRule

    fields = {"name": "测试督办", "trigger": "after", "days": 1, "message": "escalated", "notify_office": True}
    rule = EscalationRule(subject=subject, code=code or f"test{next(_seq)}", owner=owner, **{**fields, **kw})
    rule.full_clean()
    rule.save()
    return rule
