from datetime import timedelta

import pytest
from django.utils import timezone

from chuangwen.campaigns.models import Campaign, Task
from tests import factories as f

from .conftest import item


@pytest.fixture
def tasks(world, camp, camp_b):
    later = timezone.localdate() + timedelta(days=30)
    return {
        "med": f.task(camp, world.a_med, title="内科政治学习", person=world.a_p1, deadline=later),
        "late": f.task(camp, world.a_med, title="内科逾期任务", deadline=timezone.localdate() - timedelta(days=3)),
        "surg": f.task(camp, world.a_surg, title="外科文明服务", deadline=later),
        "b": f.task(camp_b, world.b_med, title="中医院的任务", deadline=later),
    }


def _titles(resp):
    assert resp.status_code == 200, resp.content
    return {t["title"] for t in resp.json()["items"]}


def test_campaign_list_and_detail_are_scoped(world, call, api_base, camp, camp_b, tasks):
    ids = [c["id"] for c in call(world.office, "GET", f"{api_base}/campaigns").json()["items"]]
    assert ids == [camp.pk]
    detail = call(world.head, "GET", f"{api_base}/campaigns/{camp.pk}").json()
    assert [p["name"] for p in detail["phases"]] == ["宣传发动", "全面创建", "查漏补缺·迎检"]
    assert detail["task_counts"]["total"] == 3 and detail["task_counts"]["overdue"] == 1
    assert call(world.office, "GET", f"{api_base}/campaigns/{camp_b.pk}").status_code == 404


def test_campaign_create(world, call, api_base, std):
    body = {"unit": world.a.pk, "name": "2027年创建省级文明单位", "year": 2027, "target_level": "province",
            "standard": std.pk, "starts_on": "2027-02-01", "ends_on": "2027-09-30"}  # fmt: skip
    resp = call(world.office, "POST", f"{api_base}/campaigns", body)
    assert resp.status_code == 201, resp.content
    assert [p["ends_on"] for p in resp.json()["phases"]] == ["2027-04-30", "2027-07-31", "2027-09-30"]
    assert call(world.office, "POST", f"{api_base}/campaigns", body | {"unit": world.b.pk}).status_code == 422
    assert call(world.head, "POST", f"{api_base}/campaigns", body).status_code == 403
    bad = call(world.office, "POST", f"{api_base}/campaigns", body | {"ends_on": "2027-01-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_on"
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    "role,expected",
    [
        ("office", {"内科政治学习", "内科逾期任务", "外科文明服务"}),
        ("head", {"内科政治学习", "内科逾期任务"}),
        ("staff", {"内科政治学习"}),
        ("supervisor", {"内科政治学习", "内科逾期任务", "外科文明服务", "中医院的任务"}),
        ("nobody", set()),
    ],
)
def test_task_list_scope(world, call, api_base, tasks, role, expected):
    assert _titles(call(getattr(world, role), "GET", f"{api_base}/tasks")) == expected


def test_task_filters(world, call, api_base, tasks):
    assert _titles(call(world.office, "GET", f"{api_base}/tasks?overdue=true")) == {"内科逾期任务"}
    assert _titles(call(world.office, "GET", f"{api_base}/tasks?department={world.a_surg.pk}")) == {"外科文明服务"}
    assert _titles(call(world.office, "GET", f"{api_base}/tasks?q=政治")) == {"内科政治学习"}


def test_my_tasks(world, call, api_base, tasks):
    titles = [t["title"] for t in call(world.head, "GET", f"{api_base}/tasks/mine").json()["items"]]
    assert titles == ["内科逾期任务", "内科政治学习"]
    assert _titles(call(world.staff, "GET", f"{api_base}/tasks/mine")) == {"内科政治学习"}


def test_task_create_patch_archive(world, call, api_base, camp, std):
    body = {"campaign": camp.pk, "title": "开设道德讲堂", "department": world.a_med.pk, "deadline": "2026-06-30",
            "items": [item(std, "1.2.1").pk], "recurrence": "quarterly", "person": world.a_p1.pk}  # fmt: skip
    resp = call(world.office, "POST", f"{api_base}/tasks", body)
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert (
        data["code"] == "RW001" and data["item_codes"] == ["1.2.1"] and data["expected_occurrences"] == 2
    )  # Q1 and Q2
    pk = data["id"]
    resp = call(world.office, "PATCH", f"{api_base}/tasks/{pk}", {"title": "开设道德讲堂（每季一期）", "person": None})
    assert resp.status_code == 200 and resp.json()["person_id"] is None
    assert call(world.head, "PATCH", f"{api_base}/tasks/{pk}", {"title": "x"}).status_code == 403
    bad = call(world.office, "PATCH", f"{api_base}/tasks/{pk}", {"department": world.b_med.pk})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "department"
    assert call(world.office, "POST", f"{api_base}/tasks/{pk}/archive").json()["archived"] is True
    assert call(world.office, "GET", f"{api_base}/tasks/{pk}").status_code == 404
    task = Task.objects.get(pk=pk)
    assert task.is_archived and task.title == "开设道德讲堂（每季一期）"
    assert task.history.first().history_user == world.office


def test_task_create_refuses_foreign_items_and_campaigns(world, call, api_base, camp, camp_b):
    other = f.standard(world.a, name="另一标准")
    body = {"campaign": camp.pk, "title": "x", "department": world.a_med.pk, "deadline": "2026-06-30",
            "items": [other.items.first().pk]}  # fmt: skip
    resp = call(world.office, "POST", f"{api_base}/tasks", body)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "items"
    resp = call(world.office, "POST", f"{api_base}/tasks", body | {"campaign": camp_b.pk, "items": []})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "campaign"
    assert call(world.head, "POST", f"{api_base}/tasks", body | {"items": []}).status_code == 403
    assert not Task.objects.exists()


def test_bulk_assign(world, call, api_base, camp, std):
    items = [i.pk for i in std.items.order_by("order")[:4]]
    body = {"assignments": [{"items": items[:2], "department": world.a_med.pk, "deadline": "2026-06-30"},
                            {"items": items[2:], "department": world.a_surg.pk, "deadline": "2026-07-31"}]}  # fmt: skip
    resp = call(world.office, "POST", f"{api_base}/campaigns/{camp.pk}/assign", body)
    assert resp.status_code == 201 and len(resp.json()) == 4
    resp = call(
        world.office, "POST", f"{api_base}/campaigns/{camp.pk}/assign", body | {"combine": True, "title": "合并"}
    )
    assert len(resp.json()) == 2
    assert call(world.head, "POST", f"{api_base}/campaigns/{camp.pk}/assign", body).status_code == 403


@pytest.mark.parametrize("method,suffix,body", [
    ("GET", "", None),
    ("PATCH", "", {"title": "改"}),
    ("POST", "/archive", None),
])  # fmt: skip
def test_hospital_a_cannot_touch_hospital_b_tasks(world, call, api_base, tasks, method, suffix, body):
    for user in (world.office, world.head, world.staff):
        assert call(user, method, f"{api_base}/tasks/{tasks['b'].pk}{suffix}", body).status_code == 404
    assert Task.objects.get(pk=tasks["b"].pk).title == "中医院的任务"
