"""What the inspectors receive (迎检材料): the ledger export, indicator reports, generated documents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Unit

# Document templates and generated documents


def document_template_upload_to(instance, filename):
    return f"document-templates/{instance.unit_id}/{instance.kind}-v{instance.version}.docx"


class DocumentTemplate(TimeStampedModel):
    """文档模板: one version of the Word template (docxtpl) a unit's documents of one kind (工作方案,
    工作总结 ...) are generated from. Each upload is a new version; the newest is used; none is ever
    deleted (a generated document keeps the version it came from). No version: the built-in
    default of the kind (``reports.documents``)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="document_templates")
    kind = models.CharField(_("document kind"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_template_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant({Role.OFFICE, Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["unit_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "version"], name="document_template_unit_kind_version")
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class PlanText(TimeStampedModel):
    """工作方案的文字: what the office writes for the campaign's plan (the opening, guiding ideas,
    goals, safeguards); the phases, groups and tasks come from the campaign itself."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="plan_text"
    )
    opening = models.TextField(_("opening"), blank=True)
    guiding_idea = models.TextField(_("guiding ideas"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    safeguards = models.TextField(_("safeguards"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="campaign__unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES - {Role.STAFF}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("plan text")
        verbose_name_plural = _("plan texts")

    def __str__(self) -> str:
        return str(self.campaign_id)


class SummaryText(TimeStampedModel):
    """工作总结的文字: the wording the office writes for the campaign's year-end summary, one text
    per section (the opening, each part of the work, the problems, next year's measures). The
    figures, tables and the chart of each section always come from the data (``reports.summary``);
    an empty text leaves the section's generated sentences alone."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="summary_text"
    )
    opening = models.TextField(_("opening"), blank=True)
    organisation = models.TextField(_("organisation and leadership"), blank=True)
    tasks = models.TextField(_("tasks and the standard"), blank=True)
    inspections = models.TextField(_("inspections and rectification"), blank=True)
    service = models.TextField(_("patient satisfaction and complaints"), blank=True)
    activities = models.TextField(_("activities and volunteer service"), blank=True)
    ethics = models.TextField(_("medical ethics and honours"), blank=True)
    party = models.TextField(_("party building"), blank=True)
    problems = models.TextField(_("problems that remain"), blank=True)
    measures = models.TextField(_("next year's measures"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="campaign__unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES - {Role.STAFF}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("summary text")
        verbose_name_plural = _("summary texts")

    def __str__(self) -> str:
        return str(self.campaign_id)


def generated_document_upload_to(instance, filename):
    return f"documents/{instance.unit_id}/{instance.kind}/{filename}"


class GeneratedDocument(TimeStampedModel):
    """生成的文档: one generated .docx (a plan, a summary) and its PDF, made by a background job
    from the .docx. Kept: each generation is a new row; the template version is recorded. A kind
    generated as a background job (the summary) is created ``queued`` without its .docx; the job
    fills it in (``status``) and then queues the PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PdfStatus = Status  # the PDF goes through the same states

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="documents")
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("document kind"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("The Word template version it was generated from; empty: the default template."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    error = models.TextField(_("error"), blank=True)
    docx = models.FileField(_("Word document"), upload_to=generated_document_upload_to, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=generated_document_upload_to, max_length=200, blank=True)
    pdf_status = models.CharField(_("PDF status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    pdf_error = models.TextField(_("PDF error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES - {Role.STAFF}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "kind", "created_at"], name="document_campaign_kind")]

    def __str__(self) -> str:
        return self.title
