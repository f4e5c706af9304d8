"""Roles a membership can give, and the scope each one normally has.

The permission each role has on a model is declared beside the model (``ScopeSpec.perms``);
this module only names the roles so every app speaks of them the same way."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    SUPERVISOR = "supervisor", _("Supervising authority")
    OFFICE = "office", _("Campaign office")
    DEPT_HEAD = "dept_head", _("Department head")
    INSPECTOR = "inspector", _("Inspector")
    PARTY_SECRETARY = "party_secretary", _("Party branch secretary")
    STAFF = "staff", _("Staff member")


class Scope(models.TextChoices):
    REGION = "region", _("Region")
    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Department")
    SELF = "self", _("Self")


# The scope a role gets when none is given explicitly.
DEFAULT_SCOPE = {
    Role.ADMIN: Scope.REGION,
    Role.SUPERVISOR: Scope.REGION,
    Role.OFFICE: Scope.UNIT,
    Role.DEPT_HEAD: Scope.DEPARTMENT,
    Role.INSPECTOR: Scope.UNIT,
    Role.PARTY_SECRETARY: Scope.UNIT,
    Role.STAFF: Scope.SELF,
}

VIEW = "view"
CHANGE = "change"
ALL_ROLES = frozenset(Role)
