"""满意度调查 · 征求意见卡: survey templates and their questions, the responses patients give through
a department's QR code or staff type in from paper cards, and the monthly aggregates the
satisfaction pages read (they never scan raw responses).

Satisfaction index (满意度指数) of a department in a month: the mean of the rating answers (1–5)
to the questions that count in the index, scaled to 0–100 as (mean − 1) / 4 × 100."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import ArchivableModel, TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Unit

TEXT_MAX = 500
DEFAULT_THRESHOLD = 85
DEFAULT_MIN_RESPONSES = 10

# Templates and questions are reference data of the unit: everyone there may read them, the
# campaign office builds them.
TEMPLATE_PERMS = perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
# Results: the office and the supervisors above read the whole unit, department heads their own
# department; nobody else (staff, inspectors) and never an anonymous visitor. The office and
# department heads type in paper cards.
RESULT_PERMS = perms(
    grant({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD}, VIEW),
    grant({Role.OFFICE, Role.DEPT_HEAD}, CHANGE),
)


def index_from(total: int | float, count: int) -> float | None:
    """The satisfaction index (0–100) of ``count`` ratings summing to ``total``: (mean − 1) / 4 × 100."""
    if not count:
        return None
    return round((total / count - 1) / 4 * 100, 1)


class SurveyTemplate(TimeStampedModel, ArchivableModel):
    """调查问卷: a survey a unit asks one audience (outpatients, inpatients at discharge, staff)."""

    class Audience(models.TextChoices):
        OUTPATIENT = "outpatient", _("Outpatients")
        INPATIENT = "inpatient", _("Inpatients at discharge")
        STAFF = "staff", _("Staff")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    intro = models.CharField(
        _("introduction"), max_length=300, blank=True, help_text=_("Shown to the patient above the questions.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=TEMPLATE_PERMS)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["unit_id", "audience", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="survey_template_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:template_detail", args=[self.pk])


class Question(TimeStampedModel):
    """问题: one question of a template. Questions with answers are deactivated, never deleted."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("survey template"), on_delete=models.PROTECT, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    counts_in_index = models.BooleanField(
        _("counts in the index"), default=True, help_text=_("Only rating questions count in the satisfaction index.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="template__unit", unit_wide_view=True, perms=TEMPLATE_PERMS)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template_id", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    @property
    def in_index(self) -> bool:
        return self.kind == self.Kind.RATING and self.counts_in_index

    def clean(self) -> None:
        if self.is_choice:
            opts = [str(o).strip() for o in self.options or [] if str(o).strip()]
            if len(opts) < 2:
                raise ValidationError({"options": _("A choice question needs at least two options.")})
            if len(opts) > 10:
                raise ValidationError({"options": _("A choice question has at most 10 options.")})
            if len(set(opts)) != len(opts):
                raise ValidationError({"options": _("The options must differ from each other.")})
            self.options = opts
        else:
            self.options = []
        if self.kind != self.Kind.RATING:
            self.counts_in_index = False


class SatisfactionSettings(TimeStampedModel):
    """满意度预警设置: when a department's monthly index is low enough to raise an alert."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    alert_threshold = models.PositiveSmallIntegerField(
        _("alert threshold"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A department whose monthly index falls below this raises an alert."),
    )
    min_responses = models.PositiveIntegerField(
        _("minimum responses"),
        default=DEFAULT_MIN_RESPONSES,
        validators=[MinValueValidator(1)],
        help_text=_("No alert before a department has this many responses in the month."),
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit", perms=perms(grant({Role.OFFICE, Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("satisfaction settings")
        verbose_name_plural = _("satisfaction settings")

    def __str__(self) -> str:
        return str(self.unit)


class Response(models.Model):
    """答卷: one patient's answers, from the QR form or a paper card (征求意见卡) typed in by staff.

    Responses are never changed or deleted, so they carry no history table: at hundreds per
    second a history row each would double the writes. ``fingerprint`` is a keyed hash of the
    client (never the raw IP address)."""

    class Channel(models.TextChoices):
        QR = "qr", _("QR code")
        PAPER = "paper", _("Paper card")

    # The single-column indexes Django adds to foreign keys are left out where a composite
    # index starts with the same column (unit, department).
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("survey template"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, default=Channel.QR)
    submitted_at = models.DateTimeField(_("submitted at"))
    month = models.DateField(_("month"))
    fingerprint = models.CharField(_("client fingerprint"), max_length=32, blank=True)
    # Unique through Meta.constraints, not unique=True: on PostgreSQL that would add a second
    # (LIKE) index nobody uses.
    idempotency_key = models.CharField(_("idempotency key"), max_length=40)
    suggestion = models.TextField(_("suggestion"), blank=True, max_length=TEXT_MAX)
    card_no = models.CharField(_("card number"), max_length=30, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", perms=RESULT_PERMS)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["idempotency_key"], name="survey_response_key_once")]
        indexes = [
            models.Index(fields=["unit", "-submitted_at"], name="survey_response_unit_time"),
            models.Index(fields=["department", "-submitted_at"], name="survey_response_dept_time"),
            models.Index(fields=["unit", "month", "department"], name="survey_response_month"),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.submitted_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:response_detail", args=[self.pk])


class Answer(models.Model):
    """One answer of a response: a rating, chosen option indexes, or text."""

    # Looked up by response through the (response, question) constraint's index.
    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
    )
    # Indexed by question: whether a question has answers (its kind is then fixed) and
    # deleting a question (PROTECT) look answers up by question.
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=TEXT_MAX)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.rating or self.choices or self.text}"


class ResponseQueue(models.Model):
    """A queue of responses still to be processed in the background (written in the transaction
    that stores the response; ``drain`` takes them in batches). Internal, never shown: no unit,
    no scope, no history."""

    response_id = models.BigIntegerField(primary_key=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.response_id)

    @classmethod
    def drain(cls, work, *, batch: int, wait: bool = False) -> int:
        """Take the queue ``batch`` ids at a time: each batch is locked, passed to ``work`` and
        deleted in one transaction, so each id is done exactly once. ``wait``: wait for rows
        another transaction holds instead of skipping them. Returns how many ids were done."""
        done = 0
        while True:
            with transaction.atomic():
                locked = cls.objects.order_by("response_id").select_for_update(skip_locked=not wait)
                ids = list(locked.values_list("response_id", flat=True)[:batch])
                if not ids:
                    break
                work(ids)
                cls.objects.filter(response_id__in=ids).delete()
            done += len(ids)
            if len(ids) < batch:
                break
        return done


class PendingCount(ResponseQueue):
    """A stored response not yet added to the monthly aggregates. A submission writes one of these
    (one small row) instead of updating its department's month rows: hundreds of patients a
    second would otherwise queue on the same row lock. ``aggregates.counts_fold`` (the
    background job ``tasks.fold_counts``) adds them up in batches."""

    class Meta:
        verbose_name = _("response not yet counted")
        verbose_name_plural = _("responses not yet counted")


class PendingSuggestion(ResponseQueue):
    """A response whose suggestion is still to be handed over to the complaints app
    (``hand_over.suggestions_hand_over``)."""

    class Meta:
        verbose_name = _("suggestion not yet handed over")
        verbose_name_plural = _("suggestions not yet handed over")


class FoldMark(models.Model):
    """When the monthly aggregates were last brought up to date: one row, written by each run of
    ``aggregates.counts_fold`` with the moment it started (every response stored before then
    and not held by another run is counted). Pages show it as "数据截至 …" while responses are
    still waiting to be counted. Internal: no unit, no scope, no history."""

    folded_at = models.DateTimeField(_("counted up to"))

    class Meta:
        verbose_name = _("aggregates counted up to")
        verbose_name_plural = _("aggregates counted up to")

    def __str__(self) -> str:
        return f"{self.folded_at:%Y-%m-%d %H:%M:%S}"


class DepartmentMonth(models.Model):
    """Monthly aggregate of one department and template: responses and the index's sum and count,
    added up from the responses by ``aggregates.counts_fold`` (see ``PendingCount``)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("survey template"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    responses = models.PositiveIntegerField(_("responses"), default=0)
    index_count = models.PositiveIntegerField(default=0)
    index_sum = models.PositiveBigIntegerField(default=0)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", perms=RESULT_PERMS)

    class Meta:
        verbose_name = _("monthly satisfaction")
        verbose_name_plural = _("monthly satisfaction")
        constraints = [
            models.UniqueConstraint(fields=["department", "template", "month"], name="survey_deptmonth_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "month"], name="survey_deptmonth_unit_month"),
            # A region's page: one month (or twelve) across every unit.
            models.Index(fields=["month", "unit"], name="survey_deptmonth_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m}: {self.responses}"

    @property
    def index(self) -> float | None:
        return index_from(self.index_sum, self.index_count)


class QuestionMonth(models.Model):
    """Monthly aggregate of one question in one department: answers, sum of ratings and the
    distribution of ratings 1–5 (choice and text questions only count answers)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("survey template"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(default=0)
    sum = models.PositiveBigIntegerField(default=0)
    r1 = models.PositiveIntegerField(default=0)
    r2 = models.PositiveIntegerField(default=0)
    r3 = models.PositiveIntegerField(default=0)
    r4 = models.PositiveIntegerField(default=0)
    r5 = models.PositiveIntegerField(default=0)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", perms=RESULT_PERMS)

    class Meta:
        verbose_name = _("monthly question score")
        verbose_name_plural = _("monthly question scores")
        constraints = [
            models.UniqueConstraint(fields=["department", "question", "month"], name="survey_questionmonth_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "month"], name="survey_qmonth_unit_month"),
            models.Index(fields=["month", "unit"], name="survey_qmonth_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.month:%Y-%m}: {self.count}"


class SatisfactionAlert(models.Model):
    """满意度预警: a department's monthly index fell below the unit's threshold (once per
    department and month)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    index = models.DecimalField(_("index"), max_digits=5, decimal_places=1)
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    responses = models.PositiveIntegerField(_("responses"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", department="department", perms=RESULT_PERMS)

    class Meta:
        verbose_name = _("satisfaction alert")
        verbose_name_plural = _("satisfaction alerts")
        ordering = ["-month", "index", "id"]
        constraints = [models.UniqueConstraint(fields=["department", "month"], name="survey_alert_once")]

    def __str__(self) -> str:
        return f"{self.department} {self.month:%Y-%m}: {self.index}"
