"""Party branches (党建工作): branches, their groups and members, the 三会一课 meeting types as
data and the branches' meeting records. Member development (党员发展) lives in
``development_models`` and is registered at the bottom.

Who sees what: the office of a unit sees and keeps its branches; a branch secretary (a
PARTY_SECRETARY membership of the unit whose user is the branch's secretary) sees and keeps his
own branch only; a member sees her branch and the meetings she was on the roster of; the bureau
reads the unit's aggregates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec
from chuangwen.org.models import Person, Unit
from chuangwen.standards.models import Item

from .access import OFFICE_PERMS, _secretary_q, party_upload_to


def _branch_extra(memberships, action: str) -> Q:
    q = _secretary_q(memberships, "")
    if action == VIEW:
        for m in memberships:
            if m.role == Role.STAFF:
                rows = BranchMember.objects.filter(person__user_id=m.user_id, is_active=True).values("branch_id")
                q |= Q(pk__in=rows)
    return q


class Branch(TimeStampedModel):
    """党支部: a party branch of a unit, with its secretary, committee and members."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="party_branches")
    name = models.CharField(_("name"), max_length=60)
    secretary = models.ForeignKey(
        Person, verbose_name=_("branch secretary"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=OFFICE_PERMS, extra=_branch_extra)

    class Meta:
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")
        ordering = ["unit_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="party_branch_unique_name")]

    def __str__(self) -> str:
        return self.name


class PartyGroup(TimeStampedModel):
    """党小组: a group of members within a branch."""

    branch = models.ForeignKey(Branch, verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=60)
    leader = models.ForeignKey(
        Person, verbose_name=_("group leader"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="branch__unit", through="branch")

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["branch_id", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="party_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class BranchMember(TimeStampedModel):
    """支部党员: a staff member (中共党员 or 预备党员) in a branch, with a committee post if any. A
    person belongs to one branch at a time; leaving archives the row (its history stays)."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("Branch secretary")
        DEPUTY = "deputy", _("Deputy secretary")
        ORGANISATION = "organisation", _("Organisation committee member")
        PROPAGANDA = "propaganda", _("Propaganda committee member")
        DISCIPLINE = "discipline", _("Discipline committee member")
        COMMITTEE = "committee", _("Committee member")
        MEMBER = "", _("Member")

    branch = models.ForeignKey(Branch, verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    post = models.CharField(_("committee post"), max_length=20, choices=Post.choices, blank=True)
    joined_on = models.DateField(_("joined the branch on"), default=timezone.localdate)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="branch__unit", through="branch")

    class Meta:
        verbose_name = _("branch member")
        verbose_name_plural = _("branch members")
        ordering = ["branch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_active=True), name="party_member_one_branch_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} · {self.person.name}"


class Frequency(models.TextChoices):
    MONTHLY = "month", _("Monthly")
    QUARTERLY = "quarter", _("Quarterly")
    YEARLY = "year", _("Yearly")


class MeetingType(models.Model):
    """三会一课 and the other yearly duties as data: how often a branch (or each of its groups)
    must hold the meeting, and how many days before a period ends the secretary is reminded."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    required_count = models.PositiveSmallIntegerField(_("required per period"), default=1)
    per_group = models.BooleanField(_("held by each party group"), default=False)
    remind_days = models.PositiveSmallIntegerField(_("remind days before the period ends"), default=7)
    needs_votes = models.BooleanField(_("takes resolutions by vote"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting type")
        verbose_name_plural = _("meeting types")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


def _meeting_extra(memberships, action: str) -> Q:
    q = _secretary_q(memberships, "branch__")
    if action == VIEW:
        for m in memberships:
            if m.role == Role.STAFF:
                rows = MeetingAttendance.objects.filter(person__user_id=m.user_id).values("meeting_id")
                q |= Q(pk__in=rows)
    return q


class Meeting(TimeStampedModel):
    """会议记录: one meeting of a branch (or of one of its groups), as the record book holds it."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        Branch, verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="meetings"
    )
    group = models.ForeignKey(
        PartyGroup, verbose_name=_("party group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    type = models.ForeignKey(MeetingType, verbose_name=_("meeting type"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("topic"), max_length=120)
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=60)
    host = models.ForeignKey(Person, verbose_name=_("chaired by"), on_delete=models.PROTECT, related_name="+")
    recorder = models.ForeignKey(Person, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    agenda = models.TextField(_("agenda"))
    discussion = models.TextField(_("discussion"), blank=True)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    late_warning = models.CharField(_("warning"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archive_reason = models.CharField(_("archive reason"), max_length=200, blank=True)
    # The standard items the meeting serves (党建 items of the campaign's standard): the meeting's
    # record goes into their folders of the ledger of the unit's campaign running on its date.
    items = models.ManyToManyField(Item, verbose_name=_("standard items served"), blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[items])

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=OFFICE_PERMS, extra=_meeting_extra)

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["branch", "held_at"], name="party_meeting_branch_held")]

    def __str__(self) -> str:
        return f"{self.type} · {self.title}"


class MeetingAttendance(models.Model):
    """出席情况: one member of the roster at a meeting: present, on leave (with the reason) or absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField(_("reason for leave"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="meeting__unit", through="meeting")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="party_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_status_display()}"


class Resolution(models.Model):
    """决议: a resolution of a meeting with its vote counts."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    text = models.CharField(_("resolution"), max_length=300)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstained"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="meeting__unit", through="meeting")

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class MeetingPhoto(TimeStampedModel):
    """会议照片: a photo of a meeting, checked by ``core.files`` before it is kept."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to=party_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=party_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="meeting__unit", through="meeting")

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["meeting_id", "id"]


# 党员发展: its own module, registered here.
from .development_models import Applicant, DevelopmentStep, DevelopmentTarget, StepDocument, StepRecord  # noqa: E402, F401
