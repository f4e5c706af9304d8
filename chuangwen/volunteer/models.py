"""Volunteer service (志愿服务): events, each person's hours, registered volunteers, the office's
rules and star levels (data, with history), and the volunteer-platform imports.

Hours are actual service time, excluding travel (民政部令第67号); nothing is deleted: an hour
record is withdrawn with a reason and keeps its history ("谁组织谁记录，谁记录谁证明")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item

MAX_HOURS = Decimal("24")
UNIT_STAFF = ALL_ROLES - {Role.SUPERVISOR}
# Who sees what: the office its unit, a department head his department, staff their own rows.
RECORD_PERMS = perms(grant(UNIT_STAFF, VIEW), grant({Role.OFFICE}, CHANGE))
# Unit-wide reference data (events, rules, star levels) every member of the unit reads.
UNIT_DATA = ScopeSpec(unit="unit", unit_wide_view=True, perms=RECORD_PERMS)


class Event(TimeStampedModel):
    """志愿服务活动: one volunteer event of the unit (义诊, 导医, 学雷锋 …)."""

    KIND_SUGGESTIONS = ("义诊", "导医", "便民服务", "结对帮扶", "文明交通", "学雷锋", "健康宣教", "敬老助残")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("organising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind of service"), max_length=20, help_text=_("e.g. 义诊, 导医, 便民服务"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=50, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("standard items"), blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = UNIT_DATA

    class Meta:
        verbose_name = _("volunteer event")
        verbose_name_plural = _("volunteer events")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="volunteer_event_unit_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class EventPhoto(TimeStampedModel):
    """活动照片: a photo of an event, stored through ``core.files`` (served only through the scope)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to="volunteer/%Y/%m/", max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to="volunteer/%Y/%m/", max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="event__unit", through="event")

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ImportBatch(TimeStampedModel):
    """志愿平台导入: one uploaded platform spreadsheet, validated whole, then committed once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the column mapping")
        VALIDATED = "validated", _("Checked, not yet imported")
        REFUSED = "refused", _("Refused")
        COMMITTED = "committed", _("Imported")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="volunteer/imports/%Y/", max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new_rows = models.PositiveIntegerField(_("new records"), default=0)
    known_rows = models.PositiveIntegerField(_("already imported"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    headers = models.JSONField(_("column titles"), default=list, blank=True)
    # The checked rows, ready to write: [person, department, date, hours, event name, record number, key].
    ready = models.JSONField(_("rows ready to import"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=perms(grant({Role.OFFICE}, VIEW, CHANGE)))

    class Meta:
        verbose_name = _("volunteer platform import")
        verbose_name_plural = _("volunteer platform imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class ServiceHours(TimeStampedModel):
    """志愿服务时长: one person's hours of service on a day (actual service time, no travel),
    entered for an event or imported from the volunteer platform."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported from the volunteer platform")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="service_hours"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="hours"
    )
    event_name = models.CharField(_("event name"), max_length=100, blank=True)
    served_on = models.DateField(_("date of service"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_HOURS)],
        help_text=_("Actual service time, excluding travel."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    platform_id = models.CharField(_("platform record number"), max_length=64, blank=True)
    # What makes an import idempotent: "id:<platform record number>", or, for a file without
    # one, "row:<person>|<date>|<event name>|<hours>". Empty for hours entered by hand.
    import_key = models.CharField(_("import key"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", owner="person__user", perms=RECORD_PERMS)

    class Meta:
        verbose_name = _("volunteer service hours")
        verbose_name_plural = _("volunteer service hours")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS), name="volunteer_hours_between_0_and_24"
            ),
            models.UniqueConstraint(
                fields=["unit", "import_key"], condition=~Q(import_key=""), name="volunteer_hours_import_once"
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(event__isnull=False, withdrawn_at__isnull=True),
                name="volunteer_hours_once_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "served_on"], name="volunteer_hours_unit_day"),
            models.Index(fields=["person", "served_on"], name="volunteer_hours_person_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.served_on} {self.hours}h"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Volunteer(TimeStampedModel):
    """注册志愿者: a staff member registered on the volunteer platform (for "注册志愿者占职工比例")."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(
        Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="volunteer"
    )
    registered_on = models.DateField(_("registered on"))
    platform_id = models.CharField(_("platform volunteer number"), max_length=64, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="person__department", owner="person__user", perms=RECORD_PERMS)

    class Meta:
        verbose_name = _("registered volunteer")
        verbose_name_plural = _("registered volunteers")
        ordering = ["unit_id", "registered_on", "id"]

    def __str__(self) -> str:
        return str(self.person_id)


class ServiceRule(TimeStampedModel):
    """志愿服务要求: a target the office sets for a year ("每人每月3小时", "每年人均不少于25小时",
    "注册志愿者占职工比例100%"), switched off rather than deleted."""

    class Kind(models.TextChoices):
        EACH_MONTH = "each_month", _("Each person, each month, at least (hours)")
        EACH_YEAR = "each_year", _("Each person, in the year, at least (hours)")
        AVERAGE_YEAR = "average_year", _("Average per person in the year at least (hours)")
        REGISTERED_SHARE = "registered_share", _("Registered volunteers among staff at least (%)")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    target = models.DecimalField(
        _("target"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    is_active = models.BooleanField(_("in force"), default=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True, help_text=_("The document the target comes from."))
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = UNIT_DATA

    class Meta:
        verbose_name = _("volunteer service rule")
        verbose_name_plural = _("volunteer service rules")
        ordering = ["unit_id", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="volunteer_rule_once_per_year"),
            models.CheckConstraint(condition=Q(target__gt=0), name="volunteer_rule_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.target}"


class StarLevel(TimeStampedModel):
    """星级志愿者: a star level reached at a number of cumulative hours (一星 100 h … 五星 1500 h),
    the unit's own (seeded with the common defaults, editable)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(1), MaxValueValidator(9)])
    name = models.CharField(_("name"), max_length=20)
    min_hours = models.DecimalField(
        _("cumulative hours at least"), max_digits=7, decimal_places=1, validators=[MinValueValidator(Decimal("1"))]
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = UNIT_DATA

    class Meta:
        verbose_name = _("volunteer star level")
        verbose_name_plural = _("volunteer star levels")
        ordering = ["unit_id", "stars"]
        constraints = [models.UniqueConstraint(fields=["unit", "stars"], name="volunteer_star_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class ImportMapping(TimeStampedModel):
    """The unit's remembered column mapping of its volunteer platform's export (field → title)."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=perms(grant({Role.OFFICE}, VIEW, CHANGE)))

    class Meta:
        verbose_name = _("volunteer import column mapping")
        verbose_name_plural = _("volunteer import column mappings")

    def __str__(self) -> str:
        return str(self.unit_id)
