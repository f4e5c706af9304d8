"""The volunteer pages: fixed query counts whatever the number of rows, each role's scope, and
the office's writes through the pages (events, hours, correcting and withdrawing, targets)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangwen.volunteer import services
from chuangwen.volunteer.models import Event, ServiceHours, ServiceRule
from tests import factories as f

from . import factories as vf

PAGES = ["/volunteer/", "/volunteer/events/", "/volunteer/hours/", "/volunteer/rules/", "/volunteer/me/"]


def _fill(w, n):
    for i in range(n):
        p = f.person(w.a_med if i % 2 else w.a_surg, name=f"职工{i}")
        e = vf.event(w.a, title=f"义诊{i}")
        vf.hours(p, event=e, served_on=date(2026, 1 + i % 10, 3))
        vf.volunteer(p)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_pages_make_a_fixed_number_of_queries(hospital, today, login, url, django_assert_num_queries):
    w = hospital
    services.star_levels_seed(unit=w.a)
    vf.rule(w.a)
    vf.hours(w.a_p1, event=vf.event(w.a))
    client = login(w.office if url != "/volunteer/me/" else w.staff)
    few = _count(client, url)
    _fill(w, 12)
    with django_assert_num_queries(few):
        client.get(url)


def test_units_page_is_fixed_too(hospital, today, login, django_assert_num_queries):
    w = hospital
    client = login(w.supervisor)
    _fill(w, 1)
    few = _count(client, "/volunteer/units/")
    _fill(w, 6)
    f.person(f.department(f.unit(w.county_x, "青溪县妇幼保健院")), name="新人")
    with django_assert_num_queries(few):
        assert "青溪县妇幼保健院" in client.get("/volunteer/units/").content.decode()


def test_each_role_sees_its_own_scope(hospital, today, login):
    w = hospital
    vf.hours(w.a_p1, hours="3")
    vf.hours(w.a_p2, hours="5")
    office = login(w.office).get("/volunteer/?year=2026")
    assert {t.person.name for t in office.context["page_obj"]} == {"李娜", "王强", "赵敏", "陈主任"}
    head = login(w.head).get("/volunteer/?year=2026")
    assert {t.person.name for t in head.context["page_obj"]} == {"李娜", "赵敏", "陈主任"}  # 内科 only
    assert login(w.staff).get("/volunteer/").status_code == 302  # staff see their own page
    me = login(w.staff).get("/volunteer/me/?year=2026")
    assert me.context["total"].year == Decimal("3") and "王强" not in me.content.decode()
    hours = login(w.head).get("/volunteer/hours/")
    assert {h.person.name for h in hours.context["page_obj"]} == {"李娜"}
    assert login(w.b_office).get(f"/volunteer/hours/{ServiceHours.objects.first().pk}/").status_code == 404
    assert login(w.head).get("/volunteer/import/").status_code == 403


def test_the_office_records_an_event_and_its_hours(hospital, today, login):
    w = hospital
    client = login(w.office)
    response = client.post("/volunteer/events/", {"title": "三月学雷锋", "kind": "便民服务", "held_on": "2026-03-05",
                                                  "place": "门诊大厅", "department": w.a_med.pk})  # fmt: skip
    event = Event.objects.get()
    assert response.status_code == 302 and event.department == w.a_med
    url = f"/volunteer/events/{event.pk}/"
    client.post(url, {"person": w.a_p1.pk, "hours": "3.5", "served_on": "2026-03-05"})
    bad = client.post(url, {"person": w.a_p2.pk, "hours": "25", "served_on": "2026-03-05"})
    assert bad.status_code == 200 and bad.context["form"].errors["hours"]
    other = client.post(url, {"person": w.b_p1.pk, "hours": "2", "served_on": "2026-03-05"})
    assert "person" in other.context["form"].errors  # another hospital's staff: not a choice
    row = ServiceHours.objects.get()
    assert (row.person, row.hours, row.event) == (w.a_p1, Decimal("3.5"), event)
    client.post(f"/volunteer/hours/{row.pk}/", {"hours": "3", "served_on": "2026-03-05", "reason": "按签到表更正"})
    row.refresh_from_db()
    assert row.hours == Decimal("3")
    client.post(f"/volunteer/hours/{row.pk}/", {"action": "withdraw", "w-reason": "误登"})
    row.refresh_from_db()
    assert row.withdrawn_reason == "误登"
    assert login(w.head).post(url, {"person": w.a_p1.pk, "hours": "1", "served_on": "2026-03-05"}).status_code == 403


def test_the_office_sets_the_years_targets(hospital, today, login):
    w = hospital
    client = login(w.office)
    client.post("/volunteer/rules/", {"year": "2026", "each_month": "3", "average_year": "25", "basis": "邯郸市要求"})
    assert dict(ServiceRule.objects.filter(is_active=True).values_list("kind", "target")) == {
        "each_month": Decimal("3"),
        "average_year": Decimal("25"),
    }
    client.post("/volunteer/rules/", {"year": "2026", "each_month": "4"})
    rule = ServiceRule.objects.get(kind="average_year")
    assert not rule.is_active and rule.history.count() == 2
    bad = client.post("/volunteer/rules/", {"year": "2026", "registered_share": "120"})
    assert bad.status_code == 200 and ServiceRule.objects.filter(kind="registered_share").count() == 0
    client.post("/volunteer/rules/", {"year": "2026", "action": "stars", "levels": "一星, 50\n二星, 200"})
    assert [s.min_hours for s in services.star_levels_seed(unit=w.a)] == [50, 200]
