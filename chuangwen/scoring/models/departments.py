"""量化考核 of departments: the office's scheme (方案), the monthly department scores computed from
the ledger, and appeals (申诉) against ledger entries with every step kept.

Imported by ``scoring/models.py`` (one line), so Django finds these models in the scoring app.
Ledger entries are named by string ("scoring.LedgerEntry"): this module does not import the
ledger's module, which imports it."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Unit

OFFICE_CHANGES = perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))


class Scheme(TimeStampedModel):
    """量化考核方案: how a unit turns its ledger into monthly department scores. ``rules`` is data:
    a list of ``{"source": <ledger source>, "points": <points per entry, or null for the
    entry's own points>, "cap": <most points a department gains or loses from the source in a
    month, or null>}``; sources without a rule count their entries' own points. Bonuses (points
    above 0) are capped in total by ``bonus_cap``. Edited by the office, with history."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scoring_scheme")
    name = models.CharField(_("name"), max_length=80)
    base_score = models.DecimalField(_("base score"), max_digits=6, decimal_places=2, default=Decimal("100"))
    rules = models.JSONField(_("rules"), default=list, blank=True)
    bonus_cap = models.DecimalField(_("bonus cap per month"), max_digits=6, decimal_places=2, null=True, blank=True)
    floor = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2, default=Decimal("0"))
    warning_line = models.DecimalField(
        _("warning line"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("90"),
        help_text=_("A department whose mean monthly score of the year is below it is named in the year-end summary."),
    )
    appeal_days = models.PositiveSmallIntegerField(_("appeal window (working days)"), default=5)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=OFFICE_CHANGES)

    class Meta:
        verbose_name = _("department scoring scheme")
        verbose_name_plural = _("department scoring schemes")

    def __str__(self) -> str:
        return self.name


class DepartmentScore(models.Model):
    """One department's score of one month under its unit's scheme, with its rank in the unit
    and how it was reached (``breakdown``: per source the entries counted, their points and the
    points applied after the scheme's rule and cap). Recomputed from the ledger; published
    months are shown to the whole hospital."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    base = models.DecimalField(_("base score"), max_digits=8, decimal_places=2)
    deductions = models.DecimalField(_("deductions"), max_digits=8, decimal_places=2, default=Decimal("0"))
    bonuses = models.DecimalField(_("bonuses"), max_digits=8, decimal_places=2, default=Decimal("0"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    entries = models.PositiveIntegerField(_("entries"), default=0)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", unit_wide_view=True, perms=OFFICE_CHANGES)

    class Meta:
        verbose_name = _("department score")
        verbose_name_plural = _("department scores")
        ordering = ["-month", "rank", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "department", "month"], name="department_score_once"),
        ]
        indexes = [
            models.Index(fields=["unit", "month", "rank"], name="department_score_unit_month"),
            models.Index(fields=["month", "unit"], name="department_score_month_unit"),
            models.Index(fields=["department", "month"], name="department_score_dept_month"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m} {self.score}"


class Appeal(TimeStampedModel):
    """申诉: a department asks the office to reverse one ledger entry, within the scheme's window.
    Upheld, the entry stays; reversed, a counter-entry (source "appeal") cancels it. Never
    deleted; every step is an ``AppealEvent``."""

    class Status(models.TextChoices):
        FILED = "filed", _("Waiting for a decision")
        UPHELD = "upheld", _("Entry upheld")
        REVERSED = "reversed", _("Entry reversed")

    entry = models.OneToOneField(
        "scoring.LedgerEntry", verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="appeal"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("grounds of the appeal"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FILED)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("appeal deadline"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.TextField(_("reason of the decision"), blank=True, max_length=2000)
    counter_entry = models.OneToOneField(
        "scoring.LedgerEntry",
        verbose_name=_("counter-entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        perms=perms(
            grant({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.PARTY_SECRETARY, Role.ADMIN}, VIEW),
            grant({Role.OFFICE}, CHANGE),
        ),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="appeal_unit_status")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.get_status_display()}"


class AppealEvent(models.Model):
    """One step of an appeal: filed, a file added, upheld or reversed (who, when, what)."""

    class Action(models.TextChoices):
        FILED = "filed", _("Filed")
        UPHELD = "upheld", _("Upheld")
        REVERSED = "reversed", _("Reversed")

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="appeal__unit", department="appeal__department", through="appeal")

    class Meta:
        verbose_name = _("appeal step")
        verbose_name_plural = _("appeal steps")
        ordering = ["appeal_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.action}"


def appeal_upload_to(instance, filename):
    """Server-generated names (unit / year-month / random hex + the type's extension)."""
    ext = Path(filename).suffix.lower()[:8]
    return f"appeals/{instance.appeal.unit_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


def entry_upload_to(instance, filename):
    ext = Path(filename).suffix.lower()[:8]
    return f"ledger/{instance.entry.unit_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class AppealFile(TimeStampedModel):
    """A file backing an appeal (a photo, a scanned statement), checked by ``core.files``."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=appeal_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=appeal_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="appeal__unit", department="appeal__department", through="appeal")

    class Meta:
        verbose_name = _("appeal file")
        verbose_name_plural = _("appeal files")
        ordering = ["appeal_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class EntryFile(TimeStampedModel):
    """A file backing an entry the office wrote by hand (the night check's photo, the award's
    certificate), checked by ``core.files``; kept with the entry, never removed."""

    entry = models.ForeignKey(
        "scoring.LedgerEntry", verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=entry_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=entry_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="entry__unit", department="entry__department", owner="entry__person__user", through="entry"
    )

    class Meta:
        verbose_name = _("ledger entry file")
        verbose_name_plural = _("ledger entry files")
        ordering = ["entry_id", "id"]

    def __str__(self) -> str:
        return self.original_name
