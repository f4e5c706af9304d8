"""The ethics pages: who sees what, the head's keyboard page (fixed queries), the committee's
page (quota excess), the rule page's check, the person's marks and the bureau's distribution."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.ethics import services
from chuangwen.ethics.models import EvaluationRow, VetoAct
from tests import factories as f

from .conftest import all_scores


def test_the_nurse_sees_her_row_only_and_self_evaluates(world, evaluation, login):
    client = login(world.staff)
    own = evaluation.rows.get(person=world.a_p1)
    other = evaluation.rows.get(person=world.a_p2)
    url = reverse("ethics:row", args=[evaluation.pk, own.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("ethics:row", args=[evaluation.pk, other.pk])).status_code == 404
    assert client.get(reverse("ethics:evaluation_grade", args=[evaluation.pk])).status_code == 403
    r = client.post(url, {"self_text": "遵守医德规范，不收红包。", "self_grade": "good", "self_score": "90"})
    assert r.status_code == 302
    own.refresh_from_db()
    assert own.self_grade == "good"
    assert client.get(reverse("ethics:person", args=[world.a_p2.pk])).status_code == 404


def _grade_page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_head_page_has_a_fixed_number_of_queries(world, evaluation, login, django_assert_num_queries):
    client = login(world.head)
    url = reverse("ethics:evaluation_grade", args=[evaluation.pk])
    few = _grade_page_queries(client, url)
    for n in range(60):
        EvaluationRow.objects.create(
            evaluation=evaluation, person=f.person(world.a_med, name=f"护士{n}"), department=world.a_med
        )
    with django_assert_num_queries(few):
        r = client.get(url)
    body = r.content.decode()
    assert body.count('data-testid="grade-row"') == 61 and "王强" not in body  # surgery is not his


def test_head_saves_the_whole_department_at_once(world, evaluation, login):
    client = login(world.head)
    row = evaluation.rows.get(person=world.a_p1)
    url = reverse("ethics:evaluation_grade", args=[evaluation.pk])
    r = client.post(url, {f"d{row.pk}": "abc", f"p{row.pk}": "90"})
    assert "李娜" in r.content.decode() and 'data-testid="grade-errors"' in r.content.decode()
    r = client.post(url, {f"d{row.pk}": "91", f"p{row.pk}": "93", f"c{row.pk}": "工作认真"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert (row.department_score, row.patients_score) == (91, 93)


def test_committee_page_shows_the_quota_excess(world, rules, login):
    ward = f.department(world.a, "心内科")
    people = [f.person(ward, name=f"医生{n:03d}") for n in range(100)]
    evaluation = services.evaluation_open(unit=world.a, year=2026, rule_set=rules, departments=[ward], by=world.office)
    rows = {r.person_id: r for r in evaluation.rows.all()}
    for n, p in enumerate(people):
        all_scores(rows[p.pk], 95 if n < 20 else 85)
    services.evaluation_review(evaluation=evaluation, by=world.office)
    client = login(world.office)
    body = client.get(reverse("ethics:evaluation_review", args=[evaluation.pk])).content.decode()
    assert 'data-testid="quota-excess"' in body and "20" in body and "15" in body
    r = client.post(reverse("ethics:evaluation_step", args=[evaluation.pk]), {"step": "publicise"})
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "review"


def test_rule_page_reports_the_gap_on_save(world, login):
    draft = services.ruleset_create(unit=world.a, year=2027)
    client = login(world.office)
    url = reverse("ethics:rule_detail", args=[draft.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="rule-problem"' in body
    lines = "优秀：得分>=90，扣分<=0\n良好：得分>=80，扣分<15\n较差：一票否决\n较差：得分<60"
    weights = {"self": 10, "department": 30, "committee": 20, "patients": 20, "record": 20}
    data = {
        "rules_text": lines,
        "quota_scope": "unit",
        "excellent_quota": "15",
        **{f"w_{k}": v for k, v in weights.items()},
    }
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert "优秀、良好" in body or "overlap" in body or 'data-testid="rule-problem"' in body
    r = client.post(url, {**data, "rules_text": "优秀：得分大于90"})
    assert "第" in r.content.decode() or "Line 1" in r.content.decode()
    assert client.post(reverse("ethics:rule_publish", args=[draft.pk])).status_code == 302
    assert login(world.head).post(url, data).status_code == 403


def test_the_veto_shows_on_the_persons_page_and_in_the_api(world, red_envelope, login, call):
    services.veto_record(
        person=world.a_p1, act=red_envelope, occurred_on=datetime.date(2026, 5, 12), facts="收受红包", by=world.office
    )
    year = datetime.date.today().year
    body = login(world.office).get(reverse("ethics:person", args=[world.a_p1.pk])).content.decode()
    if year in (2026, 2027):
        assert "一票否决：收受患者红包（2026-05-12）" in body
    r = call(world.staff, "GET", f"/api/ethics/people/{world.a_p1.pk}/marks?year=2026")
    assert r.status_code == 200 and r.json()[0]["kind"] == "veto"
    assert call(world.supervisor, "GET", f"/api/ethics/people/{world.a_p1.pk}/marks?year=2026").json() == []
    assert call(world.staff, "GET", f"/api/ethics/people/{world.b_p1.pk}/marks?year=2026").status_code == 404


def test_office_records_a_veto_and_an_entry_from_the_page(world, red_envelope, login):
    client = login(world.office)
    url = reverse("ethics:person_veto", args=[world.a_p2.pk])
    r = client.post(
        url, {"act": red_envelope.pk, "occurred_on": "2026-03-02", "facts": "收受患者家属红包500元，已退还"}
    )
    assert r.status_code == 302
    r = client.post(
        reverse("ethics:person_entry", args=[world.a_p2.pk]),
        {"points": "2", "occurred_on": "2026-03-03", "reason": "拒收红包"},
    )
    assert r.status_code == 302
    body = client.get(reverse("ethics:person", args=[world.a_p2.pk])).content.decode()
    assert "收受患者家属红包500元" in body and "拒收红包" in body
    assert (
        login(world.head).post(url, {"act": red_envelope.pk, "occurred_on": "2026-03-02", "facts": "x"}).status_code
        == 404
    )


def test_bureau_sees_the_distribution_not_the_rows(world, evaluation, login):
    for r in evaluation.rows.all():
        all_scores(r, 80)
    services.evaluation_review(evaluation=evaluation, by=world.office)
    services.evaluation_publicise(evaluation=evaluation, by=world.office)
    client = login(world.supervisor)
    body = client.get(reverse("ethics:bureau") + "?year=2026").content.decode()
    assert "青溪县人民医院" in body and "李娜" not in body
    row = evaluation.rows.first()
    assert client.get(reverse("ethics:row", args=[evaluation.pk, row.pk])).status_code == 404
    assert client.get(reverse("ethics:evaluation_summary", args=[evaluation.pk])).status_code == 403


def test_org_staff_page_shows_the_marks_block(world, red_envelope, login):
    day = datetime.date.today().replace(month=1, day=2)
    services.veto_record(person=world.a_p1, act=red_envelope, occurred_on=day, facts="收受红包", by=world.office)
    body = login(world.office).get(reverse("org:person_detail", args=[world.a_p1.pk])).content.decode()
    assert 'data-testid="ethics-marks"' in body and "一票否决：收受患者红包" in body
    body = login(world.supervisor).get(reverse("org:person_detail", args=[world.a_p1.pk])).content.decode()
    assert 'data-testid="ethics-marks"' not in body


def test_the_office_extends_the_veto_acts(world, login):
    client = login(world.office)
    assert client.post(reverse("ethics:veto_act_create"), {"name": "利用职务之便谋取私利"}).status_code == 302
    body = client.get(reverse("ethics:rules")).content.decode()
    assert "利用职务之便谋取私利" in body and "收受患者红包" in body
    client.post(reverse("ethics:veto_act_create"), {"name": "收受患者红包"})
    assert VetoAct.objects.filter(name="收受患者红包").count() == 1
    assert login(world.head).post(reverse("ethics:veto_act_create"), {"name": "x"}).status_code == 403
    assert not VetoAct.objects.filter(name="x").exists()
