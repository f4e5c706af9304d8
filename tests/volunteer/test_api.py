"""The volunteer API: the same scope as the pages (404 outside, 403 visible but not yours),
hours created and withdrawn, totals, rules, and the import's validate and commit."""

import json
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.volunteer import services
from chuangwen.volunteer.models import ServiceHours

from . import factories as vf
from .conftest import MAPPING, xlsx


def test_hours_create_list_withdraw(hospital, today, call):
    w = hospital
    body = {"person": w.a_p1.pk, "hours": "3.5", "served_on": "2026-03-05", "event_name": "学雷锋"}
    response = call(w.office, "post", "/api/volunteer/hours", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert call(w.office, "post", "/api/volunteer/hours", {**body, "served_on": "2026-12-01"}).status_code == 422
    assert call(w.head, "post", "/api/volunteer/hours", body).status_code == 403
    assert call(w.b_office, "post", "/api/volunteer/hours", body).status_code == 422  # person not found
    assert [r["id"] for r in call(w.staff, "get", "/api/volunteer/hours").json()["items"]] == [pk]
    assert call(w.b_office, "get", "/api/volunteer/hours").json()["items"] == []
    assert call(w.b_office, "post", f"/api/volunteer/hours/{pk}/withdraw", {"reason": "x"}).status_code == 404
    assert call(w.staff, "post", f"/api/volunteer/hours/{pk}/withdraw", {"reason": "x"}).status_code == 403
    response = call(w.office, "post", f"/api/volunteer/hours/{pk}/withdraw", {"reason": "重复登记"})
    assert response.status_code == 200 and response.json()["withdrawn_reason"] == "重复登记"


def test_totals_and_rules(hospital, today, call):
    w = hospital
    services.rule_set(unit=w.a, user=w.office, year=2026, kind="each_month", target=Decimal("3"))
    services.star_levels_seed(unit=w.a)
    vf.hours(w.a_p1, served_on=date(2026, 10, 1), hours="4")
    totals = call(w.office, "get", f"/api/volunteer/totals?unit={w.a.pk}&year=2026").json()
    people = {p["name"]: p for p in totals["people"]}
    assert set(people) == {"李娜", "王强", "赵敏", "陈主任"}
    assert Decimal(people["李娜"]["months"][9]) == 4 and 10 not in people["李娜"]["short_months"]
    assert people["王强"]["short_months"] == list(range(1, 11))
    head = call(w.head, "get", "/api/volunteer/totals?year=2026").json()
    assert {p["name"] for p in head["people"]} == {"李娜", "赵敏", "陈主任"}
    assert call(w.b_office, "get", f"/api/volunteer/totals?unit={w.a.pk}").status_code == 422
    rules = call(w.staff, "get", "/api/volunteer/rules?year=2026").json()
    assert rules["rules"][0]["kind"] == "each_month" and len(rules["stars"]) == 5


def test_import_validate_then_commit(hospital, today, call):
    w = hospital
    rows = [("李娜", w.a_p1.employee_no, "2026-03-05", 3, "义诊", "R1"), ("无名", "", "2026-03-05", "x", "义诊", "R2")]

    def upload(data):
        return {"unit": w.a.pk, "mapping": json.dumps(MAPPING), "file": SimpleUploadedFile("p.xlsx", data)}

    refused = call(w.office, "post", "/api/volunteer/imports/validate", data=upload(xlsx(rows))).json()
    assert refused["status"] == "refused" and len(refused["errors"]) == 2
    assert call(w.office, "post", f"/api/volunteer/imports/{refused['id']}/commit").status_code == 422
    good = call(w.office, "post", "/api/volunteer/imports/validate", data=upload(xlsx(rows[:1]))).json()
    assert good["status"] == "validated" and good["new_rows"] == 1
    assert call(w.b_office, "post", f"/api/volunteer/imports/{good['id']}/commit").status_code == 404
    done = call(w.office, "post", f"/api/volunteer/imports/{good['id']}/commit").json()
    assert done["status"] == "committed" and ServiceHours.objects.count() == 1
    assert call(w.head, "post", "/api/volunteer/imports/validate", data=upload(xlsx(rows[:1]))).status_code == 403
    bad_mapping = {**upload(xlsx(rows[:1])), "mapping": "not json"}
    assert call(w.office, "post", "/api/volunteer/imports/validate", data=bad_mapping).status_code == 422


def test_events_and_the_bureau(hospital, today, call):
    w = hospital
    body = {"unit": w.a.pk, "title": "学雷锋", "kind": "便民服务", "held_on": "2026-03-05", "department": w.a_med.pk}
    assert call(w.office, "post", "/api/volunteer/events", body).status_code == 201
    assert call(w.office, "post", "/api/volunteer/events", {**body, "department": w.b_med.pk}).status_code == 422
    assert call(w.b_office, "post", "/api/volunteer/events", body).status_code == 422
    assert len(call(w.staff, "get", "/api/volunteer/events").json()["items"]) == 1
    vf.hours(w.a_p1, hours="6")
    units = call(w.supervisor, "get", "/api/volunteer/units?year=2026").json()["items"]
    a = next(u for u in units if u["unit_id"] == w.a.pk)
    assert Decimal(a["hours"]) == 6 and a["staff"] == 4
