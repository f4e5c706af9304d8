"""Activities (活动与学习): study sessions, trainings, drills, festivals, free clinics… with
their roster, attendance (QR sign-in, paper sheets, leave), photos, the standard items they
serve, and the study notes people keep of study sessions against the office's yearly targets.

Kinds and targets are data (with history). A staff member sees the activities she was invited
to or attended, a department head those organised by or inviting his department, the office
its unit, the bureau its region."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.campaigns.models import Campaign
from chuangwen.core.models import ArchivableModel, TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role, Scope
from chuangwen.core.scoping import NOTHING, ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit
from chuangwen.standards.models import Item

SIGN_IN = "sign_in"


def _shared_kinds(memberships, action: str) -> Q:
    """The shipped kinds (no unit) are everyone's to read."""
    return Q(unit__isnull=True) if action == VIEW and memberships else NOTHING


class ActivityKind(TimeStampedModel):
    """活动类型: 政治学习, 培训, 演练, 义诊…; shipped ones have no unit, a hospital may add its own."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=30)
    required_rate = models.PositiveSmallIntegerField(
        _("required participation rate (%)"),
        null=True,
        blank=True,
        help_text=_("e.g. 100 for trainings and drills (受训率100%); empty when none is required"),
    )
    is_study = models.BooleanField(_("study session (notes are kept)"), default=False)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
        extra=_shared_kinds,
    )

    class Meta:
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="activity_kind_code_per_unit"),
            models.UniqueConstraint(fields=["code"], condition=Q(unit__isnull=True), name="activity_kind_code_shared"),
        ]

    def __str__(self) -> str:
        return self.name


def _invited_or_attended(memberships, action: str) -> Q:
    """Staff see the activities they were invited to or attended; department heads those that
    invite their department's people (subqueries: no join to repeat rows)."""
    if action != VIEW:
        return NOTHING
    q = NOTHING
    users = [m.user_id for m in memberships if m.scope == Scope.SELF]
    departments = [m.department_id for m in memberships if m.scope == Scope.DEPARTMENT and m.department_id]
    roster = Activity.roster.through.objects
    if users:
        q |= Q(pk__in=roster.filter(person__user_id__in=users).values("activity_id"))
        q |= Q(pk__in=Attendance.objects.filter(person__user_id__in=users).values("activity_id"))
    if departments:
        q |= Q(pk__in=roster.filter(person__department_id__in=departments).values("activity_id"))
    return q


class Activity(TimeStampedModel, ArchivableModel):
    """活动: one study session, training, drill, festival, free clinic… with its roster."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ActivityKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("organising department"), on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.ForeignKey(
        Person, verbose_name=_("organiser"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    roster = models.ManyToManyField(
        Person, verbose_name=_("expected participants"), blank=True, related_name="invited_activities"
    )
    roster_departments = models.ManyToManyField(
        Department, verbose_name=_("invited departments"), blank=True, related_name="+"
    )
    summary = models.TextField(_("minutes or summary"), blank=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField(Item, verbose_name=_("standard items served"), blank=True, related_name="+")
    signin_opens_minutes = models.PositiveSmallIntegerField(_("sign-in opens (minutes before the start)"), default=30)
    late_after_minutes = models.PositiveSmallIntegerField(_("late after (minutes after the start)"), default=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[roster, items])

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.DEPT_HEAD}, CHANGE)),
        extra=_invited_or_attended,
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "starts_at"], name="activity_unit_starts"),
            models.Index(fields=["campaign", "starts_at"], name="activity_campaign_starts"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])


class Attendance(TimeStampedModel):
    """出勤: one person at one activity, once (present, late or on leave), and how it was taken."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        LEAVE = "leave", _("On leave")

    class Method(models.TextChoices):
        QR = "qr", _("QR sign-in")
        PAPER = "paper", _("Paper sheet")
        OFFICE = "office", _("Entered by the organiser")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    signed_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    leave_reason = models.CharField(_("leave reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="person__user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.DEPT_HEAD}, CHANGE)),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity_id", "signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="attendance_once_per_person")]
        indexes = [models.Index(fields=["unit", "department"], name="attendance_unit_department")]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.activity_id}: {self.status}"


def activity_upload_to(instance, filename):
    """Server-generated names: unit / year-month / random hex + the type's extension."""
    ext = Path(filename).suffix.lower()[:8]
    return f"activities/{instance.unit_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ActivityPhoto(TimeStampedModel, ArchivableModel):
    """活动照片: a photo of an activity; archived, never deleted (it is evidence)."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="photos")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=activity_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=activity_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="activity__unit", through="activity")

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["activity_id", "id"]


class StudyNote(TimeStampedModel):
    """学习笔记: one person's notes of one study session, typed or a photo of a handwritten page
    (then the person types its word count)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("study session"), on_delete=models.PROTECT, related_name="notes"
    )
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notes"), blank=True)
    photo = models.FileField(_("photo of the page"), upload_to=activity_upload_to, max_length=200, blank=True)
    photo_thumbnail = models.FileField(_("thumbnail"), upload_to=activity_upload_to, max_length=200, blank=True)
    photo_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    word_count = models.PositiveIntegerField(_("word count"))
    year = models.PositiveSmallIntegerField(_("year"))
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="person__user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.STAFF}, CHANGE)),
    )

    class Meta:
        verbose_name = _("study note")
        verbose_name_plural = _("study notes")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="study_note_once_per_session")]
        indexes = [models.Index(fields=["unit", "year", "person"], name="study_note_unit_year_person")]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.activity_id}: {self.word_count}"


class StudyTarget(TimeStampedModel):
    """学习笔记目标: words per person in a year, for one kind of study session or all of them."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.ForeignKey(
        ActivityKind,
        verbose_name=_("kind"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: all study sessions"),
    )
    words_per_person = models.PositiveIntegerField(_("words per person"))
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit", unit_wide_view=True, perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("study target")
        verbose_name_plural = _("study targets")
        ordering = ["unit_id", "-year", "kind_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="study_target_per_kind"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(kind__isnull=True), name="study_target_all_kinds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.words_per_person}"
