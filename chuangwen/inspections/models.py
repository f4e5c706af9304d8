"""自查 · 督查 · 暗访 → 整改 → 复查 → 销号: inspection rounds, the findings they record, and the
rectification loop of each finding, plus generated bulletins (通报).

A finding belongs to the inspected unit (``unit``) whatever body inspected it, so the hospital's
office and the bureau above it see the same record; ``source_unit`` says who found it. Its state
changes only through the services (``services/states.py``), which check the allowed transitions and write
one ``FindingEvent`` per change (who, when, what). Nothing here is ever deleted."""

import uuid
from pathlib import Path

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
from chuangwen.standards.models import Item

INSPECT = "inspect"  # record findings and re-check them
DISPATCH = "dispatch"  # send a finding of the bureau on to a department


def _round_inspector_q(memberships, action: str, round_path: str) -> Q:
    """Inspectors named on a round (a bureau's 督查组, say) may see and inspect that round and
    its findings, though their own memberships do not reach the inspected hospital."""
    if action not in (VIEW, INSPECT) or not memberships:
        return Q(pk__in=[])
    through = InspectionRound.inspectors.through
    rounds = through.objects.filter(user_id=memberships[0].user_id).values("inspectionround_id")
    return Q(**{f"{round_path}__in": rounds})


def photo_upload_to(instance, filename):
    """Server-generated names: unit / year-month / random hex + the extension of the type found
    in the content (never the uploader's name)."""
    ext = Path(filename).suffix.lower()[:8]
    return f"inspections/{instance.unit_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class InspectionRound(TimeStampedModel, ArchivableModel):
    """检查轮次: one self-check, supervision, unannounced visit or review by the authority."""

    class Kind(models.TextChoices):
        SELF_CHECK = "self_check", _("Self-check")
        SUPERVISION = "supervision", _("Supervision")
        UNANNOUNCED = "unannounced", _("Unannounced visit")
        REVIEW = "review", _("Review by the authority")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")

    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="inspection_rounds"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    target_units = models.ManyToManyField(Unit, verbose_name=_("inspected units"), related_name="+")
    target_departments = models.ManyToManyField(
        Department, verbose_name=_("inspected departments"), blank=True, related_name="+"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), blank=True, related_name="inspection_rounds"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[target_units, target_departments, inspectors])

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="owner_unit",
        unit_wide_view=True,
        perms=perms(
            grant(ALL_ROLES - {Role.STAFF}, VIEW),
            grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE),
            grant({Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}, INSPECT),
        ),
        extra=lambda memberships, action: _round_inspector_q(memberships, action, "pk"),
    )

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ChecklistEntry(models.Model):
    """检查清单: what the inspectors check in a round, from a standard item or written freely."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="checklist"
    )
    item = models.ForeignKey(Item, verbose_name=_("standard item"), null=True, blank=True, on_delete=models.PROTECT)
    text = models.CharField(_("check"), max_length=300)
    max_deduction = models.DecimalField(_("maximum deduction"), max_digits=6, decimal_places=2, default=0)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        ordering = ["round_id", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Finding(TimeStampedModel, ArchivableModel):
    """问题: a problem found in an inspection, and (one to one) its rectification order (整改通知).

    States: open (recorded; a bureau finding waits for the hospital office to dispatch it) →
    ordered (sent to the responsible department with a deadline) → responded (the department
    says what it did) → closed (re-check passed: 销号) or back to ordered (re-check failed, with a
    reason). A later 回头看 may reopen a closed finding (→ ordered)."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        GENERAL = "general", _("General")
        SERIOUS = "serious", _("Serious")

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting dispatch")
        ORDERED = "ordered", _("Being rectified")
        RESPONDED = "responded", _("Awaiting re-check")
        CLOSED = "closed", _("Closed out")

    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="findings")
    source_unit = models.ForeignKey(Unit, verbose_name=_("found by unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    item = models.ForeignKey(
        Item, verbose_name=_("standard item"), null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    description = models.TextField(_("problem"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    points_deducted = models.DecimalField(_("points deducted"), max_digits=6, decimal_places=2, default=0)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("found by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    found_at = models.DateTimeField(_("found at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # The rectification order (整改通知), filled when the finding is dispatched.
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("ordered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    # Optimistic concurrency: every change bumps it; a form posts the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        department="department",
        owner="responsible_person__user",
        perms=perms(
            grant(ALL_ROLES, VIEW),
            grant({Role.OFFICE, Role.DEPT_HEAD, Role.STAFF}, CHANGE),  # answer the order
            grant({Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR}, INSPECT),
            grant({Role.OFFICE}, DISPATCH),
        ),
        extra=lambda memberships, action: _round_inspector_q(memberships, action, "round_id"),
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state", "found_at"], name="finding_unit_state_found"),
            models.Index(fields=["unit", "found_at"], name="finding_unit_found"),
            models.Index(fields=["department", "state"], name="finding_department_state"),
            models.Index(fields=["state", "deadline"], name="finding_state_deadline"),
            # A region-wide list filtered by state, newest first, without sorting every match.
            models.Index(fields=["state", "-found_at", "-id"], name="finding_state_found_order"),
            # The list order: a region-wide page (a bureau over thousands of units) walks this
            # index and stops after 50 rows instead of sorting every finding of the region.
            models.Index(fields=["-found_at", "-id"], name="finding_found_order"),
        ]

    def __str__(self) -> str:
        return self.description[:40]


class FindingPhoto(TimeStampedModel):
    """A photo of a finding: taken at inspection, with a response, or at re-check."""

    class Stage(models.TextChoices):
        FOUND = "found", _("Found")
        RESPONSE = "response", _("Rectified")
        RECHECK = "recheck", _("Re-check")

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="photos")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "FindingEvent", verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to=photo_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    # Through the finding: a bureau's photo taken before the finding was dispatched to a
    # department is seen by that department's head once it is.
    scoping = ScopeSpec(
        unit="finding__unit",
        department="finding__department",
        owner="finding__responsible_person__user",
        perms=perms(grant(ALL_ROLES, VIEW)),
        extra=lambda memberships, action: _round_inspector_q(memberships, action, "finding__round_id"),
    )

    class Meta:
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")
        ordering = ["finding_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class FindingEvent(models.Model):
    """One step of a finding's life (痕迹): recorded, dispatched, responded, re-check passed or
    failed, escalated, reopened, archived — who, when, and what was said."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        DISPATCHED = "dispatched", _("Order issued")
        RESPONDED = "responded", _("Rectification reported")
        RECHECK_PASSED = "recheck_passed", _("Re-check passed, closed")
        RECHECK_FAILED = "recheck_failed", _("Re-check failed")
        ESCALATED = "escalated", _("Escalated")
        REOPENED = "reopened", _("Reopened after follow-up check")
        ARCHIVED = "archived", _("Archived")

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")
        ordering = ["finding_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.kind}"


class Bulletin(TimeStampedModel):
    """通报: a generated .docx for a unit (or a region, by an authority) and a period."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), max_length=200, blank=True)
    numbers = models.JSONField(_("figures"), default=dict, blank=True)
    # 文号: 〔doc_year〕doc_seq号, taken from ``BulletinCounter``; unique per unit and year.
    doc_year = models.PositiveSmallIntegerField(_("document number year"), null=True, blank=True)
    doc_seq = models.PositiveIntegerField(_("document number"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    template = models.ForeignKey(
        "BulletinTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
        help_text=_("The Word template version it was generated from; empty: the default template."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The same document as PDF, converted by a background job once the .docx is ready
    # (``bulletins.bulletin_pdf_build``); empty status: not asked (bulletins made before).
    pdf = models.FileField(_("PDF"), max_length=200, blank=True)
    pdf_status = models.CharField(_("PDF status"), max_length=10, choices=Status.choices, blank=True)
    pdf_error = models.TextField(_("PDF error"), blank=True)

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES - {Role.STAFF}, VIEW), grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE)),
    )

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_year", "doc_seq"], name="bulletin_unique_doc_number"),
        ]

    def __str__(self) -> str:
        return self.title


class BulletinCounter(models.Model):
    """文号计数: the last document number given to a bulletin of ``unit`` in ``year``. The row is
    locked while a number is taken (``bulletins.next_doc_seq``), so two requests at once never
    get the same number; the unique constraint on ``Bulletin`` is the database's guarantee."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("bulletin number counter")
        verbose_name_plural = _("bulletin number counters")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="bulletin_counter_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


def bulletin_template_upload_to(instance, filename):
    return f"bulletin-templates/{instance.unit_id}/{uuid.uuid4().hex}.docx"


class BulletinTemplate(TimeStampedModel):
    """通报模板: one version of the Word template a unit's office (or a bureau) issues its bulletins
    from. Each upload is a new version; the newest is used; none is ever deleted (a bulletin
    keeps pointing at the version it was made from). A unit without one uses the default."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bulletin_templates")
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=bulletin_template_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bulletin template")
        verbose_name_plural = _("bulletin templates")
        ordering = ["unit_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "version"], name="bulletin_template_unit_version")]

    def __str__(self) -> str:
        return f"{self.unit_id} v{self.version}"
