"""Acceptance 5: a task assigned, a finding dispatched and a complaint escalated each reach the
department's 企业微信 and 钉钉 robots (the stand-in receives well-formed, signed messages naming
what happened, who must act, the deadline and a link); a failing webhook is retried and
reported. The head is told of a task in-app and by e-mail."""

from datetime import date, timedelta

from django.core import mail
from django.utils import timezone

from chuangwen.campaigns import services as campaigns
from chuangwen.dashboard.models import Notification
from chuangwen.escalation import services as engine
from chuangwen.feedback import services as feedback
from chuangwen.feedback.models import Complaint
from chuangwen.inspections.services.findings import finding_dispatch, finding_record
from chuangwen.robots import services, tasks
from chuangwen.robots.models import Delivery
from chuangwen.robots.standin import well_formed
from tests import factories as f

from .conftest import TODAY


def _texts(standin):
    out = {}
    for r in standin.requests:
        md = r.body["markdown"]
        out.setdefault(r.platform, []).append(md.get("text") or md.get("content"))
    return out


def _assert_reached_both(standin, *words):
    assert {r.platform for r in standin.requests} == {"wecom", "dingtalk"}
    for r in standin.requests:
        assert well_formed(r.platform, r.body), r.body
        assert r.answer == {"errcode": 0, "errmsg": "ok"}
        if r.platform == "dingtalk":
            assert r.signed is True and r.query["timestamp"] and r.query["sign"]
    for platform, texts in _texts(standin).items():
        assert len(texts) == 1, (platform, texts)
        for word in words:
            assert word in texts[0], (platform, word, texts[0])
    assert Delivery.objects.filter(status="sent").count() == 2


def _task(world, django_capture_on_commit_callbacks, **kw):
    std = f.standard(world.bureau, applies_to=world.county_x, aspects=1, indicators=1, items=1)
    camp = f.campaign(world.a, std)
    with django_capture_on_commit_callbacks(execute=True):
        return campaigns.task_create(
            campaign=camp,
            title="每月开展政治学习",
            department=world.a_med,
            person=world.a_p1,
            deadline=date(2026, 4, 30),
            user=world.office,
            **kw,
        )


def test_a_task_assigned_tells_the_head_and_person_and_reaches_both_robots(
    world, robots, standin, django_capture_on_commit_callbacks
):
    world.head.email, world.staff.email = "head@example.cn", "staff@example.cn"
    world.head.save()
    world.staff.save()
    world.head.display_name = "张主任"
    world.head.save()
    task = _task(world, django_capture_on_commit_callbacks)
    told = Notification.objects.filter(kind="task_assigned")
    assert set(told.values_list("user_id", flat=True)) == {world.head.pk, world.staff.pk}
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.cn", "staff@example.cn"]
    assert "每月开展政治学习" in mail.outbox[0].subject
    link = f"https://cw.example-hospital.cn/campaigns/tasks/{task.pk}/"
    _assert_reached_both(standin, "每月开展政治学习", "张主任", "2026-04-30", link)


def test_changing_the_deadline_tells_nobody_again_another_department_is_told(
    world, robots, standin, django_capture_on_commit_callbacks
):
    task = _task(world, django_capture_on_commit_callbacks)
    count = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.task_update(task=task, user=world.office, deadline=date(2026, 5, 31))
    assert Notification.objects.count() == count
    head_surg = f.user("head_surg")
    f.member(head_surg, "dept_head", department=world.a_surg)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.task_update(task=task, user=world.office, department=world.a_surg, person=None)
    assert Notification.objects.filter(user=head_surg, kind="task_assigned").count() == 1
    assert len(standin.requests) == 2  # 外科 has no robot: only 内科's two messages


def test_a_finding_dispatched_reaches_both_robots(world, robots, standin, django_capture_on_commit_callbacks):
    finding = finding_record(user=world.inspector, unit=world.a, description="吸烟区标识缺失")
    assert not standin.requests  # a new finding goes to the office, not to the department's groups
    with django_capture_on_commit_callbacks(execute=True):
        finding_dispatch(
            finding=finding,
            user=world.office,
            department=world.a_med,
            responsible_person=world.a_p1,
            deadline=timezone.localdate() + timedelta(days=7),
        )
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    _assert_reached_both(standin, "吸烟区标识缺失", deadline, f"/inspections/findings/{finding.pk}/")


def test_a_complaint_escalated_reaches_both_robots(world, robots, standin, django_capture_on_commit_callbacks):
    f.escalation_rule("complaint", "esc_test", days=1, level=2, notify_office=True, message="escalated")
    c = feedback.complaint_create(
        unit=world.a,
        user=world.office,
        channel="phone",
        category="attitude",
        content="门诊输液室护士态度生硬。",
        department=world.a_med,
    )
    Complaint.objects.filter(pk=c.pk).update(deadline=TODAY - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        engine.escalation_run(today=TODAY, subjects=["complaint"])
    assert Notification.objects.filter(kind="complaint_escalated").exists()
    kinds = {r.body["markdown"].get("title") or r.body["markdown"]["content"] for r in standin.requests}
    assert len(standin.requests) == 2, kinds
    _assert_reached_both(standin, c.reference, (TODAY - timedelta(days=3)).isoformat())


def test_a_failing_webhook_is_retried_with_backoff_and_reported(
    world, robots, standin, django_capture_on_commit_callbacks
):
    standin.fail_next(1, "http500")  # the first message (企业微信 or 钉钉) meets a busy server
    standin.fail_next(1, "errcode")  # the second is refused with an errcode
    _task(world, django_capture_on_commit_callbacks)
    failing = list(Delivery.objects.filter(status="retrying"))
    assert len(failing) == 2
    assert {d.last_error.split(" ")[0] for d in failing} == {"HTTP", "errcode"}
    assert all(d.attempts == 1 and d.next_try_at > timezone.now() for d in failing)
    # nothing is due yet; a minute later both go out
    assert tasks.retry_due()["sent"] == 0
    later = timezone.now() + timedelta(minutes=1, seconds=5)
    assert tasks.retry_due(now=later)["sent"] == 2
    assert Delivery.objects.filter(status="sent", attempts=2).count() == 2


def test_a_webhook_failing_every_time_ends_failed_and_shown_to_the_office(
    world, robots, standin, login, django_capture_on_commit_callbacks
):
    standin.fail_next(100)
    _task(world, django_capture_on_commit_callbacks)
    now = timezone.now()
    for step in services.BACKOFF:
        now += step + timedelta(seconds=1)
        tasks.retry_due(now=now)
    failed = Delivery.objects.filter(status="failed")
    assert failed.count() == 2 and {d.attempts for d in failed} == {services.MAX_ATTEMPTS}
    assert len(standin.requests) == 2 * services.MAX_ATTEMPTS
    page = login(world.office).get("/robots/deliveries/?status=failed")
    text = page.content.decode()
    assert page.status_code == 200 and "内科钉钉群" in text and "HTTP 500" in text


def test_a_wrong_secret_is_refused_by_the_standin_and_retried(
    world, robots, standin, django_capture_on_commit_callbacks
):
    ding = robots[1]
    services.robot_update(robot=ding, user=world.office, secret="SECwrong")
    _task(world, django_capture_on_commit_callbacks)
    refused = Delivery.objects.get(robot=ding)
    assert refused.status == "retrying" and "310000" in refused.last_error
    assert next(r for r in standin.requests if r.platform == "dingtalk").signed is False


def test_a_disabled_robot_or_a_kind_it_does_not_take_gets_nothing(
    world, robots, standin, django_capture_on_commit_callbacks
):
    wecom, ding = robots
    services.robot_update(robot=wecom, user=world.office, is_active=False)
    services.robot_update(robot=ding, user=world.office, kinds=["complaint_escalated"])
    _task(world, django_capture_on_commit_callbacks)
    assert not standin.requests and not Delivery.objects.exists()


def test_a_unit_robot_hears_every_department(world, standin, django_capture_on_commit_callbacks):
    services.robot_create(
        unit=world.a,
        user=world.office,
        name="创文办工作群",
        provider="wecom",
        webhook_url=standin.wecom_url("wx-unit"),
        is_active=True,
    )
    _task(world, django_capture_on_commit_callbacks)
    assert [r.query["key"] for r in standin.requests] == ["wx-unit"]


def test_many_tasks_at_once_make_one_digest_per_robot(world, robots, standin, django_capture_on_commit_callbacks):
    from chuangwen.campaigns.services import Assignment, task_assign_items_bulk

    std = f.standard(world.bureau, applies_to=world.county_x, aspects=1, indicators=2, items=3)
    camp = f.campaign(world.a, std)
    items = list(std.items.all())
    with django_capture_on_commit_callbacks(execute=True):
        tasks_ = task_assign_items_bulk(
            campaign=camp,
            assignments=[Assignment([i.pk for i in items], world.a_med, date(2026, 5, 31), world.a_p1)],
            user=world.office,
        )
    assert len(tasks_) == len(items) > 3
    assert Notification.objects.filter(kind="task_assigned", user=world.head).count() == len(items)
    assert len(standin.requests) == 2  # one digest to each robot, not one post per task
    for texts in _texts(standin).values():
        assert f"{len(items)}" in texts[0] and all(t.title in texts[0] for t in tasks_)
