"""投诉处理: complaints, suggestions and praise from patients and visitors, with their handling
records. Nothing is deleted: a complaint is archived and keeps its history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import ArchivableModel, TimeStampedModel
from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import NOTHING, ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit

CONTENT_MAX = 2000


def _handler_q(memberships, action: str) -> Q:
    """The assigned handler may see and work on the complaint, whatever their role's scope."""
    user_ids = {m.user_id for m in memberships}
    return Q(handler_id__in=user_ids) if user_ids else NOTHING


class Complaint(TimeStampedModel, ArchivableModel):
    """投诉 / 建议 / 表扬: one piece of feedback, from intake to closure."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        PRAISE = "praise", _("Praise")

    class Channel(models.TextChoices):
        PUBLIC = "public", _("Public form (QR code or link)")
        PHONE = "phone", _("Phone call")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit in person")
        HOTLINE = "hotline", _("12345 hotline")
        SURVEY = "survey", _("Survey suggestion")

    class Category(models.TextChoices):
        ATTITUDE = "attitude", _("Service attitude")
        QUALITY = "quality", _("Medical quality")
        CHARGES = "charges", _("Charges")
        ENVIRONMENT = "environment", _("Environment and hygiene")
        PROCESS = "process", _("Care process")
        ETHICS = "ethics", _("Medical ethics")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        FAIRLY = "fairly", _("Fairly satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    class Outcome(models.TextChoices):
        """What checking the complaint found (核实结果): a substantiated complaint costs the
        department points in its 量化考核."""

        SUBSTANTIATED = "substantiated", _("Substantiated")
        PARTLY = "partly", _("Partly substantiated")
        UNFOUNDED = "unfounded", _("Not substantiated")

    class ReplyChannel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        SMS = "sms", _("Text message")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("In person")
        OTHER = "other", _("Other")

    # Statuses in which someone still owes the complainant an answer (the deadline runs).
    OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.REOPENED)

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="complaints")
    reference = models.CharField(_("reference number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.OTHER)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department involved"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    content = models.TextField(_("what happened"), max_length=CONTENT_MAX)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    complainant_name = models.CharField(_("complainant's name"), max_length=30, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=20, blank=True)
    contact_consent = models.BooleanField(_("agreed to be contacted"), default=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    deadline = models.DateField(_("reply deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_complaints",
    )
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_complaints",
    )
    reply_text = models.TextField(_("reply to the complainant"), blank=True)
    reply_channel = models.CharField(_("reply channel"), max_length=10, choices=ReplyChannel.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    satisfaction = models.CharField(
        _("complainant's satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    outcome = models.CharField(_("outcome of the check"), max_length=14, choices=Outcome.choices, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("staff member named"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Reference, department names and content, kept by the services; searched with LIKE, which a
    # trigram index serves on PostgreSQL (migration 0002). The complainant's name is left out on
    # purpose: it is searched separately, only where the user may see it (see search.py).
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # A public form's one-time key: a double tap or a re-sent request stores one complaint.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # A one-way hash of the public client (never its address), for duplicate detection.
    client_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        perms=perms(
            grant(
                {Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.ADMIN},
                VIEW,
            ),
            grant({Role.OFFICE}, CHANGE),
        ),
        extra=_handler_q,
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "reference"], name="complaint_unique_reference_per_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "-received_at"], name="complaint_unit_received"),
            models.Index(fields=["unit", "status", "deadline"], name="complaint_unit_status_deadline"),
            models.Index(fields=["department", "-received_at"], name="complaint_department_received"),
            models.Index(fields=["handler", "status"], name="complaint_handler_status"),
            models.Index(fields=["status", "deadline"], name="complaint_status_deadline"),
            models.Index(fields=["client_fingerprint", "received_at"], name="complaint_client_received"),
            models.Index(fields=["complainant_phone"], name="complaint_phone"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def days_overdue(self) -> int:
        if not self.is_open:
            return 0
        return max(0, (timezone.localdate() - self.deadline).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


class HandlingRecord(models.Model):
    """处理记录: who did what about a complaint, and when (the timeline of its detail page)."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Handling note")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        SATISFACTION = "satisfaction", _("Satisfaction recorded")
        ESCALATED = "escalated", _("Escalated")
        ARCHIVED = "archived", _("Archived")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="records"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    text = models.TextField(_("what was done"), blank=True, max_length=CONTENT_MAX)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="complaint__unit",
        department="complaint__department",
        perms=Complaint.scoping.perms,
        extra=lambda memberships, action: (
            Q(complaint__handler_id__in={m.user_id for m in memberships}) if memberships else NOTHING
        ),
    )

    class Meta:
        verbose_name = _("handling record")
        verbose_name_plural = _("handling records")
        ordering = ["complaint_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} · {self.get_action_display()}"


class ReferenceCounter(models.Model):
    """The last reference number handed out per unit and month (TS + YYYYMM + 4 digits)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=6)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="complaint_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.period}:{self.last}"


DEFAULT_REFERENCE_PREFIX = "TS"


class ComplaintSettings(TimeStampedModel):
    """投诉编号设置: what a unit's complaint numbers start with (default TS, so TS2026110001); a
    bureau that sees several hospitals' complaints side by side asks each for its own code
    (RMYY-TS2026110001). Numbers already given keep theirs; the next ones take the new prefix."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    reference_prefix = models.CharField(
        _("number prefix"),
        max_length=8,
        default=DEFAULT_REFERENCE_PREFIX,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]{0,7}$",
                _("Use capital letters, digits and hyphens only (at most 8), e.g. RMYY-TS."),
            )
        ],
        help_text=_("Capital letters, digits and hyphens, e.g. RMYY-TS; the month and a serial number follow."),
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit", perms=perms(grant({Role.OFFICE, Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("complaint numbering")
        verbose_name_plural = _("complaint numbering")

    def __str__(self) -> str:
        return self.reference_prefix
