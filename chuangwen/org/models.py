"""Organisations and people: regions, units (hospitals and authorities), departments, staff,
user accounts and the memberships that give them a role on a scope."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from chuangwen.core.lookups import register as register_scope_rule
from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, DEFAULT_SCOPE, VIEW, Role, Scope
from chuangwen.core.scoping import NOTHING, ScopedManager, ScopeSpec, grant, perms, scope_q

phone_validator = RegexValidator(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$", _("Enter a valid mobile or landline number."))


class Region(MP_Node):
    """行政区划: province, city or county, as a materialized-path tree."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("division code"), max_length=12, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    history = HistoricalRecords()
    node_order_by = ["code"]

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def paths_at_or_above(cls, path: str) -> list[str]:
        """The materialized paths of the region at ``path`` and of every region above it (for
        data an authority publishes downwards, such as an evaluation standard)."""
        return [path[:i] for i in range(cls.steplen, len(path) + 1, cls.steplen)]


class Unit(TimeStampedModel):
    """单位: a hospital or a health authority, located in a region."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        AUTHORITY = "authority", _("Health authority")

    class Category(models.TextChoices):
        GENERAL = "general", _("General hospital")
        TCM = "tcm", _("Traditional Chinese medicine hospital")
        MATERNAL = "maternal", _("Maternal and child health hospital")
        SPECIALTY = "specialty", _("Specialty hospital")
        TOWNSHIP = "township", _("Township health centre")
        COMMUNITY = "community", _("Community health service centre")
        BUREAU = "bureau", _("Health commission / bureau")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.CharField(_("unit code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOSPITAL)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.GENERAL)
    grade = models.CharField(_("grade"), max_length=20, blank=True, help_text=_("e.g. 二级甲等"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="units")
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.ADMIN}, CHANGE)),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__path", "code"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    """科室: a department of a unit."""

    class Kind(models.TextChoices):
        CLINICAL = "clinical", _("Clinical")
        MEDTECH = "medtech", _("Medical-technical")
        ADMIN = "admin", _("Administrative")
        LOGISTICS = "logistics", _("Logistics")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("code"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLINICAL)
    head = models.ForeignKey(
        "Person", verbose_name=_("head"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["unit_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """职工: a staff member of a unit (with or without a user account)."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Political(models.TextChoices):
        CPC = "cpc", _("CPC member")
        PROBATIONARY = "probationary", _("Probationary CPC member")
        LEAGUE = "league", _("Communist Youth League member")
        DEMOCRATIC = "democratic", _("Democratic party member")
        MASSES = "masses", _("Masses")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="people"
    )
    employee_no = models.CharField(_("employee number"), max_length=20)
    name = models.CharField(_("name"), max_length=30)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    title = models.CharField(_("professional title"), max_length=30, blank=True)
    position = models.CharField(_("post"), max_length=30, blank=True)
    phone = models.CharField(_("mobile"), max_length=20, blank=True, validators=[phone_validator])
    political_status = models.CharField(
        _("political status"), max_length=12, choices=Political.choices, default=Political.MASSES
    )
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)
    user = models.OneToOneField(
        "User", verbose_name=_("user account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["unit_id", "department_id", "employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "employee_no"], name="person_unique_employee_no_per_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "name"], name="person_unit_name"),
            # The list order, so a deep page over a whole region needs no sort of every row.
            models.Index(fields=["unit", "department", "employee_no"], name="person_list_order"),
            models.Index(fields=["name"], name="person_name"),
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["employee_no"], name="person_employee_no"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    def clean(self) -> None:
        if self.department_id and self.unit_id and self.department.unit_id != self.unit_id:
            raise ValidationError({"department": _("The department belongs to another unit.")})


class User(AbstractUser):
    """A login. Staff members link to one through ``Person.user``."""

    display_name = models.CharField(_("display name"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def scope_memberships(self) -> list[MembershipScope]:
        """The user's active memberships, loaded once per request (one query)."""
        return self._scope_memberships

    @cached_property
    def _scope_memberships(self) -> list[MembershipScope]:
        rows = (
            Membership.objects.filter(user=self, is_active=True)
            .select_related("region", "unit__region", "department")
            .order_by("id")
        )
        return [
            MembershipScope(
                id=m.id,
                role=m.role,
                scope=m.scope,
                region_path=m.region.path if m.region_id else "",
                unit_region_path=m.unit.region.path if m.unit_id else "",
                unit_id=m.unit_id,
                department_id=m.department_id,
                user_id=self.pk,
                label=str(m),
            )
            for m in rows
        ]

    def roles(self) -> set[str]:
        return {m.role for m in self.scope_memberships()}


class MembershipScope:
    """What scoping needs to know of a membership, detached from the ORM."""

    __slots__ = (
        "id",
        "role",
        "scope",
        "region_path",
        "unit_region_path",
        "unit_id",
        "department_id",
        "user_id",
        "label",
    )

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


class Membership(TimeStampedModel):
    """A role a user holds on a scope: a region subtree, a unit, a department or only themself."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="user",
        perms=perms(grant({Role.OFFICE, Role.SUPERVISOR}, VIEW)),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.department or self.unit or self.region
        return f"{self.get_role_display()} · {where}" if where else str(self.get_role_display())

    def clean(self) -> None:
        if not self.scope and self.role:
            self.scope = DEFAULT_SCOPE[Role(self.role)]
        if self.scope == Scope.REGION and not self.region_id:
            raise ValidationError({"region": _("A region scope needs a region.")})
        if self.scope in (Scope.UNIT, Scope.SELF) and not self.unit_id:
            raise ValidationError({"unit": _("This scope needs a unit.")})
        if self.scope == Scope.DEPARTMENT:
            if not self.department_id:
                raise ValidationError({"department": _("A department scope needs a department.")})
            self.unit_id = self.department.unit_id


def _visible_users(user, action: str) -> models.Q:
    """Users another user may name (an inspector of a round, say): themself and those with an
    active membership in a unit they see. Accounts are changed in the admin, never by id."""
    if user is None or not user.is_authenticated or not user.is_active or action != VIEW:
        return NOTHING
    if user.is_superuser:
        return models.Q()
    units = Unit._default_manager.filter(scope_q(Unit, user, VIEW)).values("pk")
    member = Membership.objects.filter(user=models.OuterRef("pk"), is_active=True, unit__in=units)
    return models.Q(pk=user.pk) | models.Q(models.Exists(member))


register_scope_rule(User, _visible_users)
