"""The one engine over every kind of record: the daily job twice notifies once, a dry run changes
and sends nothing, a failed batch leaves nothing half done, the command runs and reports."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from chuangwen.dashboard.models import Notification
from chuangwen.escalation import services as engine
from chuangwen.escalation.tasks import escalate_daily
from chuangwen.feedback.models import Complaint
from chuangwen.inspections.models import Finding
from chuangwen.inspections.services.findings import finding_dispatch, finding_record
from chuangwen.inspections.services.rounds import round_create
from tests import factories as f

from .conftest import TODAY


@pytest.fixture
def late(world, complaint):
    """One overdue record of every kind in hospital A: a task 8 days late, a finding of the
    bureau 12 days late, a complaint 6 days late."""
    w = world
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=1)
    w.task = f.task(f.campaign(w.a, std), w.a_med, deadline=TODAY - timedelta(days=8), person=w.a_p1)
    rnd = round_create(
        user=w.supervisor,
        owner_unit=w.bureau,
        kind="supervision",
        title="全县督查",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=5),
        target_units=[w.a],
        inspectors=[w.supervisor],
        free_checks=["医务人员佩戴工作牌"],
    )
    finding = finding_record(user=w.supervisor, unit=w.a, round=rnd, description="吸烟区标识缺失")
    finding = finding_dispatch(
        finding=finding, user=w.office, department=w.a_med, deadline=timezone.localdate() + timedelta(days=5)
    )
    Finding.objects.filter(pk=finding.pk).update(deadline=TODAY - timedelta(days=12))
    w.finding = finding
    w.complaint = complaint(6)
    return w


def levels(w):
    return (
        Finding.objects.get(pk=w.finding.pk).escalation_level,
        Complaint.objects.get(pk=w.complaint.pk).escalation_level,
    )


def test_the_daily_job_twice_notifies_once(late):
    first = escalate_daily.enqueue(today=TODAY.isoformat()).return_value
    assert first["task"] == {"due3": 0, "overdue": 1, "overdue7": 1}
    assert first["finding"] == {"esc1": 1, "esc2": 1, "esc3": 1}
    assert first["complaint"] == {"esc1": 1, "esc2": 1, "esc3": 1}
    assert first["raised"] == 2 and first["created"] == Notification.objects.count() > 0
    assert levels(late) == (3, 3)
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "task_overdue",
        "task_escalated",
        "finding_escalated_1",
        "finding_escalated_2",
        "finding_escalated_3",
        "complaint_escalated",
    }
    stored = Notification.objects.count()
    second = escalate_daily.enqueue(today=TODAY.isoformat()).return_value
    assert (second["raised"], second["created"], second["emailed"]) == (0, 0, 0)
    assert Notification.objects.count() == stored
    assert late.finding.events.filter(kind="escalated").count() == 1
    assert late.complaint.records.filter(action="escalated").count() == 1


def test_a_dry_run_changes_and_sends_nothing(late):
    counts = engine.escalation_run(today=TODAY, dry_run=True)
    assert counts["raised"] == 2 and counts["created"] > 0
    assert Notification.objects.count() == 0 and levels(late) == (0, 0)
    real = engine.escalation_run(today=TODAY, email=False)
    assert real["created"] == counts["created"]
    assert engine.escalation_run(today=TODAY, dry_run=True)["created"] == 0


def test_a_failed_batch_leaves_nothing_half_done(late, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("mail server gone")

    monkeypatch.setattr(engine, "notifications_send", broken)
    with pytest.raises(RuntimeError):
        engine.escalation_run(today=TODAY, subjects=["complaint"])
    assert levels(late) == (0, 0) and not late.complaint.records.filter(action="escalated").exists()


def test_the_command_reports_by_rule_name(late, capsys):
    call_command("escalate", "--date", TODAY.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "试运行" in out and "任务：即将到期 0，已逾期 1，逾期7天上报 1" in out
    assert "投诉：一级（处理人） 1，二级（创建办） 1，三级（主管部门） 1" in out
    assert Notification.objects.count() == 0
    call_command("escalate", "--date", TODAY.isoformat(), "--subject", "complaint", "--now")
    out = capsys.readouterr().out
    assert "督办完成" in out and "升级 1" in out and "任务" not in out
    assert levels(late) == (0, 3)
