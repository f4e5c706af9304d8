"""The dashboard API: progress (scoped like the page), the bureau table, my notifications."""

import pytest

from chuangwen.dashboard import progress
from chuangwen.dashboard.models import Notification


def test_campaign_progress_matches_the_selector(prog, call):
    r = call(prog.office, "get", f"/api/dashboard/campaigns/{prog.camp_a.pk}/progress")
    assert r.status_code == 200, r.content
    body = r.json()
    p = progress.campaign_progress(prog.camp_a, today=prog.today)
    assert body["overall"]["percent"] == p.overall.percent
    assert (body["overall"]["met"], body["overall"]["partial"], body["overall"]["unmet"]) == (4, 3, 5)
    assert body["tasks"] == {"total": 7, "accepted": 2, "submitted": 1, "overdue": 3, "completion": 28.6}
    assert [t["days_overdue"] for t in body["overdue_tasks"]] == [9, 3, 1]
    assert sum(len(i["items"]) for a in body["aspects"] for i in a["indicators"]) == len(prog.items)
    assert {d["name"]: d["overdue"] for d in body["departments"]} == {"内科": 2, "外科": 1}
    ready = body["readiness"]
    assert ready["score_percent"] == p.overall.percent and ready["pass_percent"] is None and ready["eligible"]


@pytest.mark.parametrize("role", ["office", "head", "staff", "inspector", "secretary", "nobody"])
def test_another_hospital_campaign_progress_is_404(prog, call, role):
    assert call(getattr(prog, role), "get", f"/api/dashboard/campaigns/{prog.camp_b.pk}/progress").status_code == 404


def test_bureau_table_is_the_region_and_403_for_hospital_users(prog, call):
    r = call(prog.supervisor, "get", "/api/dashboard/bureau?sort=-score")
    assert r.status_code == 200
    rows = r.json()["items"]
    assert [row["unit_id"] for row in rows] == [prog.b.pk, prog.a.pk]
    assert rows[0]["score_pct"] == 100.0 and rows[1]["tasks_overdue"] == 3
    assert call(prog.office, "get", "/api/dashboard/bureau").status_code == 403
    # A region outside the supervisor's is not found, never widened.
    assert call(prog.supervisor, "get", f"/api/dashboard/bureau?region={prog.county_y.pk}").status_code == 404


def test_notifications_are_mine_and_others_are_404(world, call):
    mine = Notification.objects.create(user=world.head, kind="task_overdue", title="任务已逾期")
    other = Notification.objects.create(user=world.office, kind="task_overdue", title="别人的")
    body = call(world.head, "get", "/api/dashboard/notifications?unread=true").json()
    assert [n["id"] for n in body["items"]] == [mine.pk]
    assert call(world.head, "post", f"/api/dashboard/notifications/{other.pk}/read").status_code == 404
    r = call(world.head, "post", f"/api/dashboard/notifications/{mine.pk}/read")
    assert r.status_code == 200 and r.json()["read_at"]
    assert call(world.head, "get", "/api/dashboard/notifications?unread=true").json()["count"] == 0
    assert call(world.office, "post", "/api/dashboard/notifications/read-all").json() == {"marked": 1}
