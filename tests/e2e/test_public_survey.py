"""A patient on a phone (390 px, touch): scan the QR code of 内科, answer, submit, thanks — with no
account. A double tap stores one response; a tampered code shows the "invalid QR code" page."""

import pytest
from playwright.sync_api import expect

from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services
from chuangwen.surveys.models import Question, Response

pytestmark = pytest.mark.browser


@pytest.fixture
def survey_url(e2e_world, live_server):
    w = e2e_world
    survey = services.default_templates_create(unit=w.a, user=w.office)[0]
    token = SURVEY.link(unit_id=w.a.pk, department_id=w.a_med.pk, template_id=survey.pk)
    return survey, f"{live_server.url}/s/{token}/"


def test_patient_answers_on_a_phone(mobile_page, survey_url):
    survey, url = survey_url
    page = mobile_page
    page.goto(url)
    expect(page.get_by_test_id("public-header")).to_contain_text("青溪县人民医院")
    expect(page.get_by_test_id("public-header")).to_contain_text("内科")
    # Submitting nothing names every required question.
    page.get_by_test_id("submit").click()
    required = survey.questions.filter(required=True, is_active=True).count()
    expect(page.get_by_test_id("question-error")).to_have_count(required)
    assert not Response.objects.exists()

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
    questions = page.get_by_test_id("question")
    kinds = list(survey.questions.filter(is_active=True).order_by("order", "id").values_list("kind", flat=True))
    for i, kind in enumerate(kinds):
        q = questions.nth(i)
        if kind == Question.Kind.RATING:
            button = q.get_by_test_id("rate-5" if i % 2 else "rate-4")
            box = button.bounding_box()
            assert box["height"] >= 48 and box["width"] >= 56, box
            button.tap()
        else:
            q.locator("label.sv-option").first.tap()
    page.locator("#sv-suggestion").fill("门诊挂号排队有点久，其他都很好")
    page.get_by_test_id("submit").dblclick()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert Response.objects.count() == 1
    resp = Response.objects.get()
    assert resp.suggestion == "门诊挂号排队有点久，其他都很好" and resp.department.name == "内科"


def test_same_form_sent_twice_stores_one(mobile_page, survey_url):
    survey, url = survey_url
    page = mobile_page
    page.goto(url)
    for label in page.get_by_test_id("rate-3").all():
        label.tap()
    for q in page.get_by_test_id("question").all():
        options = q.locator("label.sv-option")
        if options.count():
            options.first.tap()
    # Two submissions of the very same form (a double tap that beat the button lock).
    statuses = page.evaluate(
        """async () => {
            const form = document.getElementById("sv-form");
            const send = () => fetch(location.href, {method: "POST", body: new FormData(form), redirect: "manual"});
            const rs = await Promise.all([send(), send()]);
            return rs.map(r => r.status);
        }"""
    )
    assert len(statuses) == 2
    assert Response.objects.count() == 1


def test_tampered_code_shows_invalid_page(mobile_page, survey_url):
    _survey, url = survey_url
    mobile_page.goto(url.replace("/s/", "/s/9").rstrip("/") + "x/")
    expect(mobile_page.get_by_test_id("invalid")).to_be_visible()
    expect(mobile_page.get_by_test_id("question")).to_have_count(0)
