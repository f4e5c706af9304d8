"""The one scoping mechanism: ``Model.objects.visible_to(user, action)``.

A model declares (``Model.scoping``) where its unit, department and owner live (``ScopeSpec``) and which roles
may do what with it. A user's memberships each grant a role on a scope (a region subtree, a
unit, a department or only their own records); ``scope_q`` turns them into one ``Q`` so that a
list, a detail page, an API call or a file download all ask the database the same question.
A record outside the scope is simply not found. Ids a client sends are resolved through the same
scope by ``chuangwen.core.lookups``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from .roles import ALL_ROLES, CHANGE, VIEW, Role, Scope

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ScopeSpec:
    """Where a model's scope lives.

    unit: path from the model to its Unit ("" when the model is the Unit).
    department: path to its Department, "" when the model is the Department, None if it has none.
    owner: path to the User who owns the record (self scope), None if it has none.
    unit_wide_view: department- and self-scoped users may view every record of their unit
        (reference data such as the department list).
    perms: role -> actions. Roles missing here get nothing.
    extra: widening beyond the memberships' scope (see below).
    through: path to a parent record whose scope this one shares, e.g. a standard's item: the
        row is visible (or changeable) exactly when its parent is. ``unit`` still names where
        the unit lives, for readers; ``perms`` and ``extra`` are the parent's.
    """

    unit: str
    department: str | None = None
    owner: str | None = None
    unit_wide_view: bool = False
    perms: dict[str, frozenset[str]] = field(default_factory=dict)
    # Optional widening beyond the memberships' own scope, e.g. an authority's published
    # standard that applies to every unit below it: (memberships, action) -> Q.
    extra: Callable[[list, str], Q] | None = None
    through: str | None = None


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def grant(roles, *actions: str) -> dict[str, frozenset[str]]:
    """One piece of ``ScopeSpec.perms``: these roles may do these actions. Merge with ``perms``."""
    return {role: frozenset(actions) for role in roles}


def perms(*grants: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Merge grants, uniting the actions of a role named in several."""
    merged: dict[str, frozenset[str]] = {}
    for g in grants:
        for role, actions in g.items():
            merged[role] = merged.get(role, frozenset()) | actions
    return merged


DEFAULT_PERMS = perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))


def scope_q(model: type[models.Model], user, action: str = VIEW) -> Q:
    """The filter selecting the rows of ``model`` that ``user`` may ``action``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    spec: ScopeSpec = model.scoping
    if spec.through:
        parent = model._meta.get_field(spec.through).related_model
        rows = parent._default_manager.filter(scope_q(parent, user, action)).values("pk")
        return Q(**{f"{spec.through}__in": rows})
    allowed = spec.perms or DEFAULT_PERMS
    q = NOTHING
    for m in user.scope_memberships():
        # A system administrator may do anything, but only within the scope of the membership
        # (a region's administrator sees that region); only a superuser sees everything.
        if m.role != Role.ADMIN and action not in allowed.get(m.role, ()):
            continue
        q |= _membership_q(spec, m, action)
    if spec.extra is not None:
        q |= spec.extra(user.scope_memberships(), action)
    return q


def _membership_q(spec: ScopeSpec, m, action: str) -> Q:
    unit_field = _path(spec.unit, "id") if spec.unit else "pk"
    unit_q = Q(**{unit_field: m.unit_id}) if m.unit_id else NOTHING
    widen = spec.unit_wide_view and action == VIEW
    if m.scope == Scope.REGION:
        if not m.region_path:
            return NOTHING
        return Q(**{_path(spec.unit, "region__path__startswith"): m.region_path})
    if m.scope == Scope.UNIT:
        return unit_q
    if m.scope == Scope.DEPARTMENT:
        if widen or spec.department is None:
            return unit_q
        return Q(**{(_path(spec.department, "id") if spec.department else "pk"): m.department_id})
    if m.scope == Scope.SELF:
        if widen:
            return unit_q
        if spec.owner is None:
            return NOTHING
        return Q(**{_path(spec.owner, "id") if spec.owner else "pk": m.user_id})
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Rows of this queryset that ``user`` may see (or change, with action=CHANGE)."""
        return self.filter(scope_q(self.model, user, action))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def can(user, obj: models.Model, action: str = CHANGE) -> bool:
    """Whether ``user`` may ``action`` this one object (one indexed query)."""
    return type(obj)._default_manager.filter(pk=obj.pk).filter(scope_q(type(obj), user, action)).exists()


def can_in_unit(user, model: type[models.Model], unit, action: str = CHANGE) -> bool:
    """Whether ``user`` may ``action`` records of ``model`` belonging to ``unit`` as a whole (create
    one there, issue its bulletins): a unit-wide membership of that unit, or a region membership
    covering it, whose role ``model.scoping.perms`` grants the action. Department and self scopes
    never act for a whole unit. An administrator may, within its membership's scope."""
    if user is None or not user.is_authenticated or not user.is_active or unit is None:
        return False
    if user.is_superuser:
        return True
    allowed = model.scoping.perms or DEFAULT_PERMS
    region_path = unit.region.path
    for m in user.scope_memberships():
        if m.role != Role.ADMIN and action not in allowed.get(m.role, ()):
            continue
        if m.scope == Scope.UNIT and m.unit_id == unit.pk:
            return True
        if m.scope == Scope.REGION and m.region_path and region_path.startswith(m.region_path):
            return True
    return False


def get_visible_or_404(queryset, user, action: str = VIEW, **lookup):
    """Fetch one object through the scope; outside the scope answers 404 like a missing one."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(queryset.visible_to(user, action), **lookup)
