"""Hospital A's users can neither list, read, change nor export hospital B's complaints, by page
or API; the bureau sees its region's (read only); the handler gets in through the assignment."""

import pytest
from django.urls import reverse

from chuangwen.feedback import services
from chuangwen.feedback.models import Complaint
from tests import factories as f

A_ROLES = ["office", "head", "staff", "inspector", "secretary"]
ACTIONS = [
    ("feedback:complaint_assign", {"handler": "1"}),
    ("feedback:complaint_record", {"text": "改"}),
    ("feedback:complaint_reply", {"reply_text": "改", "channel": "phone"}),
    ("feedback:complaint_close", {"satisfaction": "satisfied"}),
    ("feedback:complaint_satisfaction", {"satisfaction": "satisfied"}),
    ("feedback:complaint_reopen", {"reason": "改"}),
    ("feedback:complaint_archive", {}),
]
API_ACTIONS = [
    ("assign", {"handler": 1}),
    ("records", {"text": "改"}),
    ("reply", {"text": "改", "channel": "phone"}),
    ("close", {}),
    ("reopen", {"reason": "改"}),
    ("satisfaction", {"satisfaction": "satisfied"}),
    ("archive", None),
]


def _unchanged(c):
    before = (c.status, c.archived_at, c.records.count())
    c.refresh_from_db()
    return (c.status, c.archived_at, c.records.count()) == before


@pytest.mark.parametrize("role", A_ROLES)
def test_lists_and_export_hide_hospital_b(world, login, b_complaint, role):
    client = login(getattr(world, role))
    for name in ("feedback:complaint_list", "feedback:complaint_archive_list"):
        assert b_complaint not in client.get(reverse(name)).context["object_list"]
    export = client.get(reverse("feedback:complaint_export"))
    assert export.status_code == 200 and "王五".encode() not in export.content
    assert b_complaint.reference.encode() not in export.content


@pytest.mark.parametrize("role", A_ROLES)
def test_detail_and_actions_of_hospital_b_are_not_found(world, login, b_complaint, role):
    client = login(getattr(world, role))
    assert client.get(reverse("feedback:complaint_detail", args=[b_complaint.pk])).status_code == 404
    for name, data in ACTIONS:
        assert client.post(reverse(name, args=[b_complaint.pk]), data).status_code == 404, name
    assert _unchanged(b_complaint)


@pytest.mark.parametrize("role", A_ROLES)
def test_api_hides_hospital_b(world, call, b_complaint, role):
    user = getattr(world, role)
    listed = call(user, "get", "/api/feedback/complaints").json()["items"]
    assert b_complaint.pk not in [c["id"] for c in listed]
    assert call(user, "get", f"/api/feedback/complaints/{b_complaint.pk}").status_code == 404
    for action, body in API_ACTIONS:
        resp = call(user, "post", f"/api/feedback/complaints/{b_complaint.pk}/{action}", body)
        assert resp.status_code == 404, action
    assert _unchanged(b_complaint)


def test_office_cannot_file_an_intake_in_hospital_b(world, call):
    body = {"unit": world.b.pk, "channel": "phone", "category": "other", "content": "x"}
    assert call(world.office, "post", "/api/feedback/complaints", body).status_code == 422
    assert not Complaint.objects.exists()


def test_bureau_sees_its_region_read_only(world, login, call, make, b_complaint):
    a = make()
    c = make(unit=world.c, department=world.c_med)
    listed = set(login(world.supervisor).get(reverse("feedback:complaint_list")).context["object_list"])
    assert {a, b_complaint} <= listed and c not in listed
    client = login(world.supervisor)
    assert client.get(reverse("feedback:complaint_detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("feedback:complaint_detail", args=[c.pk])).status_code == 404
    assert client.post(reverse("feedback:complaint_archive", args=[a.pk])).status_code == 403
    assert call(world.supervisor, "post", f"/api/feedback/complaints/{a.pk}/archive").status_code == 403
    assert _unchanged(a)


def test_supervisor_of_another_county_sees_nothing(world, login, make):
    other = f.user("other_supervisor")
    f.member(other, "supervisor", region=world.county_y)
    a = make()
    assert login(other).get(reverse("feedback:complaint_detail", args=[a.pk])).status_code == 404


def test_staff_see_only_what_they_handle(world, login, make):
    mine, other = make(), make(content="放射科检查排队时间长")
    client = login(world.staff)
    assert list(client.get(reverse("feedback:complaint_list")).context["object_list"]) == []
    services.complaint_assign(complaint=mine, handler=world.staff, user=world.office)
    assert list(client.get(reverse("feedback:complaint_list")).context["object_list"]) == [mine]
    assert client.get(reverse("feedback:complaint_detail", args=[other.pk])).status_code == 404
    resp = client.post(reverse("feedback:complaint_record", args=[mine.pk]), {"text": "已电话联系患者家属"})
    assert resp.status_code == 302 and mine.records.filter(action="note").exists()


def test_department_head_sees_own_department_only_and_cannot_act(world, login, make):
    med = make(department=world.a_med)
    surg = make(department=world.a_surg, content="外科病房夜间嘈杂")
    client = login(world.head)
    listed = list(client.get(reverse("feedback:complaint_list")).context["object_list"])
    assert listed == [med]
    assert client.get(reverse("feedback:complaint_detail", args=[surg.pk])).status_code == 404
    assert client.post(reverse("feedback:complaint_reply", args=[med.pk]), {"reply_text": "x"}).status_code == 403
    assert client.post(reverse("feedback:complaint_assign", args=[med.pk]), {}).status_code == 403
