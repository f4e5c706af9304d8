"""Readiness (达标评估): the pass line of each title level, set by the bureau as data, and the
unit-level vetoes (一票否决) that make a unit ineligible for a title for some years whatever its
score (a major safety accident, a criminal case among staff...). A veto is never deleted: one
recorded in error is lifted (archived) with the reason."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import ArchivableModel, TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.standards.models import TitleLevel


def _published_below(memberships, action):
    """A bureau's pass lines reach every unit of its region (units read them; only the bureau edits)."""
    from chuangwen.org.models import Region

    if action != VIEW:
        return Q(pk__in=[])
    paths = set()
    for m in memberships:
        for path in (m.region_path, m.unit_region_path):
            if path:
                paths.update(Region.paths_at_or_above(path))
    return Q(owner_unit__region__path__in=sorted(paths)) if paths else Q(pk__in=[])


class PassLine(TimeStampedModel):
    """达标线: what a unit must score for a title level: the share of the standard's points
    overall, and optionally of every aspect (方面)."""

    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="pass_lines"
    )
    level = models.CharField(_("title level"), max_length=10, choices=TitleLevel.choices)
    min_percent = models.DecimalField(_("pass line (% of the points)"), max_digits=5, decimal_places=2)
    min_aspect_percent = models.DecimalField(
        _("each aspect at least (% of its points)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="owner_unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.SUPERVISOR, Role.ADMIN}, CHANGE)),
        extra=_published_below,
    )

    class Meta:
        verbose_name = _("pass line")
        verbose_name_plural = _("pass lines")
        ordering = ["owner_unit_id", "level"]
        constraints = [models.UniqueConstraint(fields=["owner_unit", "level"], name="pass_line_unique_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ≥{self.min_percent}%"


class UnitVeto(TimeStampedModel, ArchivableModel):
    """一票否决: a record that makes the unit ineligible for a title for ``years`` from the day
    it happened (e.g. a major safety accident: 2 years)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vetoes")
    condition = models.CharField(_("veto condition"), max_length=200, help_text=_("e.g. 重大安全责任事故"))
    occurred_on = models.DateField(_("occurred on"))
    years = models.PositiveSmallIntegerField(_("ineligible for (years)"), default=2)
    # The record that caused it, when it is one of ours (a complaint, a finding…), and how it is named.
    record_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, blank=True, on_delete=models.PROTECT
    )
    record_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    record_label = models.CharField(_("record"), max_length=120, help_text=_("e.g. 青卫通〔2026〕12号 通报"))
    reason = models.CharField(_("details"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES - {Role.STAFF}, VIEW), grant({Role.SUPERVISOR, Role.ADMIN}, CHANGE)),
    )

    class Meta:
        verbose_name = _("unit veto")
        verbose_name_plural = _("unit vetoes")
        ordering = ["unit_id", "-occurred_on"]

    def __str__(self) -> str:
        return f"{self.condition}（{self.occurred_on}）"

    @property
    def ends_on(self) -> datetime.date:
        try:
            return self.occurred_on.replace(year=self.occurred_on.year + self.years)
        except ValueError:  # 29 February
            return self.occurred_on.replace(year=self.occurred_on.year + self.years, day=28)

    def applies_on(self, day: datetime.date) -> bool:
        return not self.is_archived and self.occurred_on <= day < self.ends_on
