"""创建周期: a unit's campaign for a title in a year, its phases, leading group and office,
and the tasks of its plan (责任分解表)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import ArchivableModel, TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item, Standard, TitleLevel


class Campaign(TimeStampedModel):
    """创建周期 / 年度创建: one unit aiming at a title level in a year, against one standard."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("In progress")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveIntegerField(_("year"))
    target_level = models.CharField(_("target title"), max_length=10, choices=TitleLevel.choices)
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="campaigns"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNING)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    guiding_idea = models.TextField(_("guiding idea"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit", unit_wide_view=True, perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """阶段: 宣传发动 → 全面创建 → 查漏补缺·迎检 (or the campaign's own)."""

    class Kind(models.TextChoices):
        MOBILISE = "mobilise", _("Plan and mobilise")
        IMPLEMENT = "implement", _("Carry out")
        REVIEW = "review", _("Close gaps and face review")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="campaign__unit", through="campaign")

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign_id", "order", "starts_on"]

    def __str__(self) -> str:
        return self.name


class CampaignMember(ArchivableModel):
    """领导小组 / 创建办 membership of a campaign. Taking someone off archives the row: who sat in
    the group, and until when, stays on record."""

    class Group(models.TextChoices):
        LEADING = "leading", _("Leading group")
        OFFICE = "office", _("Campaign office")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="members")
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    duty = models.CharField(_("duty"), max_length=30, help_text=_("e.g. 组长, 副组长, 成员, 办公室主任"))
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")
        ordering = ["campaign_id", "group", "order", "id"]
        constraints = [
            # Once per group while a member; taken off and put back is a new row.
            models.UniqueConstraint(
                fields=["campaign", "group", "person"],
                condition=Q(archived_at__isnull=True),
                name="campaign_member_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.duty} {self.person.name}"


class Task(TimeStampedModel, ArchivableModel):
    """责任分解: one task of the plan, for a responsible department and person, linked to items."""

    class Recurrence(models.TextChoices):
        ONCE = "once", _("Once")
        WEEKLY = "weekly", _("Weekly")
        TWICE_MONTHLY = "twice_monthly", _("Twice a month")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every half year")
        YEARLY = "yearly", _("Yearly")

    class Status(models.TextChoices):
        PENDING = "pending", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="tasks")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    code = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("requirements"), blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("standard items"), blank=True, related_name="tasks")
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="tasks"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("co-operating departments"), blank=True, related_name="co_tasks"
    )
    deadline = models.DateField(_("deadline"))
    deliverable = models.CharField(_("deliverable"), max_length=200, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=15, choices=Recurrence.choices, default=Recurrence.ONCE)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[items, co_departments])

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="person__user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["campaign_id", "deadline", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="task_unit_status_deadline"),
            models.Index(fields=["department", "status"], name="task_department_status"),
            models.Index(fields=["campaign", "archived_at", "deadline"], name="task_campaign_live_deadline"),
        ]
        constraints = [
            # 任务编号 identifies a row of the 责任分解表 on re-import.
            models.UniqueConstraint(
                fields=["campaign", "code"], condition=~Q(code=""), name="task_unique_code_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def days_overdue(self) -> int:
        """Days past the deadline while not accepted (0 when on time or done)."""
        if self.is_done:
            return 0
        return max(0, (timezone.localdate() - self.deadline).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0
