"""The feeders of 量化考核 through the apps' own paths: a satisfaction alert raised by the
surveys app, one-off and quarterly tasks past their periods, a praise letter; each writes its
entry once."""

from datetime import date

import pytest

from chuangwen.campaigns.models import Task
from chuangwen.evidence.models import Evidence
from chuangwen.scoring.department_feeders import task_periods, task_periods_feed
from chuangwen.scoring.models import LedgerEntry, Source
from chuangwen.surveys.alerts import alert_raise
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_satisfaction_alert_deducts_in_its_month(world):
    f.department_month(department_=world.a_med, month=date(2026, 3, 1), responses=40, index_sum=120, index_count=40)
    alert = alert_raise(department=world.a_med, month=date(2026, 3, 1))
    assert alert is not None
    entry = LedgerEntry.objects.get(source=Source.SURVEY_ALERT)
    assert (entry.department_id, entry.period, entry.points, entry.key) == (
        world.a_med.pk,
        date(2026, 3, 1),
        -1,
        f"survey-alert:{alert.pk}",
    )
    assert alert_raise(department=world.a_med, month=date(2026, 3, 1)) is None
    assert LedgerEntry.objects.count() == 1


def test_task_periods_one_off_and_quarterly(world):
    campaign = f.campaign(world.a, f.standard(world.bureau))  # 2026-02-01 .. 2026-11-30
    once = f.task(campaign, world.a_med, deadline=date(2026, 4, 30))
    quarterly = f.task(campaign, world.a_surg, recurrence=Task.Recurrence.QUARTERLY, deadline=date(2026, 11, 30))
    assert task_periods(quarterly, today=date(2026, 8, 1)) == [
        (date(2026, 2, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 7, 31)),
    ]
    f.evidence(quarterly, status=Evidence.Status.ACCEPTED, occurred_on=date(2026, 6, 10))  # May–Jul done
    f.evidence(quarterly, status=Evidence.Status.SUBMITTED, occurred_on=date(2026, 3, 10))  # not accepted
    assert task_periods_feed(today=date(2026, 8, 1)) == 2  # the one-off task and Feb–Apr
    keys = set(LedgerEntry.objects.values_list("key", flat=True))
    assert keys == {f"task:{once.pk}:2026-02", f"task:{quarterly.pk}:2026-02"}
    entry = LedgerEntry.objects.get(key=f"task:{once.pk}:2026-02")
    assert (entry.department_id, entry.occurred_on, entry.period) == (
        world.a_med.pk,
        date(2026, 4, 30),
        date(2026, 4, 1),
    )
    Task.objects.filter(pk=once.pk).update(status=Task.Status.ACCEPTED)
    assert task_periods_feed(today=date(2026, 8, 1)) == 0


def test_the_daily_command_feeds_task_periods_and_scores_the_months(world):
    import io

    from django.core.management import call_command

    from chuangwen.scoring.models import DepartmentScore
    from chuangwen.scoring.services import departments as department_services

    department_services.scheme_default(unit=world.a, user=world.office)
    campaign = f.campaign(world.a, f.standard(world.bureau))
    f.task(campaign, world.a_med, recurrence=Task.Recurrence.MONTHLY, deadline=date(2026, 11, 30))
    out = io.StringIO()
    call_command("department_scores", "--now", "--date", "2026-04-02", stdout=out)
    assert "逾期任务周期 2 条" in out.getvalue()
    assert LedgerEntry.objects.filter(source=Source.TASK_PERIOD).count() == 2
    scores = dict(DepartmentScore.objects.filter(department=world.a_med).values_list("month", "score"))
    assert scores == {date(2026, 3, 1): 98, date(2026, 4, 1): 100}
    call_command("department_scores", "--date", "2026-04-02", stdout=io.StringIO())  # queued, idempotent
    assert LedgerEntry.objects.filter(source=Source.TASK_PERIOD).count() == 2
