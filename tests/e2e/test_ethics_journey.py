"""Issue 14, acceptance 5 (the ethics parts), as one journey: a nurse self-evaluates on a 390 px
phone; the head grades his department of 30 by keyboard alone (no click after the page loads);
the committee reviews, types its scores by keyboard, publishes the 公示 and, once it is over,
makes the grades final."""

import datetime

import pytest
from playwright.sync_api import expect

from chuangwen.ethics import services
from chuangwen.ethics.models import Evaluation, EvaluationRow
from tests import factories as f

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def test_self_evaluation_department_grading_and_final(page, mobile_page, live_server, e2e_world):
    w, base = e2e_world, live_server.url
    for n in range(29):
        f.person(w.a_med, name=f"护士{n:02d}")
    rules = services.ruleset_publish(rule_set=services.ruleset_create(unit=w.a, year=2026))
    evaluation = services.evaluation_open(unit=w.a, year=2026, rule_set=rules, departments=[w.a_med], by=w.office)
    for row in evaluation.rows.exclude(person=w.a_p1):  # the others' signed paper forms, entered by the office
        services.row_self_evaluate(row=row, by=w.office, text="遵守医德规范", grade="good", score=85, from_paper=True)

    # The nurse, on a phone: her own evaluation, self-evaluated.
    _as(mobile_page, base, w.staff)
    mobile_page.goto(f"{base}/ethics/")
    mobile_page.get_by_test_id("own-rows").get_by_role("link").first.click()
    mobile_page.get_by_label("自我评价").fill("一年来严格遵守《医务人员职业道德准则》，不收红包，热情服务患者。")
    mobile_page.get_by_label("良好").check()
    mobile_page.get_by_label("自评分").fill("85")
    mobile_page.get_by_test_id("self-save").click()
    expect(mobile_page.get_by_test_id("self-saved")).to_be_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    mobile_page.screenshot(path=str(ARTIFACTS / "ethics_self_evaluation_390.png"), full_page=True)

    # The head: 30 people, department and patients' scores, by keyboard alone.
    _as(page, base, w.head)
    page.goto(f"{base}/ethics/evaluations/{evaluation.pk}/grade/")
    expect(page.get_by_test_id("grade-row")).to_have_count(30)
    expect(page.locator("[data-cw-cell]").first).to_be_focused()
    for _column in range(2):
        for _row in range(30):
            page.keyboard.type("85")
            page.keyboard.press("Enter")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("已保存 30 人")
    page.screenshot(path=str(ARTIFACTS / "ethics_department_grade.png"), full_page=True)
    assert EvaluationRow.objects.filter(evaluation=evaluation, department_score=85, patients_score=85).count() == 30

    # The committee: review, its scores by keyboard, 公示, then final.
    _as(page, base, w.office)
    page.goto(f"{base}/ethics/evaluations/{evaluation.pk}/")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("step-review").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("院考评小组评议")
    expect(page.get_by_test_id("blockers")).to_contain_text("30 人尚无等次")
    page.locator("input[data-cw-cell]").first.focus()
    for _row in range(30):
        page.keyboard.type("85")
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success")).to_contain_text("院考评小组意见已保存")
    expect(page.get_by_test_id("row-score").first).to_have_text("88.00")
    page.get_by_test_id("step-publicise").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("公示")
    Evaluation.objects.filter(pk=evaluation.pk).update(publicity_until=datetime.date(2026, 1, 5))  # the 公示 is over
    page.reload()
    page.get_by_test_id("step-finalise").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("已定等")
    assert set(EvaluationRow.objects.filter(evaluation=evaluation).values_list("grade", flat=True)) == {"good"}
