"""Background jobs of the surveys app (django-tasks): counting responses into the monthly
aggregates, handing suggestions over, satisfaction alerts and rebuilding the aggregates.

* ``fold_counts`` adds the responses stored since its last run to the monthly aggregates,
  enqueues an alert check for each department-month it counted low, and hands the new
  suggestions over to the complaints app; a submission enqueues it at most every few seconds
  per app-server process (``services.store``).
* ``check_department_alert`` computes a department-month's index over every template and raises
  the alert (and its notifications) once per department and month.
* ``hand_over_suggestion`` passes one response's suggestion to the complaints app (kept for jobs
  queued before ``fold_counts`` took this over).
* ``check_alerts`` checks every department with responses in a month (``manage.py`` or a
  scheduler can run it daily as a safety net; it is idempotent).
* ``rebuild_aggregates`` recounts a template's aggregates from the raw responses, after a
  question's "counts in the index" changed.

Imports go one way: services → tasks → aggregates, alerts, hand_over → selectors → models."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from chuangwen.org.models import Department

from . import aggregates, alerts, hand_over
from .models import DepartmentMonth, Response, SurveyTemplate


def _check_low(rows: list[tuple]) -> None:
    """After a batch is counted (on its commit): a check of each department-month counted low."""
    for department_id, month in alerts.alert_checks_due(rows):
        transaction.on_commit(functools.partial(check_department_alert.enqueue, department_id, month.isoformat()))


@task()
def fold_counts() -> int:
    """Count the responses stored since the last run into the monthly aggregates and hand their
    suggestions over to the complaints app (skipping any another run holds); returns how many
    responses were counted."""
    with translation.override(settings.LANGUAGE_CODE):
        counted = aggregates.counts_fold(wait=False, after_batch=_check_low)
        hand_over.suggestions_hand_over()
    return counted


@task()
def check_department_alert(department_id: int, month: str) -> bool:
    """Raise the department-month's alert if it is due; True when one was raised now."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        return alerts.alert_raise(department=department, month=datetime.date.fromisoformat(month)) is not None


@task()
def hand_over_suggestion(response_id: int) -> bool:
    """The response's suggestion as a suggestion in the complaints app (once: a second run finds
    the first one's complaint); False when the response is gone."""
    response = Response.objects.select_related("department__unit").filter(pk=response_id).first()
    if response is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        hand_over.hand_over_suggestion(response)
    return True


@task()
def check_alerts(month: str | None = None) -> int:
    """Count what is pending, then check every department with responses in ``month``
    (YYYY-MM-DD, default this month)."""
    day = datetime.date.fromisoformat(month) if month else timezone.localdate().replace(day=1)
    aggregates.counts_fold()
    raised = 0
    ids = DepartmentMonth.objects.filter(month=day).values_list("department_id", flat=True).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        for department in Department.objects.filter(pk__in=list(ids)):
            raised += alerts.alert_raise(department=department, month=day) is not None
    return raised


@task()
def rebuild_aggregates(template_id: int) -> int:
    template = SurveyTemplate.objects.filter(pk=template_id).first()
    return aggregates.aggregates_rebuild(template=template) if template else 0
