"""Org endpoints: what they answer, validation errors, history, pagination and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from chuangwen.org.models import Person
from tests import factories as f


def envelope():
    with translation.override("zh-hans"):
        return gettext("Invalid request data")


def errors_by_field(response):
    body = response.json()
    assert response.status_code == 422, body
    assert body["message"] == envelope()
    return {e["field"]: e["message"] for e in body["errors"]}


def test_me_lists_roles_and_linked_person(world, call):
    body = call(world.staff, "get", "/api/org/me").json()
    assert body["user"]["username"] == "staff"
    assert body["roles"] == ["staff"]
    assert body["memberships"][0]["unit_id"] == world.a.pk
    assert body["person"]["id"] == world.a_p1.pk


def test_units_filter_by_q_and_category(world, call):
    body = call(world.admin, "get", "/api/org/units?category=tcm").json()
    assert [u["id"] for u in body["items"]] == [world.b.pk]
    body = call(world.admin, "get", "/api/org/units?q=临川").json()
    assert [u["id"] for u in body["items"]] == [world.c.pk]


def test_departments_filter_by_unit_kind_q(world, call):
    f.department(world.a, "药剂科", kind="medtech")
    body = call(world.supervisor, "get", f"/api/org/departments?unit={world.a.pk}&kind=medtech").json()
    assert [d["name"] for d in body["items"]] == ["药剂科"]
    body = call(world.supervisor, "get", "/api/org/departments?q=外").json()
    assert {d["id"] for d in body["items"]} == {world.a_surg.pk, world.b_surg.pk}


def test_people_filters(world, call):
    world.a_p2.political_status = Person.Political.CPC
    world.a_p2.save()
    rows = call(world.office, "get", "/api/org/people?political_status=cpc").json()["items"]
    assert [p["id"] for p in rows] == [world.a_p2.pk]
    rows = call(world.office, "get", f"/api/org/people?department={world.a_med.pk}").json()["items"]
    assert [p["id"] for p in rows] == [world.a_p1.pk]
    rows = call(world.office, "get", "/api/org/people?q=13800000001").json()["items"]
    assert [p["id"] for p in rows] == [world.a_p1.pk]
    assert call(world.office, "get", "/api/org/people?is_active=false").json()["count"] == 0


def test_people_pagination_50_by_default_200_at_most(world, call):
    for i in range(210):
        f.person(world.a_med, name=f"职工{i}")
    body = call(world.office, "get", "/api/org/people").json()
    assert len(body["items"]) == 50 and body["count"] == 212
    assert len(call(world.office, "get", "/api/org/people?page_size=500").json()["items"]) == 200
    assert len(call(world.office, "get", "/api/org/people?page=5").json()["items"]) == 12


def _queries(call, user, path):
    call(user, "get", path)  # first call creates the token and stamps last_used_at
    with CaptureQueriesContext(connection) as ctx:
        assert call(user, "get", path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/api/org/people", "/api/org/departments", "/api/org/units"])
def test_lists_use_a_fixed_number_of_queries(world, call, path, django_assert_num_queries):
    few = _queries(call, world.admin, path)
    for i in range(30):
        d = f.department(world.b, f"科室{i}", head=world.b_p1)
        f.person(d, name=f"职工{i}")
    # token + memberships + count + page: the same however many rows the page holds
    with django_assert_num_queries(few):
        assert call(world.admin, "get", path + "?page_size=100").status_code == 200
    assert few == 4


def test_create_person_returns_201_and_saves(world, call):
    body = {
        "unit": world.a.pk,
        "department": world.a_surg.pk,
        "employee_no": "A0100",
        "name": "赵敏",
        "gender": "F",
        "phone": "13912345678",
        "political_status": "league",
        "hired_on": "2020-09-01",
    }
    r = call(world.office, "post", "/api/org/people", body)
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    assert (person.unit, person.department, person.gender, str(person.hired_on)) == (
        world.a,
        world.a_surg,
        "F",
        "2020-09-01",
    )
    assert person.history.get().history_user == world.office


def test_validation_error_names_the_fields_sent(world, call):
    body = {"unit": world.a.pk, "department": world.a_med.pk, "gender": "X", "hired_on": "去年"}
    errors = errors_by_field(call(world.office, "post", "/api/org/people", body))
    assert set(errors) == {"employee_no", "name", "gender", "hired_on"}
    assert errors["name"] == "这个字段是必填项。"


def test_invalid_query_parameter_is_422(world, call):
    errors = errors_by_field(call(world.office, "get", "/api/org/people?political_status=none&page=x"))
    assert set(errors) == {"political_status", "page"}


def test_bad_phone_is_422_on_phone_in_chinese(world, call):
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"phone": "12345"})
    assert errors_by_field(r) == {"phone": "请输入有效的手机号或固定电话。"}


def test_too_long_value_is_422_from_model_validation(world, call):
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"employee_no": "9" * 30})
    assert list(errors_by_field(r)) == ["employee_no"]


def test_duplicate_employee_no_is_422(world, call):
    body = {"unit": world.a.pk, "department": world.a_med.pk, "employee_no": world.a_p2.employee_no, "name": "赵敏"}
    errors = errors_by_field(call(world.office, "post", "/api/org/people", body))
    assert errors == {"employee_no": f"工号 {world.a_p2.employee_no} 在本单位已被使用。"}
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"employee_no": world.a_p2.employee_no})
    assert list(errors_by_field(r)) == ["employee_no"]


def test_person_in_department_of_another_unit_is_422(world, call):
    body = {"unit": world.a.pk, "department": world.b_med.pk, "employee_no": "A0101", "name": "赵敏"}
    # The admin sees B's department: the model's own rule answers.
    assert errors_by_field(call(world.admin, "post", "/api/org/people", body)) == {"department": "该科室属于其他单位。"}
    # The office of A cannot see it: the same field, as for a missing id.
    assert list(errors_by_field(call(world.office, "post", "/api/org/people", body))) == ["department"]
    r = call(world.admin, "patch", f"/api/org/people/{world.a_p1.pk}", {"department": world.c_med.pk})
    assert errors_by_field(r) == {"department": "该科室属于其他单位。"}
    assert not Person.objects.filter(employee_no="A0101").exists()


def test_duplicate_department_name_is_422(world, call):
    r = call(world.office, "post", "/api/org/departments", {"unit": world.a.pk, "name": "内科"})
    assert list(errors_by_field(r)) == ["name"]
    r = call(world.office, "patch", f"/api/org/departments/{world.a_surg.pk}", {"name": "内科"})
    assert list(errors_by_field(r)) == ["name"]


def test_department_head_must_be_of_the_unit(world, call):
    r = call(world.office, "patch", f"/api/org/departments/{world.a_med.pk}", {"head": world.b_p1.pk})
    assert list(errors_by_field(r)) == ["head"]
    r = call(world.office, "patch", f"/api/org/departments/{world.a_med.pk}", {"head": world.a_p1.pk})
    assert r.status_code == 200
    assert r.json()["head_name"] == "李娜"
    r = call(world.office, "patch", f"/api/org/departments/{world.a_med.pk}", {"head": None})
    assert r.json()["head_id"] is None


def test_patch_changes_only_fields_sent(world, call):
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"title": "主任医师"})
    assert r.status_code == 200
    world.a_p1.refresh_from_db()
    assert (world.a_p1.title, world.a_p1.phone, world.a_p1.name) == ("主任医师", "13800000001", "李娜")


def test_patch_through_token_records_acting_user_in_history(world, call):
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"position": "护士长"})
    assert r.status_code == 200
    latest = world.a_p1.history.order_by("-history_date").first()
    assert latest.position == "护士长"
    assert latest.history_user == world.office
    r = call(world.office, "patch", f"/api/org/departments/{world.a_med.pk}", {"phone": "0791-1234567"})
    assert world.a_med.history.order_by("-history_date").first().history_user == world.office


def test_failed_write_leaves_nothing_behind(world, call):
    before = world.a_p1.history.count()
    r = call(world.office, "patch", f"/api/org/people/{world.a_p1.pk}", {"name": "", "title": "主任医师"})
    assert r.status_code == 422
    world.a_p1.refresh_from_db()
    assert world.a_p1.title == "" and world.a_p1.history.count() == before
