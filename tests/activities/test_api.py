"""The activities API: scoped like the pages, sign-in with the same checks."""

import pytest

from chuangwen.activities.models import Activity, Attendance
from chuangwen.activities.signin import step_now, token_for
from tests import factories as f


@pytest.fixture
def training(world):
    return f.activity(
        world.a_med, kind=f.shipped_kind("training"), title="急救技能培训", roster=[world.a_p1, world.a_p2]
    )


def test_kinds_are_the_shipped_ones_and_the_units_own(world, call):
    f.activity_kind(world.a, name="院内读书会")
    f.activity_kind(world.b, name="别院类型")
    names = {k["name"] for k in call(world.office, "get", "/api/activities/kinds").json()}
    assert {"政治学习", "培训", "演练", "义诊", "院内读书会"} <= names and "别院类型" not in names


def test_create_read_and_list(world, call):
    body = {
        "kind": f.shipped_kind("drill").pk,
        "title": "消防演练",
        "starts_at": "2026-12-10T15:00:00+08:00",
        "ends_at": "2026-12-10T16:00:00+08:00",
        "department": world.a_med.pk,
        "roster_departments": [world.a_med.pk],
        "people": [world.a_p2.pk],
    }
    created = call(world.office, "post", "/api/activities/activities", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["participation"]["expected"] == 2 and data["participation"]["required"] == 100
    assert call(world.office, "get", f"/api/activities/activities/{data['id']}").status_code == 200
    listed = call(world.office, "get", "/api/activities/activities").json()
    assert [a["title"] for a in listed["items"]] == ["消防演练"]


def test_a_department_of_another_hospital_is_not_found(world, call):
    body = {
        "kind": f.shipped_kind().pk,
        "title": "x",
        "starts_at": "2026-12-10T15:00:00+08:00",
        "ends_at": "2026-12-10T16:00:00+08:00",
        "department": world.b_med.pk,
    }
    response = call(world.office, "post", "/api/activities/activities", body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "department"
    assert not Activity.objects.exists()


def test_sign_in_by_api_and_its_refusals(world, call, training):
    ok = call(world.staff, "post", "/api/activities/signin", {"token": token_for(training.pk)})
    assert ok.status_code == 201 and ok.json()["status"] == "present"
    again = call(world.staff, "post", "/api/activities/signin", {"token": token_for(training.pk)})
    assert again.status_code == 409 and "已于" in again.json()["message"]
    old = call(world.staff, "post", "/api/activities/signin", {"token": token_for(training.pk, step_now() - 2)})
    assert old.status_code == 409 and "过期" in old.json()["message"]
    assert Attendance.objects.count() == 1


def test_staff_see_their_own_attendance_and_may_not_mark_leave(world, call, training):
    f.attendance(training, world.a_p1)
    f.attendance(training, world.a_p2)
    rows = call(world.staff, "get", f"/api/activities/activities/{training.pk}/attendance").json()
    assert [r["person_id"] for r in rows] == [world.a_p1.pk]
    leave = call(
        world.staff,
        "post",
        f"/api/activities/activities/{training.pk}/leave",
        {"person": world.a_p2.pk, "reason": "病假"},
    )
    assert leave.status_code == 403


def test_the_sheet_by_api_is_checked_whole(world, call, training):
    bad = call(world.office, "post", f"/api/activities/activities/{training.pk}/sheet", {"text": "李娜\n无此人"})
    assert bad.status_code == 422 and "无此人" in bad.content.decode()
    assert not Attendance.objects.exists()
    good = call(
        world.office, "post", f"/api/activities/activities/{training.pk}/sheet", {"text": "李娜\n王强 请假 进修"}
    )
    assert good.json() == {"added": 2, "skipped": []}


def test_notes_by_api(world, call, training):
    study = f.activity(world.a_med, title="政治学习", roster=[world.a_p1])
    saved = call(world.staff, "post", f"/api/activities/activities/{study.pk}/note", {"text": "学习心得体会"})
    assert saved.status_code == 200 and saved.json()["word_count"] == 6
    not_study = call(world.staff, "post", f"/api/activities/activities/{training.pk}/note", {"text": "笔记"})
    assert not_study.status_code == 422
    assert len(call(world.staff, "get", "/api/activities/notes").json()["items"]) == 1
