"""Chinese search: by the complainant's name (only where it may be seen), the department, words of
the text, the reference; every whitespace-separated term must match. Runs on SQLite and, with
DATABASE_URL, on PostgreSQL through the trigram index."""

import pytest
from django.db import connection
from django.urls import reverse

from chuangwen.feedback import search, services
from chuangwen.feedback.models import Complaint


@pytest.fixture
def three(world, make):
    return [
        make(content="门诊输液室护士态度生硬，问话不理睬", complainant_name="张三丰", department=world.a_med),
        make(
            content="收费项目不清楚，多收了检查费", complainant_name="李娜", department=world.a_surg, category="charges"
        ),
        make(content="卫生间不干净，门诊楼二楼地面湿滑", complainant_name="欧阳明月", department=None),
    ]


def _found(world, q, user=None):
    return set(search.search(Complaint.objects.all(), q, user or world.office))


@pytest.mark.parametrize(
    "q,expected",
    [
        ("张三丰", {0}),
        ("李娜", {1}),
        ("欧阳明", {2}),
        ("外科", {1}),
        ("内科", {0}),
        ("态度生硬", {0}),
        ("收费", {1}),
        ("门诊", {0, 2}),
        ("门诊 卫生间", {2}),
        ("门诊　态度", {0}),  # full-width space
        ("门诊 收费", set()),
        ("13812341234", {0, 1, 2}),
    ],
)
def test_search(world, three, q, expected):
    assert _found(world, q) == {three[i] for i in expected}


def test_reference(world, three):
    assert _found(world, three[1].reference) == {three[1]}


def test_a_masked_name_cannot_be_found_by_searching_it(world, three):
    assert _found(world, "张三丰", world.inspector) == set()
    assert _found(world, "态度生硬", world.inspector) == {three[0]}
    services.complaint_assign(complaint=three[0], handler=world.inspector, user=world.office)
    assert _found(world, "张三丰", world.inspector) == {three[0]}


def test_search_text_follows_the_department_on_assignment(world, three):
    services.complaint_assign(
        complaint=three[2], handler=world.head, handling_department=world.a_surg, user=world.office
    )
    assert three[2] in _found(world, "外科")


def test_search_box_on_the_list(world, login, three):
    resp = login(world.office).get(reverse("feedback:complaint_list"), {"q": "收费 检查费"})
    assert list(resp.context["object_list"]) == [three[1]]


def test_api_search(world, call, three):
    items = call(world.office, "get", "/api/feedback/complaints?q=卫生间").json()["items"]
    assert [i["id"] for i in items] == [three[2].pk]


def test_search_index_per_database(world, three):
    """PostgreSQL serves 包含 searches from the trigram indexes; SQLite has none (plain LIKE scan)
    and the search still answers the same."""
    assert [c.pk for c in Complaint.objects.filter(search_text__icontains="态度生硬")]
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'feedback_complaint'")
            assert not {r[0] for r in cur.fetchall()} & {"complaint_search_trgm", "complaint_name_trgm"}
        return
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'feedback_complaint'")
        names = {r[0] for r in cur.fetchall()}
        assert {"complaint_search_trgm", "complaint_name_trgm"} <= names
        cur.execute("SET enable_seqscan = off")
        qs = Complaint.objects.filter(search_text__icontains="态度生硬")
        sql, params = qs.query.sql_with_params()
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("SET enable_seqscan = on")
    assert "complaint_search_trgm" in plan
