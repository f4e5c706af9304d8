"""Task reminders through the escalation engine (the default rules due3, overdue, overdue7): due
soon, overdue, escalation after 7 days, idempotent, e-mailed when possible."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from chuangwen.core.roles import Role
from chuangwen.dashboard.models import Notification
from chuangwen.escalation.tasks import escalate_daily
from tests import factories as f


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def rem(world):
    """A's campaign with a task per case; the person of the first ones is world.staff (a_p1)."""
    w = world
    w.today = date(2026, 6, 15)
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=1)
    w.camp = f.campaign(w.a, std)
    d = w.today
    w.due_soon = f.task(w.camp, w.a_med, title="制定创建方案", deadline=d + timedelta(days=3), person=w.a_p1)
    w.due_later = f.task(w.camp, w.a_med, title="年底总结", deadline=d + timedelta(days=4), person=w.a_p1)
    w.late = f.task(w.camp, w.a_med, title="每月两次政治学习", deadline=d - timedelta(days=2), person=w.a_p1)
    w.very_late = f.task(w.camp, w.a_med, title="每季满意度调查", deadline=d - timedelta(days=7), person=w.a_p1)
    w.no_person = f.task(w.camp, w.a_surg, title="设置文明宣传栏", deadline=d - timedelta(days=1))
    w.done = f.task(w.camp, w.a_med, title="已验收", deadline=d - timedelta(days=9), status="accepted", person=w.a_p1)
    w.gone = f.task(w.camp, w.a_med, title="已归档", deadline=d - timedelta(days=9), person=w.a_p1)
    w.gone.archive(by=w.office)
    w.surg_head = f.user("surg_head", email="surg@example.com")
    f.member(w.surg_head, Role.DEPT_HEAD, department=w.a_surg)
    w.staff.email = "staff@example.com"
    w.staff.save()
    closed = f.campaign(w.b, std, status="closed")
    f.task(closed, w.b_med, deadline=d - timedelta(days=30))
    return w


def keys():
    return set(Notification.objects.values_list("dedupe_key", flat=True))


def run(today):
    # The run's commit enqueues the e-mail job (inside the test's transaction: on the captured commit).
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = escalate_daily.enqueue(today=today.isoformat())
    assert result.status == "SUCCESSFUL", result.errors
    return result.return_value


def test_due_soon_overdue_and_escalation(rem):
    counts = run(rem.today)
    staff, head, office = rem.staff.pk, rem.surg_head.pk, rem.office.pk
    assert keys() == {
        f"task:{rem.due_soon.pk}:due3:{staff}",
        f"task:{rem.late.pk}:overdue:{staff}",
        f"task:{rem.very_late.pk}:overdue:{staff}",
        f"task:{rem.very_late.pk}:overdue7:{office}",
        # No responsible person: the department's head gets it.
        f"task:{rem.no_person.pk}:overdue:{head}",
    }
    assert counts["task"] == {"due3": 1, "overdue": 3, "overdue7": 1}
    assert (counts["created"], counts["emailed"], counts["raised"]) == (5, 4, 0)
    n = Notification.objects.get(dedupe_key=f"task:{rem.very_late.pk}:overdue7:{office}")
    assert n.kind == "task_escalated" and n.user == rem.office and "每季满意度调查" in n.body
    assert Notification.objects.get(dedupe_key__startswith=f"task:{rem.due_soon.pk}:").kind == "task_due_soon"


def test_a_second_run_sends_nothing_new(rem):
    run(rem.today)
    outbox = len(mail.outbox)
    counts = run(rem.today)
    assert counts["created"] == 0 and counts["emailed"] == 0
    assert Notification.objects.count() == 5
    assert len(mail.outbox) == outbox


def test_next_day_adds_only_what_became_due(rem):
    run(rem.today)
    run(rem.today + timedelta(days=1))
    new = keys()
    assert f"task:{rem.due_later.pk}:due3:{rem.staff.pk}" in new
    assert f"task:{rem.late.pk}:overdue7:{rem.office.pk}" not in new  # 3 days late only
    assert Notification.objects.count() == 6


def test_e_mail_goes_to_users_with_an_address(rem):
    run(rem.today)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["staff@example.com"] * 3 + ["surg@example.com"]
    assert Notification.objects.filter(user=rem.office).get().emailed_at is None  # office has no e-mail
    assert Notification.objects.filter(user=rem.staff, emailed_at__isnull=False).count() == 3


def test_management_command_enqueues_the_job(rem, capsys):
    call_command("escalate", "--date", rem.today.isoformat())
    assert Notification.objects.count() == 5
    assert "已逾期 3" in capsys.readouterr().out


def test_management_command_rejects_a_bad_date(rem):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式错误"):
        call_command("escalate", "--date", "2026-13-01")
