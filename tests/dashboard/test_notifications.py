"""Notifications: only mine are listed; marking another user's notification read is 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.dashboard.models import Notification


@pytest.fixture
def notes(world):
    mine = [
        Notification.objects.create(user=world.head, kind="task_due_soon", title=f"任务即将到期 {i}", url="/")
        for i in range(3)
    ]
    other = Notification.objects.create(user=world.office, kind="task_overdue", title="别人的消息")
    return mine, other


def test_page_lists_only_my_notifications(world, notes, login):
    mine, other = notes
    html = login(world.head).get(reverse("dashboard:notifications")).content.decode()
    assert html.count('data-testid="notification"') == 3
    assert "别人的消息" not in html


def test_mark_read_and_unread_filter(world, notes, login):
    mine, _ = notes
    client = login(world.head)
    r = client.post(reverse("dashboard:notification_read", args=[mine[0].pk]))
    assert r.status_code == 302
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    html = client.get(reverse("dashboard:notifications") + "?unread=1").content.decode()
    assert html.count('data-testid="notification"') == 2


def test_htmx_mark_read_returns_the_row(world, notes, login):
    mine, _ = notes
    r = login(world.head).post(reverse("dashboard:notification_read", args=[mine[1].pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and f'id="notification-{mine[1].pk}"' in r.content.decode()
    assert 'data-testid="mark-read"' not in r.content.decode()


def test_another_users_notification_is_404(world, notes, login):
    _, other = notes
    client = login(world.head)
    assert client.post(reverse("dashboard:notification_read", args=[other.pk])).status_code == 404
    assert client.get(reverse("dashboard:notification_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_touches_only_mine(world, notes, login):
    _, other = notes
    login(world.head).post(reverse("dashboard:notifications_read_all"))
    assert not Notification.objects.filter(user=world.head, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_open_marks_read_and_follows_only_local_links(world, notes, login):
    mine, _ = notes
    client = login(world.head)
    r = client.get(reverse("dashboard:notification_open", args=[mine[2].pk]))
    assert r.status_code == 302 and r["Location"] == "/"
    evil = Notification.objects.create(user=world.head, kind="x", title="外链", url="https://evil.example/")
    r = client.get(reverse("dashboard:notification_open", args=[evil.pk]))
    assert r["Location"] == reverse("dashboard:notifications")


def test_badge_counts_my_unread(world, notes, login):
    r = login(world.head).get(reverse("dashboard:notification_badge"))
    assert 'data-testid="unread-count">3' in r.content.decode()
    r = login(world.office).get(reverse("dashboard:notification_badge"))
    assert 'data-testid="unread-count">1' in r.content.decode()


def test_notifications_page_query_count_is_fixed(world, login):
    client = login(world.head)
    Notification.objects.create(user=world.head, kind="x", title="一")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dashboard:notifications"))
    Notification.objects.bulk_create([Notification(user=world.head, kind="x", title=str(i)) for i in range(20)])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard:notifications"))
    assert len(one.captured_queries) == len(many.captured_queries)
