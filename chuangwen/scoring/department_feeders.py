"""Feeders of the ledger for 量化考核: substantiated complaints and praise letters (called by the
feedback services on closing), satisfaction alerts (called by ``surveys.alerts``), and task
periods that ended without accepted work (the daily job). Each writes through
``services.entry_add`` with a key, so running one twice writes one entry.

Points: each event is written as a nominal −1 (a deduction) or +1 (a bonus); what it costs a
department is the scheme's rule for the source (``department_scheme``), so the office changes
the price of a complaint without rewriting the ledger."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.months import add_months, month_start

from .models import LedgerEntry, Source
from .services import entry_add, entry_correct

NOMINAL_DEDUCTION = -1
NOMINAL_BONUS = 1
BATCH = 500

# Months per period of a recurring task; weekly and twice-monthly tasks are scored by month.
PERIOD_MONTHS = {
    "weekly": 1,
    "twice_monthly": 1,
    "monthly": 1,
    "quarterly": 3,
    "half_yearly": 6,
    "yearly": 12,
}


def _live_entries(record, source):
    return LedgerEntry.objects.filter(
        source=source,
        source_type=ContentType.objects.get_for_model(record),
        source_id=record.pk,
        reverses__isnull=True,
        reversed_by__isnull=True,
    )


def complaint_closed(*, complaint, user) -> LedgerEntry | None:
    """A complaint closed as substantiated (查实) deducts from its department (and the staff
    member named); a praise letter closed gives them a bonus. Closing a reopened complaint as
    not substantiated cancels its earlier deduction by a counter-entry."""
    if complaint.department_id is None:
        return None
    day = timezone.localdate(complaint.closed_at) if complaint.closed_at else timezone.localdate()
    label = _("Complaint %(ref)s") % {"ref": complaint.reference}
    if complaint.kind == complaint.Kind.PRAISE:
        entry = entry_add(
            unit=complaint.unit,
            department=complaint.department,
            person=complaint.person,
            points=NOMINAL_BONUS,
            source=Source.PRAISE,
            reason=_("Praise letter: %(text)s") % {"text": complaint.content[:80]},
            occurred_on=day,
            record=complaint,
            source_label=label,
            key=f"praise:{complaint.pk}",
            created_by=user,
        )
    elif complaint.kind != complaint.Kind.COMPLAINT:
        return None
    elif complaint.outcome == complaint.Outcome.SUBSTANTIATED:
        live = _live_entries(complaint, Source.COMPLAINT).first()
        entry = live or entry_add(
            unit=complaint.unit,
            department=complaint.department,
            person=complaint.person,
            points=NOMINAL_DEDUCTION,
            source=Source.COMPLAINT,
            reason=_("Substantiated complaint: %(text)s") % {"text": complaint.content[:80]},
            occurred_on=day,
            record=complaint,
            source_label=label,
            key=f"complaint:{complaint.pk}:{complaint.reopen_count}",
            created_by=user,
        )
    else:
        for live in _live_entries(complaint, Source.COMPLAINT):
            entry_correct(entry=live, reason=_("Complaint not substantiated on re-check."), by=user, on=day)
        return None
    return entry


def survey_alert_raised(*, alert) -> LedgerEntry:
    """A department-month below the satisfaction line deducts from the department, in that month."""
    params = {"index": alert.index, "threshold": alert.threshold, "month": f"{alert.month:%Y-%m}"}
    entry = entry_add(
        unit=alert.department.unit,
        department=alert.department,
        points=NOMINAL_DEDUCTION,
        source=Source.SURVEY_ALERT,
        reason=_("Satisfaction index %(index)s in %(month)s, below the line %(threshold)s") % params,
        occurred_on=alert.month,
        record=alert,
        source_label=_("Satisfaction alert %(month)s") % params,
        key=f"survey-alert:{alert.pk}",
    )
    return entry


def task_periods(task, *, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The (start, last day) of each period of ``task`` that ended before ``today``: one period
    ending on the deadline for a one-off task; months, quarters, half-years or years from the
    campaign's start to the deadline for a recurring one."""
    if task.recurrence == "once" or task.recurrence not in PERIOD_MONTHS:
        start = task.campaign.starts_on
        return [(start, task.deadline)] if task.deadline < today else []
    step = PERIOD_MONTHS[task.recurrence]
    out, start = [], month_start(task.campaign.starts_on)
    end_of_all = min(task.deadline, task.campaign.ends_on)
    while start <= end_of_all:
        last = min(add_months(start, step) - datetime.timedelta(days=1), end_of_all)
        if last >= today:
            break
        out.append((start, last))
        start = add_months(start, step)
    return out


def task_periods_feed(*, today: datetime.date | None = None, unit_id: int | None = None) -> int:
    """动态考核 overdue periods: every period of a live task of an active campaign that ended
    before ``today`` with no accepted evidence dated in it (a one-off task: not accepted by its
    deadline) deducts from the task's department, in the period's last month. Key
    ``task:<id>:<YYYY-MM of the period's start>``. Returns the entries written."""
    from chuangwen.campaigns.models import Campaign, Task
    from chuangwen.evidence.models import Evidence

    today = today or timezone.localdate()
    tasks = (
        Task.objects.filter(archived_at__isnull=True, campaign__status=Campaign.Status.ACTIVE)
        .select_related("campaign", "unit", "department")
        .order_by("pk")
    )
    if unit_id is not None:
        tasks = tasks.filter(unit_id=unit_id)
    written, last_pk = 0, 0
    while batch := list(tasks.filter(pk__gt=last_pk)[:BATCH]):
        last_pk = batch[-1].pk
        accepted = defaultdict(list)
        for task_id, day in Evidence.objects.filter(
            task__in=batch, status=Evidence.Status.ACCEPTED, archived_at__isnull=True
        ).values_list("task_id", "occurred_on"):
            accepted[task_id].append(day)
        due = []
        for task in batch:
            for start, last in task_periods(task, today=today):
                if task.recurrence == "once" or task.recurrence not in PERIOD_MONTHS:
                    missed = task.status != Task.Status.ACCEPTED
                else:
                    missed = not any(start <= d <= last for d in accepted[task.pk])
                if missed:
                    due.append((task, start, last, f"task:{task.pk}:{start:%Y-%m}"))
        known = set(LedgerEntry.objects.filter(key__in=[k for *_r, k in due]).values_list("key", flat=True))
        for task, start, last, key in due:
            if key in known:
                continue
            params = {"task": str(task)[:60], "start": start.isoformat(), "end": last.isoformat()}
            entry_add(
                unit=task.unit,
                campaign=task.campaign,
                department=task.department,
                points=NOMINAL_DEDUCTION,
                source=Source.TASK_PERIOD,
                reason=_("No accepted work for “%(task)s” from %(start)s to %(end)s") % params,
                occurred_on=last,
                record=task,
                source_label=_("Task %(task)s") % {"task": task.code or task.pk},
                key=key,
            )
            written += 1
    return written
