"""Member development (党员发展,《中国共产党发展党员工作细则》): the 25 steps and their time rules
as data, each applicant's record of the steps taken (with the warnings the rules gave), the
documents per step and a branch's yearly development target."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Person, Unit

from .access import OFFICE_PERMS, _secretary_q, party_upload_to


class Stage(models.IntegerChoices):
    """The five stages of the 细则."""

    APPLICATION = 1, _("Application for membership")
    ACTIVIST = 2, _("Activist: selection and training")
    CANDIDATE = 3, _("Candidate: selection and examination")
    ADMISSION = 4, _("Admission as probationary member")
    PROBATION = 5, _("Probation and full membership")


class DevelopmentStep(models.Model):
    """发展党员步骤: one of the 25 steps, in its stage, with its time rule (counted from an
    earlier step: at least ``min_months`` after it, at most ``max_months`` after it) named in
    ``rule``; entering a step that breaks it stores a warning naming the rule."""

    number = models.PositiveSmallIntegerField(_("step"), unique=True)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    name = models.CharField(_("name"), max_length=40)
    counted_from = models.PositiveSmallIntegerField(_("counted from step"), null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(_("at least months after"), null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(_("at most months after"), null=True, blank=True)
    min_training_days = models.PositiveSmallIntegerField(_("training of at least days"), null=True, blank=True)
    min_training_hours = models.PositiveSmallIntegerField(_("or at least class hours"), null=True, blank=True)
    people_role = models.CharField(_("people named at this step"), max_length=20, blank=True)
    sets_status = models.CharField(
        _("political status after this step"), max_length=12, choices=Person.Political.choices, blank=True
    )
    adds_probation_extension = models.BooleanField(_("waits for an extended probation"), default=False)
    rule = models.CharField(_("rule"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


def _applicant_extra(memberships, action: str) -> Q:
    return _secretary_q(memberships, "branch__")


class Applicant(TimeStampedModel):
    """入党申请人: one person's way through the 25 steps in a branch. ``stage`` and the next step
    follow the steps recorded (``services.development``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        JOINED = "joined", _("Became a full member")
        STOPPED = "stopped", _("Stopped")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        "party.Branch", verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="applicants"
    )
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=Stage.APPLICATION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    probation_extension_months = models.PositiveSmallIntegerField(_("probation extended by months"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        owner="person__user",
        perms=perms(OFFICE_PERMS, grant({Role.STAFF}, VIEW)),
        extra=_applicant_extra,
    )

    class Meta:
        verbose_name = _("applicant for membership")
        verbose_name_plural = _("applicants for membership")
        ordering = ["unit_id", "branch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="party_applicant_one_active_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.person.name


class StepRecord(TimeStampedModel):
    """One step taken by an applicant: its date, the people named (培养联系人, 入党介绍人), notes,
    training length where the step asks for it, and the warnings its rules gave when entered."""

    applicant = models.ForeignKey(
        Applicant, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="steps"
    )
    step = models.ForeignKey(DevelopmentStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("date"))
    people = models.ManyToManyField(Person, verbose_name=_("people responsible"), blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    training_days = models.PositiveSmallIntegerField(_("training days"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("class hours"), null=True, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[people])

    objects = ScopedManager()
    scoping = ScopeSpec(unit="applicant__unit", through="applicant")

    class Meta:
        verbose_name = _("development step record")
        verbose_name_plural = _("development step records")
        ordering = ["applicant_id", "step__number"]
        constraints = [models.UniqueConstraint(fields=["applicant", "step"], name="party_step_once_per_applicant")]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.step}"


class StepDocument(TimeStampedModel):
    """A document of a step (入党申请书, 思想汇报, 政审材料 …), checked by ``core.files``."""

    record = models.ForeignKey(StepRecord, verbose_name=_("step"), on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=party_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=party_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="record__applicant__unit", through="record")

    class Meta:
        verbose_name = _("step document")
        verbose_name_plural = _("step documents")
        ordering = ["record_id", "id"]


class DevelopmentTarget(TimeStampedModel):
    """年度发展计划: how many new members a branch plans to develop in a year (seed 003:
    "今年准备发展6—8名党员")."""

    branch = models.ForeignKey(
        "party.Branch", verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target_min = models.PositiveSmallIntegerField(_("at least"))
    target_max = models.PositiveSmallIntegerField(_("at most"))
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="branch__unit", through="branch")

    class Meta:
        verbose_name = _("development target")
        verbose_name_plural = _("development targets")
        ordering = ["branch_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="party_target_once_per_year"),
            models.CheckConstraint(condition=Q(target_max__gte=models.F("target_min")), name="party_target_range"),
        ]
