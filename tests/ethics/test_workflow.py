"""The yearly evaluation as a workflow: open → self → department → committee → 公示 → final,
each step by its role, and the quota (acceptance 2) and gap rules enforced."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chuangwen.ethics import services
from chuangwen.ethics.models import Evaluation, EvaluationRow
from chuangwen.scoring.models import Source
from chuangwen.scoring.services import entry_add
from tests import factories as f

from .conftest import all_scores


def test_opening_makes_a_row_per_active_person(world, rules):
    f.person(world.a_med, name="退休者", is_active=False)
    evaluation = services.evaluation_open(
        unit=world.a, year=2026, rule_set=rules, departments=[world.a_med, world.a_surg], by=world.office
    )
    assert set(evaluation.rows.values_list("person_id", flat=True)) == {world.a_p1.pk, world.a_p2.pk}
    with pytest.raises(ValidationError):
        services.evaluation_open(unit=world.a, year=2026, rule_set=rules, departments=[world.a_med], by=world.office)
    with pytest.raises(PermissionDenied):
        services.evaluation_open(unit=world.a, year=2027, rule_set=rules, departments=[world.a_med], by=world.head)


def test_a_draft_rule_set_cannot_open_an_evaluation(world):
    draft = services.ruleset_create(unit=world.a, year=2026)
    with pytest.raises(ValidationError) as e:
        services.evaluation_open(unit=world.a, year=2026, rule_set=draft, departments=[world.a_med])
    assert "rule_set" in e.value.message_dict


def test_self_evaluation_is_the_persons_own(world, evaluation):
    own = evaluation.rows.get(person=world.a_p1)
    other = evaluation.rows.get(person=world.a_p2)
    services.row_self_evaluate(row=own, by=world.staff, text="爱岗敬业，廉洁行医。", grade="excellent", score=95)
    own.refresh_from_db()
    assert (own.self_grade, own.self_score) == ("excellent", Decimal("95.00")) and own.self_at
    with pytest.raises(PermissionDenied):
        services.row_self_evaluate(row=other, by=world.staff, text="x", grade="good")
    with pytest.raises(ValidationError) as e:
        services.row_self_evaluate(row=own, by=world.staff, text="", grade="best", score=120)
    assert set(e.value.message_dict) == {"self_text", "self_grade", "self_score"}


def test_the_head_grades_his_department_all_or_nothing(world, evaluation):
    mine = evaluation.rows.get(person=world.a_p1)
    surgery = evaluation.rows.get(person=world.a_p2)
    with pytest.raises(PermissionDenied):
        services.rows_department_grade(
            evaluation=evaluation, by=world.head, values={surgery.pk: {"department_score": 90}}
        )
    extra = EvaluationRow.objects.create(
        evaluation=evaluation, person=f.person(world.a_med, name="赵敏"), department=world.a_med
    )
    with pytest.raises(ValidationError) as e:
        services.rows_department_grade(
            evaluation=evaluation,
            by=world.head,
            values={mine.pk: {"department_score": 90}, extra.pk: {"department_score": "九十"}},
        )
    assert "赵敏" in e.value.messages[0]
    mine.refresh_from_db()
    assert mine.department_score is None  # nothing half-written
    n = services.rows_department_grade(
        evaluation=evaluation,
        by=world.head,
        values={mine.pk: {"department_score": 90, "patients_score": 92, "comment": "服务热情"}, extra.pk: {}},
    )
    mine.refresh_from_db()
    assert n == 1 and mine.department_score == 90 and mine.department_by == world.head


def test_grading_reads_components_the_daily_record_and_vetoes(world, evaluation, red_envelope):
    p1, p2 = evaluation.rows.get(person=world.a_p1), evaluation.rows.get(person=world.a_p2)
    all_scores(p1, 92)
    all_scores(p2, 92)
    entry_add(unit=world.a, person=world.a_p2, points=-5, source=Source.COMPLAINT, reason="查实投诉：态度生硬",
              occurred_on=datetime.date(2026, 4, 1))  # fmt: skip
    services.record_entry_add(
        person=world.a_p2, points=2, reason="主动退还患者红包", occurred_on=datetime.date(2026, 6, 1), by=world.office
    )
    entry_add(unit=world.a, person=world.a_p2, points=-9, source=Source.FINDING, reason="2025年的问题",
              occurred_on=datetime.date(2025, 12, 31))  # fmt: skip
    services.veto_record(
        person=world.a_p1, act=red_envelope, occurred_on=datetime.date(2026, 5, 12), facts="收受红包", by=world.office
    )
    services.evaluation_review(evaluation=evaluation, by=world.office)
    p1.refresh_from_db()
    p2.refresh_from_db()
    # a veto on a 93.6: 较差
    assert (p1.score, p1.veto, p1.suggested_grade) == (Decimal("93.60"), True, "poor")
    # 92 × 80% + record (100 − 5 + 2) × 20% = 93.0; deductions 5 → 良好
    assert (p2.deductions, p2.bonuses, p2.record_score, p2.score) == (5, 2, 97, Decimal("93.00"))
    assert p2.suggested_grade == "good"


def test_a_person_in_a_gap_is_reported_never_graded(world, evaluation):
    row = evaluation.rows.get(person=world.a_p2)
    all_scores(row, 65)
    entry_add(unit=world.a, person=world.a_p2, points=-27, source=Source.MANUAL, reason="多次违规",
              occurred_on=datetime.date(2026, 3, 3))  # fmt: skip
    all_scores(evaluation.rows.get(person=world.a_p1), 80)
    services.evaluation_review(evaluation=evaluation, by=world.office)
    row.refresh_from_db()
    # 65 × 80% + (100 − 27) × 20% = 66.6 with deductions 27: no rule applies
    assert (row.outcome, row.suggested_grade) == (EvaluationRow.Outcome.GAP, "")
    assert "66.60" in row.outcome_note and "27" in row.outcome_note
    with pytest.raises(ValidationError) as e:
        services.evaluation_publicise(evaluation=evaluation, by=world.office)
    assert "王强" in e.value.messages[0]
    with pytest.raises(ValidationError):  # a grade other than the (missing) suggestion needs a reason
        services.row_decide(row=row, by=world.office, grade="fair")
    services.row_decide(row=row, by=world.office, grade="fair", reason="院考评小组研究：扣分事项已整改")
    services.evaluation_publicise(evaluation=evaluation, by=world.office, start=datetime.date(2026, 12, 1))


def _hundred(world, rules):
    ward = f.department(world.a, "心内科")
    people = [f.person(ward, name=f"医生{n:03d}") for n in range(100)]
    evaluation = services.evaluation_open(unit=world.a, year=2026, rule_set=rules, departments=[ward], by=world.office)
    rows = {r.person_id: r for r in evaluation.rows.all()}
    for n, p in enumerate(people):
        all_scores(rows[p.pk], 95 if n < 20 else 85)
    services.evaluation_review(evaluation=evaluation, by=world.office)
    return evaluation


def test_quota_excess_refuses_publishing_until_resolved(world, rules):
    """Acceptance 2: 20 suggested 优秀 with a 15 % quota on 100."""
    evaluation = _hundred(world, rules)
    rows = list(evaluation.rows.select_related("person", "department"))
    assert sum(r.suggested_grade == "excellent" for r in rows) == 20
    with pytest.raises(ValidationError) as e:
        services.evaluation_publicise(evaluation=evaluation, by=world.office)
    assert "20" in e.value.messages[0] and "15" in e.value.messages[0]
    excellent = [r for r in rows if r.suggested_grade == "excellent"]
    for r in excellent[:4]:
        services.row_decide(row=r, by=world.office, grade="good", reason="名额所限，按综合排名")
    with pytest.raises(ValidationError):
        services.evaluation_publicise(evaluation=evaluation, by=world.office)
    services.row_decide(row=excellent[4], by=world.office, grade="good", reason="名额所限")
    services.evaluation_publicise(evaluation=evaluation, by=world.office, start=datetime.date(2026, 12, 1))
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.PUBLICITY


def test_publicity_objections_and_final(world, evaluation, monkeypatch):
    for r in evaluation.rows.all():
        all_scores(r, 80)
    services.evaluation_review(evaluation=evaluation, by=world.office)
    evaluation = services.evaluation_publicise(evaluation=evaluation, by=world.office, start=datetime.date(2026, 9, 30))
    # 5 working days from 30 September across the National Day holiday
    assert evaluation.publicity_until > datetime.date(2026, 10, 6)
    monkeypatch.setattr("chuangwen.ethics.services.evaluations.local_today", lambda: datetime.date(2026, 10, 8))
    objection = services.objection_file(evaluation=evaluation, by=world.staff, text="本科室等次评定程序不公开")
    with pytest.raises(PermissionDenied):
        services.objection_file(evaluation=evaluation, by=world.nobody, text="x")
    with pytest.raises(ValidationError):
        services.evaluation_finalise(evaluation=evaluation, by=world.office, today=evaluation.publicity_until)
    after = evaluation.publicity_until + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):  # unanswered objection
        services.evaluation_finalise(evaluation=evaluation, by=world.office, today=after)
    services.objection_answer(objection=objection, by=world.office, answer="已核实，评定按办法进行，结果维持")
    evaluation = services.evaluation_finalise(evaluation=evaluation, by=world.office, today=after)
    assert evaluation.status == Evaluation.Status.FINAL
    row = evaluation.rows.first()
    with pytest.raises(ValidationError):  # frozen
        services.row_decide(row=row, by=world.office, grade="poor", reason="x")


def test_rule_sets_are_versioned_and_frozen(world, rules):
    with pytest.raises(ValidationError):
        services.ruleset_publish(rule_set=rules)
    with pytest.raises(ValidationError):
        services.ruleset_new_version(rule_set=rules, reason=" ")
    v2 = services.ruleset_new_version(rule_set=rules, reason="按2025年版职业道德准则修订", by=world.office)
    assert (v2.version, v2.status, v2.components.count(), v2.grade_rules.count()) == (2, "draft", 5, 8)
    services.ruleset_publish(rule_set=v2, by=world.office)
    rules.refresh_from_db()
    assert rules.status == "superseded" and rules.history.count() >= 2


def test_weights_must_add_up_to_100(world):
    draft = services.ruleset_create(unit=world.a, year=2027, weights={"self": 10, "department": 50})
    check = services.ruleset_check(draft)
    assert check["errors"] and "60" in check["errors"][0]
    with pytest.raises(ValidationError):
        services.ruleset_publish(rule_set=draft)
