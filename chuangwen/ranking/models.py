"""The bureau's ranking of its units (卫健委排名): models.

``UnitSnapshot`` holds a unit's ranking figures of one month as the refresh job last computed
them from the units' own selectors (``figures.live_figures``); the ranking page, its export, the
API, the bureau's home and the 12-month trends read only these rows, so 2,000 units cost a fixed
number of queries. ``RankingBulletin`` is the ranking published to the region's units as a .docx
(排名通报), made from the bureau's template of the ``ranking_bulletin`` document kind."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import CHANGE, VIEW, Role, Scope
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Region, Unit

PERCENT = {"max_digits": 5, "decimal_places": 1}
# Units receiving a bulletin read it: their office and leaders, not every member of staff.
BULLETIN_READERS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.PARTY_SECRETARY, Role.INSPECTOR})


class UnitSnapshot(models.Model):
    """排名快照: one unit's ranking figures in one month (``month`` is its first day), as computed
    at ``computed_at`` (the refresh job rewrites the current month's row; past months keep their
    last figures). Supervisors of the unit's region read them; a hospital reads none."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    computed_at = models.DateTimeField(_("computed at"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_level = models.CharField(_("target title"), max_length=20, blank=True)
    score_percent = models.DecimalField(_("score (%)"), default=0, **PERCENT)
    projected_percent = models.DecimalField(_("projected score (%)"), null=True, blank=True, **PERCENT)
    pass_percent = models.DecimalField(_("pass line (%)"), null=True, blank=True, **PERCENT)
    reached = models.BooleanField(_("pass line reached"), null=True, blank=True)
    title_vetoes = models.PositiveSmallIntegerField(_("title vetoes"), default=0)
    tasks_overdue = models.PositiveIntegerField(_("tasks overdue"), default=0)
    findings_total = models.PositiveIntegerField(_("findings"), default=0)
    findings_open = models.PositiveIntegerField(_("findings open"), default=0)
    findings_overdue = models.PositiveIntegerField(_("findings overdue"), default=0)
    rectification_rate = models.DecimalField(_("rectification rate (%)"), default=0, **PERCENT)
    satisfaction_index = models.DecimalField(_("satisfaction index"), null=True, blank=True, **PERCENT)
    complaints_overdue = models.PositiveIntegerField(_("complaints overdue"), default=0)
    ethics_vetoes = models.PositiveIntegerField(_("ethics vetoes"), default=0)
    volunteer_hours = models.DecimalField(_("volunteer hours per person"), max_digits=8, decimal_places=1, default=0)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=grant({Role.SUPERVISOR}, VIEW))

    class Meta:
        verbose_name = _("ranking snapshot")
        verbose_name_plural = _("ranking snapshots")
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="ranking_snapshot_unit_month")]
        indexes = [models.Index(fields=["month", "score_percent"], name="ranking_snapshot_month_score")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


def bulletin_upload_to(instance, filename):
    return f"ranking-bulletins/{instance.bureau_id}/{instance.month:%Y-%m}-{instance.number}.docx"


def _recipients_q(memberships, action: str) -> Q:
    """A bulletin is visible (never changeable) to the offices and leaders of the units it went to."""
    if action != VIEW:
        return Q(pk__in=[])
    units = {m.unit_id for m in memberships if m.scope == Scope.UNIT and m.unit_id and m.role in BULLETIN_READERS}
    if not units:
        return Q(pk__in=[])
    through = RankingBulletin.recipients.through.objects.filter(unit_id__in=units).values("rankingbulletin_id")
    return Q(pk__in=through)


class RankingBulletin(TimeStampedModel):
    """排名通报: the ranking of a month published by a bureau to its region's units (.docx). Kept
    as published (the figures as they were, the template version used); a correction is a new
    bulletin, never an edit."""

    bureau = models.ForeignKey(Unit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("remarks"), blank=True)
    recipients = models.ManyToManyField(Unit, verbose_name=_("sent to"), related_name="+")
    figures = models.JSONField(_("figures"), default=list, blank=True)
    computed_at = models.DateTimeField(_("figures as of"))
    file = models.FileField(_("Word document"), upload_to=bulletin_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    template = models.ForeignKey(
        "reports.DocumentTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The Word template version it was generated from; empty: the default template."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="bureau",
        perms=perms(grant({Role.SUPERVISOR}, VIEW, CHANGE)),
        extra=_recipients_q,
    )

    class Meta:
        verbose_name = _("ranking bulletin")
        verbose_name_plural = _("ranking bulletins")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "month", "number"], name="ranking_bulletin_bureau_month_number")
        ]

    def __str__(self) -> str:
        return self.title
