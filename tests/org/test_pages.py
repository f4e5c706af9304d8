"""Org pages: what each role sees, what it may change, and fixed query counts."""

import pytest
from django.urls import reverse

from chuangwen.org.models import Department, Person

from .. import factories as f
from ..core.test_scoping import EXPECTED


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_person_detail_inside_and_outside_scope(world, login, role):
    client = login(getattr(world, role))
    visible = EXPECTED[role]["people"]
    for name in ("a_p1", "a_p2", "b_p1", "c_p1"):
        person = getattr(world, name)
        resp = client.get(reverse("org:person_detail", args=[person.pk]))
        assert resp.status_code == (200 if name in visible else 404), (role, name)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_person_edit_inside_and_outside_scope(world, login, role):
    client = login(getattr(world, role))
    may_change = EXPECTED[role]["people_change"]
    for name in ("a_p1", "b_p1", "c_p1"):
        person = getattr(world, name)
        resp = client.post(
            reverse("org:person_update", args=[person.pk]),
            {
                "employee_no": person.employee_no,
                "name": "改名",
                "department": person.department_id,
                "political_status": "masses",
                "is_active": "on",
            },
        )
        person.refresh_from_db()
        if name in may_change:
            assert resp.status_code == 302, (role, name, resp.content[:300])
            assert person.name == "改名"
        else:
            assert resp.status_code == 404, (role, name)
            assert person.name != "改名"


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_person_list_shows_only_scope(world, login, role):
    client = login(getattr(world, role))
    resp = client.get(reverse("org:person_list"))
    assert resp.status_code == 200
    shown = {p.pk for p in resp.context["object_list"]}
    expected = {getattr(world, n).pk for n in EXPECTED[role]["people"]}
    assert shown == expected


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_department_list_shows_only_scope(world, login, role):
    client = login(getattr(world, role))
    resp = client.get(reverse("org:department_list"))
    shown = {d.pk for d, _ in resp.context["rows"]}
    assert shown == {getattr(world, n).pk for n in EXPECTED[role]["departments"]}


def test_department_edit_outside_scope_is_404(world, login):
    client = login(world.office)
    resp = client.post(reverse("org:department_update", args=[world.b_med.pk]), {"name": "X", "kind": "clinical"})
    assert resp.status_code == 404
    world.b_med.refresh_from_db()
    assert world.b_med.name == "内科"


def test_office_creates_department_in_own_unit_with_history(world, login):
    client = login(world.office)
    resp = client.post(
        reverse("org:department_create"),
        {"name": "儿科", "kind": "clinical", "sort_order": 3, "is_active": "on"},
    )
    assert resp.status_code == 302
    dept = Department.objects.get(name="儿科")
    assert dept.unit == world.a
    assert dept.history.get().history_user == world.office


def test_department_name_unique_per_unit_message(world, login):
    client = login(world.office)
    resp = client.post(reverse("org:department_create"), {"name": "内科", "kind": "clinical", "sort_order": 0})
    assert resp.status_code == 200
    assert "name" in resp.context["form"].errors or resp.context["form"].non_field_errors()


@pytest.mark.parametrize("role", ["head", "staff", "inspector", "supervisor", "secretary"])
def test_only_office_may_create(world, login, role):
    client = login(getattr(world, role))
    assert client.get(reverse("org:department_create")).status_code == 403
    assert client.get(reverse("org:person_create")).status_code == 403


def test_office_creates_person_and_rejects_foreign_department(world, login):
    client = login(world.office)
    data = {"employee_no": "9001", "name": "赵敏", "department": world.b_med.pk, "political_status": "cpc"}
    resp = client.post(reverse("org:person_create"), data)
    assert resp.status_code == 200 and "department" in resp.context["form"].errors
    data["department"] = world.a_med.pk
    resp = client.post(reverse("org:person_create"), data)
    assert resp.status_code == 302
    person = Person.objects.get(employee_no="9001", unit=world.a)
    assert person.history.get().history_user == world.office


def test_duplicate_employee_no_is_refused(world, login):
    client = login(world.office)
    data = {
        "employee_no": world.a_p2.employee_no,
        "name": "重复",
        "department": world.a_med.pk,
        "political_status": "masses",
    }
    resp = client.post(reverse("org:person_create"), data)
    assert resp.status_code == 200
    assert "employee_no" in resp.context["form"].errors


def test_supervisor_switches_unit_only_within_region(world, login):
    client = login(world.supervisor)
    assert client.post(reverse("org:unit_switch", args=[world.c.pk])).status_code == 404
    assert client.post(reverse("org:unit_switch", args=[world.b.pk])).status_code == 302
    resp = client.get(reverse("org:person_list"))
    assert {p.unit_id for p in resp.context["object_list"]} == {world.b.pk}
    client.post(reverse("org:unit_switch_all"))
    resp = client.get(reverse("org:person_list"))
    assert {p.unit_id for p in resp.context["object_list"]} == {world.a.pk, world.b.pk}


def test_forged_session_unit_falls_back_to_scope(world, login):
    client = login(world.office)
    session = client.session
    session["current_unit_id"] = world.b.pk
    session.save()
    resp = client.get(reverse("org:person_list"))
    assert {p.unit_id for p in resp.context["object_list"]} == {world.a.pk}


def test_person_list_filters(world, login):
    client = login(world.office)
    resp = client.get(reverse("org:person_list"), {"q": "李娜"})
    assert [p.pk for p in resp.context["object_list"]] == [world.a_p1.pk]
    resp = client.get(reverse("org:person_list"), {"department": world.a_surg.pk})
    assert [p.pk for p in resp.context["object_list"]] == [world.a_p2.pk]
    resp = client.get(reverse("org:person_list"), {"q": "13800000001"})
    assert [p.pk for p in resp.context["object_list"]] == [world.a_p1.pk]


def test_home_per_role(world, login):
    resp = login(world.office).get("/")
    assert resp.status_code == 200 and resp.context["stats"]["staff"] == 2
    resp = login(world.supervisor).get("/")
    assert {u.pk for u, _ in resp.context["unit_rows"]} == {world.bureau.pk, world.a.pk, world.b.pk}


def test_anonymous_is_sent_to_login(client, world):
    for url in ("/", reverse("org:person_list"), reverse("org:department_list")):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith("/login/")


@pytest.fixture
def big_unit(world):
    for i in range(8):
        d = f.department(world.a, f"科室{i}")
        for j in range(10):
            f.person(d, name=f"职工{i}{j}", employee_no=f"7{i}{j:02d}")
    return world


@pytest.mark.parametrize(
    "url_name,role",
    [
        ("org:person_list", "office"),
        ("org:person_list", "supervisor"),
        ("org:department_list", "office"),
        ("org:department_list", "supervisor"),
        ("org:unit_list", "supervisor"),
        ("home", "office"),
        ("home", "supervisor"),
    ],
)
def test_main_pages_have_fixed_query_count(big_unit, client, url_name, role, django_assert_max_num_queries):
    """The number of queries does not grow with the rows on the page."""
    client.force_login(getattr(big_unit, role))
    url = reverse(url_name)
    client.get(url)  # warm up session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url, {"page": 1})
    for i in range(8, 16):
        d = f.department(big_unit.a, f"新增{i}")
        for j in range(10):
            f.person(d, name=f"新增{i}{j}", employee_no=f"8{i}{j:02d}")
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"page": 1})
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # The home draws one panel per role (what's next); tests/dashboard/test_home_next.py holds
    # each role's exact count with more data waiting.
    assert len(small) <= (25 if url_name == "home" else 12)
