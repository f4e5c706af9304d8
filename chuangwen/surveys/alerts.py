"""满意度预警: a unit's alert settings, and the alert a department raises once in a month when its
index falls below the unit's threshold with enough responses.

The background job counting new responses (``tasks.fold_counts``) asks ``alert_checks_due``
which department-months it has just counted low; ``tasks.check_department_alert`` then runs
``alert_raise`` for each."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role
from chuangwen.dashboard.services import NotificationDraft, notifications_send
from chuangwen.org.models import Department, Membership, Unit

from . import selectors
from .models import SatisfactionAlert, SatisfactionSettings, index_from

ALERT_CHECK_EVERY = 300


def settings_for(unit_id: int) -> tuple[int, int]:
    """(alert threshold, minimum responses) of a unit, cached for a minute."""
    key = f"surveys:settings:{unit_id}"
    found = cache.get(key)
    if found is None:
        row = SatisfactionSettings.objects.filter(unit_id=unit_id).values_list("alert_threshold", "min_responses")
        found = row.first() or (
            SatisfactionSettings.alert_threshold.field.default,
            SatisfactionSettings.min_responses.field.default,
        )
        cache.set(key, found, 60)
    return tuple(found)


@transaction.atomic
def settings_update(*, unit: Unit, alert_threshold: int, min_responses: int, user) -> SatisfactionSettings:
    """Set a unit's alert threshold and minimum responses (with history)."""
    obj = SatisfactionSettings.objects.filter(unit=unit).first() or SatisfactionSettings(unit=unit)
    obj.alert_threshold = alert_threshold
    obj.min_responses = min_responses
    obj.full_clean()
    obj._history_user = user
    obj.save()
    cache.delete(f"surveys:settings:{unit.pk}")
    return obj


def alert_checks_due(rows: list[tuple]) -> list[tuple[int, date]]:
    """Of the department-month rows just counted (unit, department, month, responses, index sum,
    index count), the (department, month) pairs whose whole month should be checked for an
    alert: a template already below the unit's threshold, no alert raised yet, and no check in
    the last few minutes (a low department keeps receiving answers until the job has run). One
    query for however many rows."""
    candidates = set()
    for unit_id, department_id, month, responses, total, count in rows:
        if isinstance(month, str):  # SQLite's RETURNING gives the text
            month = date.fromisoformat(month)
        threshold, min_responses = settings_for(unit_id)
        index = index_from(total, count)
        if index is None or index >= threshold or responses < min_responses:
            continue
        if cache.add(f"surveys:alert-check:{department_id}:{month.isoformat()}", 1, ALERT_CHECK_EVERY):
            candidates.add((department_id, month))
    if not candidates:
        return []
    raised = set(
        SatisfactionAlert.objects.filter(
            department_id__in={d for d, _m in candidates}, month__in={m for _d, m in candidates}
        ).values_list("department_id", "month")
    )
    return sorted(candidates - raised)


def alert_raise(*, department: Department, month: date) -> SatisfactionAlert | None:
    """Raise the alert of a department-month when its index (over every template, as counted
    so far) is below the unit's threshold with enough responses; notify the department heads
    and the office. Once per department and month: a second call returns None."""
    threshold, min_responses = settings_for(department.unit_id)
    stats = selectors.department_month_index(department_id=department.pk, month=month)
    if stats.index is None or stats.index >= threshold or stats.responses < min_responses:
        return None
    with transaction.atomic():
        alert, created = SatisfactionAlert.objects.get_or_create(
            department=department,
            month=month,
            defaults={
                "unit_id": department.unit_id,
                "index": stats.index,
                "threshold": threshold,
                "responses": stats.responses,
            },
        )
        if created:
            # 量化考核: the department-month below the line is a deduction in the ledger.
            from chuangwen.scoring.department_feeders import survey_alert_raised

            survey_alert_raised(alert=alert)
    if not created:
        return None
    _notify(alert, department)
    return alert


def _notify(alert: SatisfactionAlert, department: Department) -> None:
    users = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(role=Role.DEPT_HEAD, department_id=department.pk) | Q(role=Role.OFFICE, unit_id=department.unit_id))
        .values_list("user_id", flat=True)
        .distinct()
    )
    params = {
        "department": department.name,
        "month": f"{alert.month:%Y-%m}",
        "index": alert.index,
        "threshold": alert.threshold,
    }
    title = _("Low patient satisfaction: %(department)s") % params
    body = (
        _("The satisfaction index of %(department)s in %(month)s is %(index)s, below the threshold %(threshold)s.")
        % params
    )
    url = reverse("surveys:dashboard") + f"?month={alert.month:%Y-%m}"
    notifications_send(
        drafts=[
            NotificationDraft(uid, "satisfaction_low", title, body, url, f"survey-alert:{alert.pk}:{uid}")
            for uid in sorted(set(users))
        ]
    )


@transaction.atomic
def alert_acknowledge(*, alert: SatisfactionAlert, user) -> SatisfactionAlert:
    """Mark an alert as seen by ``user`` (once; with history)."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = user
        alert._history_user = user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert
