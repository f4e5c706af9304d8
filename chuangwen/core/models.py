"""Base pieces shared by every app: timestamps and archiving (nothing of value is hard-deleted),
and the working-day calendar (holidays and 调休 days as data, read by ``core.workdays``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CalendarYear(models.Model):
    """年度节假日安排: one year's public holidays and 调休 working days, as the State Council's
    notice published them. A year without a row has no data: its deadlines count weekends only,
    and the admin and the offices are warned from 1 November of the year before."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, help_text=_("The notice the days come from."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """节假日或调休上班日: a day that is not what its weekday says, a holiday (放假) or a weekend
    day worked instead (调休上班). It belongs to the year of the notice that set it, which may
    reach back into December of the year before (元旦 breaks)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday (day off)")
        WORKING = "working", _("adjusted working day (weekend worked)")

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("holiday name"), max_length=40, help_text=_("e.g. 春节"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        try:
            year = self.calendar_year.year
        except CalendarYear.DoesNotExist:
            year = None
        errors = calendar_day_errors(self.date, self.kind, year)
        if errors:
            raise ValidationError(errors)


def calendar_day_errors(day, kind: str, year: int | None) -> dict[str, str]:
    """What is wrong with a calendar day, by field (empty when nothing): a 调休 working day is a
    Saturday or Sunday, and a day belongs to its notice's year (or that year's eve, December)."""
    errors: dict[str, str] = {}
    if day is None:
        return errors
    if kind == CalendarDay.Kind.WORKING and day.weekday() < 5:
        errors["kind"] = gettext("%(date)s is a weekday: only a Saturday or Sunday can be an adjusted working day.") % {
            "date": day.isoformat()
        }
    if year is not None and not (day.year == year or (day.year == year - 1 and day.month == 12)):
        errors["date"] = gettext("%(date)s is not in %(year)s (or the December before).") % {
            "date": day.isoformat(),
            "year": year,
        }
    return errors


class ArchivableModel(models.Model):
    """Records that are archived instead of deleted (evidence, findings, complaints, people)."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self, *, by) -> None:
        self.archived_at = timezone.now()
        self.archived_by = by
        self.save(update_fields=["archived_at", "archived_by"])


# The kinds of long list exported in the background, each with the function that writes its file
# (dotted paths, imported when the job runs: core imports no app). One table for the model's
# choices and the job (core/export_jobs.py).
EXPORT_BUILDERS = {
    "complaints": "chuangwen.feedback.exports.complaints_job",
    "staff": "chuangwen.org.exports.roster_job",
    "responsibility_table": "chuangwen.campaigns.exports.responsibility_job",
}


class ExportJob(TimeStampedModel):
    """后台导出任务: one long list being written as .xlsx for the user who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    kind = models.CharField(_("kind"), max_length=30, choices=[(k, k) for k in EXPORT_BUILDERS])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    ids = models.JSONField(_("rows"), default=list, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def rows(self) -> int:
        return len(self.ids)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)
