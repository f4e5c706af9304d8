"""The office's robot pages (secrets never shown back, addresses checked, the failures list),
everyone's notification settings honoured in-app and by the e-mail job, and the API."""

from django.core import mail

from chuangwen.dashboard.models import Notification
from chuangwen.dashboard.services import NotificationDraft, notifications_send
from chuangwen.robots import kinds
from chuangwen.robots.models import Delivery, Preference, Robot
from tests.robots import factories as rf

from .conftest import SECRET


def test_the_office_adds_a_signed_dingtalk_robot_and_never_sees_the_secret_again(world, login, standin):
    client = login(world.office)
    assert client.get("/robots/new/").status_code == 200
    body = {
        "name": "内科钉钉群",
        "department": world.a_med.pk,
        "provider": "dingtalk",
        "webhook_url": standin.dingtalk_url("ding-med"),
        "secret": SECRET,
        "kinds": ["task_assigned", "finding_ordered"],
        "is_active": "on",
    }
    response = client.post("/robots/new/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    robot = Robot.objects.get()
    assert robot.secret == SECRET and robot.kinds == ["task_assigned", "finding_ordered"]
    for url in ("/robots/", f"/robots/{robot.pk}/edit/"):
        text = client.get(url).content.decode()
        assert SECRET not in text and "ding-med" not in text, url
    # saving the form again with both left empty keeps them
    body.update(webhook_url="", secret="", name="内科群")
    assert client.post(f"/robots/{robot.pk}/edit/", body).status_code == 302
    robot.refresh_from_db()
    assert robot.secret == SECRET and "ding-med" in robot.webhook_url and robot.name == "内科群"
    assert not hasattr(robot.history.model, "secret")  # the history keeps no secret


def test_an_internal_address_is_refused_with_a_message_naming_the_field(world, login):
    response = login(world.office).post(
        "/robots/new/",
        {"name": "群", "provider": "wecom", "webhook_url": "http://10.0.0.8/cgi-bin/webhook/send?key=1"},
    )
    assert response.status_code == 200 and not Robot.objects.exists()
    assert "Webhook 地址" in response.content.decode() or "webhook" in response.content.decode().lower()


def test_the_test_button_sends_to_the_standin(world, login, robots, standin):
    response = login(world.office).post(f"/robots/{robots[1].pk}/test/", follow=True)
    assert response.status_code == 200
    assert [r.signed for r in standin.requests] == [True]
    assert Delivery.objects.get().status == "sent"


def test_robot_pages_are_the_offices(world, login, robots):
    for user in (world.staff, world.head, world.inspector):
        client = login(user)
        assert client.get("/robots/").status_code == 403
        assert client.get("/robots/deliveries/").status_code == 403
        assert client.get(f"/robots/{robots[0].pk}/edit/").status_code in (403, 404)
    other = rf.robot(world.b)
    assert login(world.office).get(f"/robots/{other.pk}/edit/").status_code == 404


def test_the_lists_have_a_fixed_number_of_queries(world, login, robots, django_assert_max_num_queries):
    for r in robots:
        for status in ("sent", "failed", "retrying"):
            rf.delivery(r, status=status, last_error="HTTP 500" if status != "sent" else "")
    client = login(world.office)
    client.get("/robots/")
    with django_assert_max_num_queries(12):
        assert client.get("/robots/").status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get("/robots/deliveries/?status=failed")
    assert page.content.decode().count('data-testid="delivery-error"') == 2


def test_a_failed_message_is_sent_again_by_the_office(
    world, login, robots, standin, django_capture_on_commit_callbacks
):
    d = rf.delivery(robots[0], status="failed", attempts=6, payload={"msgtype": "text", "text": {"content": "x"}})
    with django_capture_on_commit_callbacks(execute=True):
        login(world.office).post(f"/robots/deliveries/{d.pk}/retry/")
    d.refresh_from_db()
    assert d.status == "sent" and d.attempts == 1


def test_settings_turn_a_kind_off_in_app_and_by_email(world, login, django_capture_on_commit_callbacks):
    world.staff.email = "staff@example.cn"
    world.staff.save()
    client = login(world.staff)
    assert client.get("/robots/settings/").status_code == 200
    in_app = [k for k in kinds.CODES if k != "task_overdue"]
    email = [k for k in kinds.CODES if k != "complaint_escalated"]
    response = client.post("/robots/settings/", {"in_app": in_app, "email": email})
    assert response.status_code == 302
    assert Preference.objects.filter(user=world.staff, in_app=False, kind="task_overdue").exists()
    drafts = [
        NotificationDraft(world.staff.pk, "task_assigned", "新任务", dedupe_key="t1"),
        NotificationDraft(world.staff.pk, "task_overdue", "任务逾期", dedupe_key="t2"),
        NotificationDraft(world.staff.pk, "complaint_escalated", "投诉督办", dedupe_key="t3"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send(drafts=drafts)
    unread = set(Notification.objects.filter(read_at__isnull=True).values_list("kind", flat=True))
    assert unread == {"task_assigned", "complaint_escalated"}  # task_overdue stored read
    assert sorted(m.subject for m in mail.outbox) == ["任务逾期", "新任务"]  # complaint_escalated: e-mail off
    page = client.get("/robots/settings/").content.decode()
    assert 'value="complaint_escalated"' in page


def test_the_api_creates_and_changes_robots_and_lists_deliveries(world, call, standin):
    body = {
        "name": "内科群",
        "department": world.a_med.pk,
        "provider": "dingtalk",
        "webhook_url": standin.dingtalk_url("t9"),
        "secret": SECRET,
    }
    created = call(world.office, "post", "/api/robots/robots", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["signed"] is True and "t9" not in created.content.decode() and SECRET not in created.content.decode()
    assert data["kinds"] == ["task_assigned", "finding_ordered", "complaint_escalated"]
    bad = call(
        world.office, "post", "/api/robots/robots", {**body, "webhook_url": "http://10.1.1.1/robot/send?access_token=1"}
    )
    assert bad.status_code == 422 and "webhook_url" in bad.content.decode()
    rid = data["id"]
    changed = call(world.office, "patch", f"/api/robots/robots/{rid}", {"is_active": True, "secret": ""})
    assert changed.status_code == 200 and changed.json()["signed"] is False and changed.json()["is_active"] is True
    assert call(world.staff, "patch", f"/api/robots/robots/{rid}", {"is_active": False}).status_code in (403, 404)
    other = rf.robot(world.b)
    assert call(world.office, "get", f"/api/robots/robots/{other.pk}").status_code == 404
    rf.delivery(Robot.objects.get(pk=rid), status="failed", last_error="HTTP 500")
    listed = call(world.office, "get", "/api/robots/deliveries?status=failed").json()
    assert [d["last_error"] for d in listed["items"]] == ["HTTP 500"]
    assert call(world.staff, "get", "/api/robots/deliveries").json()["items"] == []
