"""The year's rules of the ethics evaluation (医德考评办法), as data: veto acts (一票否决), rule sets
per unit and year (versioned: draft → published, frozen → superseded by a new version with its
reason), their components with weights, and grade rules whose conditions are rows, not code.

Imported by ``ethics/models.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Unit

OFFICE_CHANGES = perms(grant(ALL_ROLES - {Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE))


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


def _shared_acts(memberships, action: str) -> Q:
    """The acts every unit shares (no unit) are visible to anybody signed in."""
    return Q(unit__isnull=True) if action == VIEW else Q(pk__in=[])


class VetoAct(TimeStampedModel):
    """一票否决事项: an act that makes the year's grade 较差 whatever the score (收受红包 …). The
    shared ones (no unit) are seeded; a unit adds its own. Switched off, never deleted."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    fails_cycle = models.BooleanField(
        _("fails the periodic assessment"),
        default=True,
        help_text=_("The act fails the physicians' periodic assessment (定期考核) outright."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=OFFICE_CHANGES, extra=_shared_acts)

    class Meta:
        verbose_name = _("veto act")
        verbose_name_plural = _("veto acts")
        ordering = ["unit_id", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="ethics_veto_act_code")]

    def __str__(self) -> str:
        return self.name


class RuleSet(TimeStampedModel):
    """医德考评办法 of a unit and year, one version. Published, it is frozen: a change is a new
    version (with its reason) and the old one is superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    class QuotaScope(models.TextChoices):
        UNIT = "unit", _("Whole unit")
        DEPARTMENT = "department", _("Each department")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(_("reason of the change"), max_length=300, blank=True)
    scale_max = models.DecimalField(_("full score"), max_digits=6, decimal_places=2, default=Decimal("100"))
    deductions_max = models.DecimalField(
        _("highest deductions considered"), max_digits=6, decimal_places=2, default=Decimal("100")
    )
    excellent_quota = models.DecimalField(
        _("excellent at most (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quota_scope = models.CharField(
        _("quota applies to"), max_length=12, choices=QuotaScope.choices, default=QuotaScope.UNIT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=OFFICE_CHANGES)

    class Meta:
        verbose_name = _("ethics rule set")
        verbose_name_plural = _("ethics rule sets")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "version"], name="ethics_ruleset_version"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(status="published"), name="ethics_ruleset_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Component(models.Model):
    """One part of the score (自评, 科室评价 …) with its weight in per cent; weights add up to 100."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-evaluation")
        DEPARTMENT = "department", _("Department evaluation")
        COMMITTEE = "committee", _("Unit committee")
        PATIENTS = "patients", _("Patients' evaluation")
        RECORD = "record", _("Daily record")

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField(_("component"), max_length=12, choices=Kind.choices)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="rule_set__unit", through="rule_set")

    class Meta:
        verbose_name = _("score component")
        verbose_name_plural = _("score components")
        ordering = ["rule_set_id", "id"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "kind"], name="ethics_component_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.weight}%"


class GradeRule(models.Model):
    """One way to reach a grade: every condition must hold. ``conditions`` is a list of
    ``{"field": "score"|"deductions", "op": ">="|">"|"<"|"<=", "value": n}``; ``on_veto`` rules
    apply to anybody with a veto in the year, before any other rule. A grade may have several
    rules (较差: below 60, or deductions ≥ 30, or a veto)."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="grade_rules"
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    on_veto = models.BooleanField(_("any veto"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="rule_set__unit", through="rule_set")

    class Meta:
        verbose_name = _("grade rule")
        verbose_name_plural = _("grade rules")
        ordering = ["rule_set_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.conditions}"
