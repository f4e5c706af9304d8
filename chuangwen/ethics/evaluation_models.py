"""The yearly evaluation (年度医德考评) and the facts it reads: an evaluation of a unit and year
with one row per person (自评 → 科室评价 → 院考评小组 → 公示 → 定等次), objections during the
公示, and veto records (一票否决) on a person, withdrawn with a reason, never deleted.

Imported by ``ethics/models.py``."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Unit

from .rules_models import Grade, RuleSet, VetoAct

# The bureau sees evaluations (for the distribution page) but no person's row.
EVALUATION_PERMS = perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
ROW_PERMS = perms(
    grant(ALL_ROLES - {Role.SUPERVISOR}, VIEW),
    grant({Role.OFFICE}, CHANGE, "grade"),
    grant({Role.DEPT_HEAD}, "grade"),
)
VETO_PERMS = perms(grant(ALL_ROLES - {Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE))
SCORE = {"max_digits": 6, "decimal_places": 2, "null": True, "blank": True}


class Evaluation(TimeStampedModel):
    """年度医德考评: a unit's evaluation of a year under one published rule set."""

    class Status(models.TextChoices):
        OPEN = "open", _("Self and department evaluation")
        REVIEW = "review", _("Committee review")
        PUBLICITY = "publicity", _("Public notice")
        FINAL = "final", _("Final")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="+")
    departments = models.ManyToManyField(Department, verbose_name=_("departments"), related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    publicity_days = models.PositiveSmallIntegerField(_("public notice (working days)"), default=5)
    publicity_from = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_until = models.DateField(_("public notice until"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=EVALUATION_PERMS)

    class Meta:
        verbose_name = _("ethics evaluation")
        verbose_name_plural = _("ethics evaluations")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="ethics_evaluation_year")]

    def __str__(self) -> str:
        return f"{self.year}"


class EvaluationRow(models.Model):
    """One person's evaluation of the year: the inputs of each component, what the grading job
    computed from them and the daily record (score, deductions, veto, suggested grade or why
    none), and the committee's decision (a change from the suggestion with its reason)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not computed")
        OK = "ok", _("Graded")
        INCOMPLETE = "incomplete", _("Components missing")
        GAP = "gap", _("No grade rule applies")
        OVERLAP = "overlap", _("Two grade rules apply")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="rows"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    self_text = models.TextField(_("self-evaluation"), max_length=2000, blank=True)
    self_grade = models.CharField(_("self-assessed grade"), max_length=10, choices=Grade.choices, blank=True)
    self_score = models.DecimalField(_("self-evaluation score"), **SCORE)
    self_at = models.DateTimeField(_("self-evaluated at"), null=True, blank=True)
    department_score = models.DecimalField(_("department score"), **SCORE)
    patients_score = models.DecimalField(_("patients' score"), **SCORE)
    department_comment = models.CharField(_("department's opinion"), max_length=300, blank=True)
    department_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_at = models.DateTimeField(_("department graded at"), null=True, blank=True)
    committee_score = models.DecimalField(_("committee score"), **SCORE)
    committee_opinion = models.CharField(_("committee's opinion"), max_length=300, blank=True)
    record_score = models.DecimalField(_("daily record score"), **SCORE)
    deductions = models.DecimalField(_("deductions"), max_digits=8, decimal_places=2, default=0)
    bonuses = models.DecimalField(_("bonuses"), max_digits=8, decimal_places=2, default=0)
    score = models.DecimalField(_("score"), **SCORE)
    veto = models.BooleanField(_("veto"), default=False)
    suggested_grade = models.CharField(_("suggested grade"), max_length=10, choices=Grade.choices, blank=True)
    outcome = models.CharField(_("grading outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.CharField(_("grading note"), max_length=200, blank=True)
    grade = models.CharField(_("decided grade"), max_length=10, choices=Grade.choices, blank=True)
    grade_reason = models.CharField(_("reason for the decided grade"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="evaluation__unit", department="department", owner="person__user", perms=ROW_PERMS)

    class Meta:
        verbose_name = _("evaluation row")
        verbose_name_plural = _("evaluation rows")
        ordering = ["evaluation_id", "department_id", "person__employee_no", "id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "person"], name="ethics_row_once")]
        indexes = [models.Index(fields=["evaluation", "department"], name="ethics_row_eval_dept")]

    def __str__(self) -> str:
        return f"{self.evaluation_id}:{self.person_id}"

    @property
    def effective_grade(self) -> str:
        """The decided grade, else the suggestion."""
        return self.grade or self.suggested_grade


class Objection(TimeStampedModel):
    """公示异议: a member of the unit objects to the published grades (or one row); the office
    answers. Never deleted."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="objections"
    )
    row = models.ForeignKey(
        EvaluationRow, verbose_name=_("concerning"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("objection"), max_length=2000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="evaluation__unit",
        owner="filed_by",
        perms=perms(grant({Role.OFFICE}, VIEW, CHANGE), grant(ALL_ROLES - {Role.SUPERVISOR}, VIEW)),
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["evaluation_id", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class VetoRecord(TimeStampedModel):
    """一票否决记录: a veto act established on a person, with the facts and files. Withdrawn with a
    reason (a mistaken record), never deleted; a withdrawn record marks nobody."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    act = models.ForeignKey(VetoAct, verbose_name=_("veto act"), on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("occurred on"))
    facts = models.TextField(_("facts"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_reason = models.CharField(_("reason of the withdrawal"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", owner="person__user", perms=VETO_PERMS)

    class Meta:
        verbose_name = _("veto record")
        verbose_name_plural = _("veto records")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "occurred_on"], name="ethics_veto_person_day")]

    def __str__(self) -> str:
        return f"{self.act_id} {self.occurred_on}"


def veto_upload_to(instance, filename):
    ext = Path(filename).suffix.lower()[:8]
    return f"ethics/{instance.veto.unit_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class VetoFile(TimeStampedModel):
    """A file backing a veto record (a statement, the returned envelope's receipt)."""

    veto = models.ForeignKey(VetoRecord, verbose_name=_("veto record"), on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=veto_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=veto_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="veto__unit", department="veto__department", owner="veto__person__user", through="veto")

    class Meta:
        verbose_name = _("veto file")
        verbose_name_plural = _("veto files")
        ordering = ["veto_id", "id"]

    def __str__(self) -> str:
        return self.original_name
