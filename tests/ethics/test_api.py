"""The ethics API: same scope as the pages (404 outside, 403 visible but not yours), the whole
workflow through it, and the rule-set check."""

import datetime

from chuangwen.ethics import services

from .conftest import all_scores


def test_rule_set_and_its_check(world, rules, call):
    r = call(world.staff, "GET", f"/api/ethics/rule-sets/{rules.pk}")
    assert r.status_code == 200 and len(r.json()["components"]) == 5
    check = call(world.office, "GET", f"/api/ethics/rule-sets/{rules.pk}/check").json()
    assert check["errors"] == [] and check["problems"][0]["kind"] == "gap"
    assert call(world.supervisor, "GET", f"/api/ethics/rule-sets/{rules.pk}").status_code == 404


def test_rows_are_scoped(world, evaluation, call):
    own = evaluation.rows.get(person=world.a_p1)
    other = evaluation.rows.get(person=world.a_p2)
    assert [r["id"] for r in call(world.staff, "GET", f"/api/ethics/evaluations/{evaluation.pk}/rows").json()] == [
        own.pk
    ]
    assert call(world.staff, "GET", f"/api/ethics/rows/{other.pk}").status_code == 404
    assert len(call(world.office, "GET", f"/api/ethics/evaluations/{evaluation.pk}/rows").json()) == 2
    assert call(world.supervisor, "GET", f"/api/ethics/evaluations/{evaluation.pk}/rows").json() == []
    assert call(world.supervisor, "GET", f"/api/ethics/evaluations/{evaluation.pk}").status_code == 200


def test_the_workflow_through_the_api(world, evaluation, call):
    own = evaluation.rows.get(person=world.a_p1)
    r = call(world.staff, "POST", f"/api/ethics/rows/{own.pk}/self", {"text": "廉洁行医", "grade": "good", "score": 90})
    assert r.status_code == 200 and r.json()["self_grade"] == "good"
    grades = [{"row": own.pk, "department_score": 90, "patients_score": 91, "comment": "好"}]
    assert (
        call(world.staff, "POST", f"/api/ethics/evaluations/{evaluation.pk}/department-grades", grades).status_code
        == 403
    )
    r = call(world.head, "POST", f"/api/ethics/evaluations/{evaluation.pk}/department-grades", grades)
    assert r.status_code == 200 and r.json()[0]["department_score"] == "90.00"
    other = evaluation.rows.get(person=world.a_p2)
    bad = [{"row": other.pk, "department_score": 90}]
    r = call(world.head, "POST", f"/api/ethics/evaluations/{evaluation.pk}/department-grades", bad)
    assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("row")  # not in his scope
    for r in evaluation.rows.all():
        all_scores(r, 80)
    assert (
        call(world.head, "POST", f"/api/ethics/evaluations/{evaluation.pk}/step", {"step": "review"}).status_code == 403
    )
    r = call(world.office, "POST", f"/api/ethics/evaluations/{evaluation.pk}/step", {"step": "review"})
    assert r.status_code == 200 and r.json()["status"] == "review"
    r = call(world.office, "POST", f"/api/ethics/rows/{other.pk}/decide", {"grade": "excellent"})
    assert r.status_code == 422 and "王强" in r.content.decode()
    r = call(world.office, "POST", f"/api/ethics/rows/{other.pk}/decide", {"grade": "fair", "reason": "科室意见"})
    assert r.status_code == 200 and r.json()["grade"] == "fair"
    r = call(world.office, "POST", f"/api/ethics/evaluations/{evaluation.pk}/step", {"step": "publicise"})
    assert r.status_code == 200 and r.json()["status"] == "publicity"
    r = call(
        world.staff, "POST", f"/api/ethics/evaluations/{evaluation.pk}/objections", {"text": "请复核", "row": own.pk}
    )
    assert r.status_code == 201
    r = call(world.office, "POST", f"/api/ethics/objections/{r.json()['id']}/answer", {"answer": "已复核，维持"})
    assert r.status_code == 200 and r.json()["answered_at"]
    r = call(world.office, "POST", f"/api/ethics/evaluations/{evaluation.pk}/step", {"step": "finalise"})
    assert r.status_code == 422  # the 公示 is not over


def test_veto_through_the_api_marks_the_person(world, red_envelope, call):
    body = {"act": red_envelope.pk, "occurred_on": "2026-05-12", "facts": "收受红包"}
    assert call(world.head, "POST", f"/api/ethics/people/{world.a_p1.pk}/vetoes", body).status_code == 403
    r = call(world.office, "POST", f"/api/ethics/people/{world.a_p1.pk}/vetoes", body)
    assert r.status_code == 201 and r.json()["act_name"] == "收受患者红包"
    marks = call(world.office, "GET", f"/api/ethics/people/{world.a_p1.pk}/marks?year=2026").json()
    assert marks[0]["reason"] == "一票否决：收受患者红包（2026-05-12）"
    assert call(world.office, "POST", f"/api/ethics/people/{world.b_p1.pk}/vetoes", body).status_code == 404
    mistaken = services.veto_record(
        person=world.a_p2, act=red_envelope, occurred_on=datetime.date(2026, 1, 5), facts="误录", by=world.office
    )
    services.veto_withdraw(record=mistaken, by=world.office, reason="误录")
    assert call(world.office, "GET", f"/api/ethics/people/{world.a_p2.pk}/marks?year=2026").json() == []
