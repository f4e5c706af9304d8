"""创建达标: what a unit needs for its title, as data.

* ``PassLine``: the score (as a percentage of the standard's points) a title level asks for,
  set by a bureau for its region (the nearest region at or above a unit applies; a line with no
  region is the default everywhere).
* ``VetoCondition``: an act that makes a unit ineligible for a number of years (一票否决 of the
  title: a serious violation by its leadership, a criminal case among its staff, a major safety or
  food-safety accident — 全国文明单位测评体系(试行) 2012); extendable.
* ``UnitVeto``: one such act recorded on a unit, with its date and record. Never deleted: one
  recorded in error is withdrawn with the reason."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Region, Unit
from chuangwen.standards.models import TitleLevel

# 全国文明单位测评体系(试行) 2012: a unit may not apply within two years of these. Migration 0003
# seeds them; ``seed_veto_conditions`` puts them back into an empty table after ``flush``.
DEFAULT_VETO_CONDITIONS = [
    ("leadership_violation", "领导班子成员发生严重违纪违法行为", 2),
    ("staff_criminal_case", "职工发生刑事案件", 2),
    ("safety_accident", "发生重大安全责任事故", 2),
    ("food_safety_accident", "发生重大食品安全事故", 2),
]


def seed_veto_conditions(apps, using="default") -> None:
    """The default conditions, into an empty table only (an office's changes are kept)."""
    model = apps.get_model("scoring", "VetoCondition")
    if model.objects.using(using).exists():
        return
    model.objects.using(using).bulk_create(
        model(code=code, name=name, years=years, order=order)
        for order, (code, name, years) in enumerate(DEFAULT_VETO_CONDITIONS)
    )


class PassLine(models.Model):
    """达标线: the score a title level asks for in a region."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the default of every region."),
    )
    level = models.CharField(_("title level"), max_length=10, choices=TitleLevel.choices)
    percent = models.DecimalField(
        _("pass line (% of the points)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    note = models.CharField(_("source"), max_length=200, blank=True, help_text=_("The notice that sets it."))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pass line")
        verbose_name_plural = _("pass lines")
        ordering = ["region_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["region", "level"], name="passline_unique_region_level"),
            models.UniqueConstraint(
                fields=["level"], condition=models.Q(region__isnull=True), name="passline_unique_default_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.percent}%"


class VetoCondition(models.Model):
    """一票否决条件 of a title: an act that makes a unit ineligible for ``years`` years."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    years = models.PositiveSmallIntegerField(
        _("years of ineligibility"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veto condition")
        verbose_name_plural = _("veto conditions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class UnitVeto(models.Model):
    """One act recorded on a unit that vetoes its title (never deleted; withdrawn with a reason)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vetoes")
    condition = models.ForeignKey(
        VetoCondition, verbose_name=_("veto condition"), on_delete=models.PROTECT, related_name="vetoes"
    )
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("what happened"))
    record = models.CharField(
        _("record"), max_length=200, blank=True, help_text=_("The document that establishes it, e.g. a notice number.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        perms=perms(
            grant({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}, VIEW),
            grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE),
        ),
    )

    class Meta:
        verbose_name = _("unit veto")
        verbose_name_plural = _("unit vetoes")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.condition} {self.occurred_on}"

    @property
    def ends_on(self):
        """The last day the unit is ineligible (``years`` years after the act)."""
        try:
            return self.occurred_on.replace(year=self.occurred_on.year + self.condition.years)
        except ValueError:  # 29 February
            return self.occurred_on.replace(year=self.occurred_on.year + self.condition.years, day=28)

    def clean(self) -> None:
        if self.unit_id and self.unit.kind != Unit.Kind.HOSPITAL:
            raise ValidationError({"unit": _("Only a hospital can be vetoed.")})
