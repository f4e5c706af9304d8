"""A unit's ranking figures computed live, from the same selectors as the unit's own pages: never a
second formula. The refresh job stores them as ``UnitSnapshot`` rows; pages read those.

Definitions (``on`` is the day the figures are for, *today* for the current month):

* **Score**: the standard's item score of the unit's active campaign, as its progress page shows
  it (``dashboard.progress.campaign_progress``: sum of the self-view ``ItemScore`` over the
  points, in %). Not the mean department score (量化考核): the issue ranks "score and
  readiness against the target title's pass line", and the pass line is a share of the
  standard's points (``scoring.readiness``), so the two must be the same measure. Projected
  score, pass line, reached and running title vetoes are the progress page's 创建达标 card.
* **Tasks overdue**: the progress page's ``tasks.overdue`` (live tasks past their deadline and
  not accepted).
* **Findings** (total, open, overdue) and **rectification rate** (closed / total, %): the
  progress page's 整改统计 panel (``inspections.stats.totals``) over the campaign's period up to
  ``on`` (the year up to ``on`` without a campaign).
* **Satisfaction index**: the unit's index of the month, as the satisfaction page shows it
  for that month (the month's ratings of every department and template:
  ``surveys.models.index_from``); empty without ratings.
* **Complaints overdue**: the complaint list's "overdue" filter (``feedback.selectors.overdue_q``)
  over the unit's live complaints.
* **Ethics vetoes**: staff of the unit with a 一票否决 mark of the year
  (``ethics.eligibility.marks_for``, the one question other modules ask).
* **Volunteer hours per person**: the volunteer page's 年人均 (``volunteer.selectors.unit_summary``
  over the active staff's ``person_totals`` of the year)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Sum

from chuangwen.dashboard import progress
from chuangwen.ethics.eligibility import VETO, marks_for
from chuangwen.feedback.models import Complaint
from chuangwen.feedback.selectors import overdue_q as complaint_overdue_q
from chuangwen.inspections import stats
from chuangwen.org.models import Person, Unit
from chuangwen.scoring.readiness import active_vetoes
from chuangwen.surveys.models import DepartmentMonth, index_from
from chuangwen.volunteer import selectors as volunteer

ONE = Decimal("0.1")


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(ONE)


@dataclass
class Figures:
    campaign_id: int | None = None
    target_level: str = ""
    score_percent: Decimal = Decimal("0.0")
    projected_percent: Decimal | None = None
    pass_percent: Decimal | None = None
    reached: bool | None = None
    title_vetoes: int = 0
    tasks_overdue: int = 0
    findings_total: int = 0
    findings_open: int = 0
    findings_overdue: int = 0
    rectification_rate: Decimal = Decimal("0.0")
    satisfaction_index: Decimal | None = None
    complaints_overdue: int = 0
    ethics_vetoes: int = 0
    volunteer_hours: Decimal = Decimal("0.0")

    def as_dict(self) -> dict:
        return asdict(self)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def live_figures(unit: Unit, *, on: datetime.date) -> Figures:
    """Every ranking figure of ``unit`` as its own pages show them on ``on`` (about twenty queries)."""
    out = Figures()
    campaign = progress.active_campaign(unit)
    if campaign is not None:
        p = progress.campaign_progress(campaign, today=on)
        r = p.readiness
        out.campaign_id = campaign.pk
        out.target_level = campaign.target_level
        out.score_percent = _dec(p.overall.percent)
        out.projected_percent = _dec(r.projected_percent)
        out.pass_percent = _dec(r.pass_percent)
        out.reached = r.reached if r.pass_line is not None else None
        out.title_vetoes = len(r.vetoes)
        out.tasks_overdue = p.tasks.overdue
        period = stats.Period(campaign.starts_on, min(campaign.ends_on, on))
    else:
        out.title_vetoes = len(active_vetoes(unit, on))
        period = stats.Period(datetime.date(on.year, 1, 1), on)
    totals = stats.totals(stats.period_findings(period=period, unit=unit), today=on)
    out.findings_total, out.findings_open, out.findings_overdue = totals.total, totals.open, totals.overdue
    out.rectification_rate = _dec(totals.closure_rate)
    out.satisfaction_index = _dec(satisfaction_index(unit, month_of(on)))
    out.complaints_overdue = (
        Complaint.objects.filter(unit=unit, archived_at__isnull=True).filter(complaint_overdue_q(on)).count()
    )
    people = list(Person.objects.filter(unit=unit).values_list("pk", flat=True))
    out.ethics_vetoes = sum(1 for marks in marks_for(people, on.year).values() if any(m.kind == VETO for m in marks))
    totals_v = volunteer.person_totals(
        Person.objects.filter(unit=unit, is_active=True), unit_id=unit.pk, year=on.year, today=on
    )
    out.volunteer_hours = _dec(volunteer.unit_summary(totals_v, unit_id=unit.pk, year=on.year).average)
    return out


def satisfaction_index(unit: Unit, month: datetime.date) -> float | None:
    """The unit's satisfaction index of ``month`` over every department and template (the
    satisfaction page's total for that month)."""
    row = DepartmentMonth.objects.filter(unit=unit, month=month).aggregate(t=Sum("index_sum"), n=Sum("index_count"))
    return index_from(row["t"] or 0, row["n"] or 0)
