"""扣分加分台账: the one ledger of deductions and bonuses.

Every 扣分 and 加分 a unit, a department or a person receives is one ``LedgerEntry``: where it
lands (unit, department, person, standard item, month), how many points (negative deducts),
where it comes from (a finding, a substantiated complaint, a survey alert, an overdue task
period, an honour, a praise letter, a manual entry with a reason), who wrote it and when.
Entries are append-only: the ORM refuses to change or remove one (``save`` of a stored entry,
``delete``, the queryset's ``update`` / ``delete`` / ``bulk_update``), the admin shows them
read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002). A mistake is
corrected by a counter-entry (``reverses``) with its reason, through ``services.entry_correct``.

Item scores, department scores (量化考核) and unit scores are all read from this table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet  # noqa: F401
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit


class Source(models.TextChoices):
    """Where an entry comes from. Department schemes map sources to points (量化考核)."""

    FINDING = "finding", _("Inspection finding")
    COMPLAINT = "complaint", _("Substantiated complaint")
    SURVEY_ALERT = "survey_alert", _("Satisfaction below the line")
    TASK_PERIOD = "task_period", _("Task period without accepted work")
    HONOUR = "honour", _("Honour")
    PRAISE = "praise", _("Praise letter")
    MANUAL = "manual", _("Manual entry")
    CORRECTION = "correction", _("Correction")
    APPEAL = "appeal", _("Appeal upheld")
    ETHICS = "ethics", _("Ethics record entry")


class LedgerEntry(AppendOnlyModel):
    """One deduction (points < 0) or bonus (points > 0). Never changed, never deleted."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "standards.Item",
        verbose_name=_("standard item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    # The month the entry counts in (its first day): department scores are monthly.
    period = models.DateField(_("month"))
    occurred_on = models.DateField(_("occurred on"))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source record type"), null=True, blank=True, on_delete=models.PROTECT
    )
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    # How the source is named on every page ("问题 WJ2026-031", "投诉 TS2026-0012").
    source_label = models.CharField(_("source"), max_length=80, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    # A counter-entry names the entry it cancels (an appeal upheld, a correction); one each.
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # Feeders write each entry once: the same key twice is refused by the database.
    key = models.CharField(_("key"), max_length=120, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="person__user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE)),
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="ledgerentry_points_not_zero"),
        ]
        indexes = [
            models.Index(fields=["unit", "period", "department"], name="ledger_unit_period_dept"),
            models.Index(fields=["campaign", "item"], name="ledger_campaign_item"),
            models.Index(fields=["person", "period"], name="ledger_person_period"),
            models.Index(fields=["source_type", "source_id"], name="ledger_source"),
        ]

    def __str__(self) -> str:
        return f"{self.points:+} {self.reason[:30]}"

    @property
    def is_bonus(self) -> bool:
        return self.points > 0
