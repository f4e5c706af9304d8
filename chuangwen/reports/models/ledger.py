"""What the inspectors receive (迎检材料): the ledger export (迎检台账) and the indicator reports
(说明报告).

A ``LedgerBuild`` is one .zip of a campaign (or of chosen aspects of it), written by a background
job straight to storage while it streams, with its progress on the row; it is kept and served
again until the evidence changes (``fingerprint``) or the office asks for a rebuild. An
``IndicatorReport`` is the ≤ 500-character report of one indicator, drafted from the data and
edited by the office; every edit is kept (``history``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.campaigns.models import Campaign
from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Unit
from chuangwen.standards.models import Indicator

REPORT_MAX_CHARS = 500  # 全国文明单位测评体系 (2020) 说明: a report per indicator, at most 500 characters
LEDGER_ROLES = frozenset({Role.OFFICE, Role.SUPERVISOR})


class LedgerBuild(TimeStampedModel):
    """迎检台账: one built (or being built) ledger .zip of a campaign."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Ids of the chosen aspects, in the standard's order; empty: the whole campaign.
    aspects = models.JSONField(_("aspects"), default=list, blank=True)
    fingerprint = models.CharField(_("evidence fingerprint"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    files_total = models.PositiveIntegerField(_("files"), default=0)
    files_done = models.PositiveIntegerField(_("files written"), default=0)
    bytes_total = models.PositiveBigIntegerField(_("size"), default=0)
    bytes_done = models.PositiveBigIntegerField(_("bytes written"), default=0)
    file = models.FileField(_("file"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=perms(grant(LEDGER_ROLES, VIEW, CHANGE)))

    class Meta:
        verbose_name = _("ledger export")
        verbose_name_plural = _("ledger exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "status"], name="ledger_build_campaign_status")]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return f"{self.campaign.name}迎检台账.zip"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_done / self.bytes_total))


class IndicatorReport(TimeStampedModel):
    """说明报告: what a unit did for one indicator of its campaign's standard, ≤ 500 characters."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("report"))
    drafted = models.BooleanField(_("drafted from the data"), default=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        perms=perms(grant({Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("indicator report")
        verbose_name_plural = _("indicator reports")
        ordering = ["campaign_id", "indicator__aspect__order", "indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "indicator"], name="indicator_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}"
